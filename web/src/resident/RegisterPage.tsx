import { Button, Form, Input, NavBar, Result, Space } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import { useRegister, usernamePattern } from '../api/accounts.ts';
import { isResidentOnly, useConfig, useMe } from '../api/auth.ts';
import { showFieldErrors } from '../api/fieldErrors.ts';
import type { RegisterBody } from '../api/types.ts';
import { DemoBadge } from '../components/DemoBadge.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { ClaimFields } from './ClaimFields.tsx';
import { MobileForm } from './MobileForm.tsx';
import { MobileFrame } from './MobileFrame.tsx';

const demoCommunityCode = '330212001001';
const fieldOfCode = { USERNAME_TAKEN: 'username', PASSWORD_TOO_WEAK: 'password', COMMUNITY_CODE_UNKNOWN: 'communityCode' } as const;

function RegisterForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const config = useConfig();
  const [form] = Form.useForm<RegisterBody>();
  const register = useRegister();
  const submit = (values: RegisterBody) =>
    register.mutate(values, { onSuccess: onDone, onError: (error) => showFieldErrors(form, error, fieldOfCode) });
  const required = { required: true, message: t('account.required') };
  const codeHint = (
    <>
      {t('register.communityCodeHint')}
      {config.data?.demo && <div data-testid="demo-community-code">{t('register.demoCode', { code: demoCommunityCode })}</div>}
    </>
  );
  return (
    <MobileForm<RegisterBody>
      form={form}
      onFinish={submit}
      error={register.error}
      pending={register.isPending}
      submitText={t('register.submit')}
      submitTestId="register-submit"
      fieldOfCode={fieldOfCode}
    >
      <Form.Header>{t('register.intro')}</Form.Header>
      <Form.Item
        name="username"
        label={t('login.username')}
        description={t('account.usernameHint')}
        rules={[required, { pattern: usernamePattern, message: t('account.usernameHint') }]}
      >
        <Input autoComplete="username" clearable />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('login.password')}
        description={t('account.newPasswordHint')}
        rules={[required, { min: 10, message: t('account.newPasswordHint') }]}
      >
        <Input type="password" autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="displayName" label={t('register.displayName')} description={t('register.displayNameHint')} rules={[required, { max: 40 }]}>
        <Input clearable />
      </Form.Item>
      <Form.Header />
      <Form.Item name="communityCode" label={t('register.communityCode')} description={codeHint} rules={[required]}>
        <Input clearable />
      </Form.Item>
      <ClaimFields />
    </MobileForm>
  );
}

/** 居民注册: a public phone page; the new account waits for someone who knows the resident to verify the address. */
export default function RegisterPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [done, setDone] = useState(false);
  // A signed-in user has an account already: send them home, as the login page does.
  if (me.data) return <Navigate to={isResidentOnly(me.data) ? '/m' : '/'} replace />;
  return (
    <MobileFrame>
      <NavBar
        onBack={() => navigate('/login')}
        right={
          <Space align="center" style={{ '--gap': '6px' }}>
            <DemoBadge />
            <LanguageSwitch />
          </Space>
        }
        className="linli-m-nav"
      >
        {t('register.title')}
      </NavBar>
      <main className="linli-m-body">
        {done ? (
          <Result
            status="waiting"
            title={t('register.doneTitle')}
            description={
              <Space direction="vertical" block style={{ '--gap': '16px' }}>
                <span>{t('register.doneBody')}</span>
                <Button block color="primary" size="large" onClick={() => navigate('/login')} data-testid="register-to-login">
                  {t('register.toLogin')}
                </Button>
              </Space>
            }
            data-testid="register-done"
          />
        ) : (
          <>
            <RegisterForm onDone={() => setDone(true)} />
            <Button block fill="none" color="primary" onClick={() => navigate('/login')}>
              {t('register.haveAccount')}
            </Button>
          </>
        )}
      </main>
    </MobileFrame>
  );
}
