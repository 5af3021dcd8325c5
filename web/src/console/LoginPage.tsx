import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { isResidentOnly, useConfig, useLogin, useMe } from '../api/auth.ts';
import type { LoginBody, Me } from '../api/types.ts';
import { DemoBadge } from '../components/DemoBadge.tsx';
import { errorText } from '../components/ErrorResult.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';

const demoPassword = 'linli-demo-2026';
const demoAccounts = ['admin', 'subdistrict', 'department', 'staff', 'grid', 'lead', 'property', 'resident'];

function DemoAccounts({ onPick }: { onPick: (username: string) => void }) {
  const { t } = useTranslation();
  const config = useConfig();
  if (!config.data?.demo) return null;
  return (
    <Alert
      type="info"
      showIcon
      title={t('login.demoTitle')}
      description={
        <>
          <div>{t('login.demoHint', { password: demoPassword })}</div>
          <Flex wrap gap={4} style={{ marginTop: 8 }}>
            {demoAccounts.map((username) => (
              <Button key={username} size="small" onClick={() => onPick(username)}>
                {username}
              </Button>
            ))}
          </Flex>
        </>
      }
      data-testid="demo-accounts"
    />
  );
}

function homeOf(me: Me): string {
  return isResidentOnly(me) ? '/m' : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const login = useLogin();
  const [form] = Form.useForm<LoginBody>();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  if (me.data) {
    const home = homeOf(me.data);
    const back = from && from !== '/login' && (home === '/m') === from.startsWith('/m') ? from : home;
    return <Navigate to={back} replace />;
  }
  return (
    <Flex vertical align="center" justify="center" gap={16} style={{ minHeight: '100dvh', padding: 16 }}>
      <Flex gap={8} align="center" style={{ position: 'absolute', top: 12, right: 16 }}>
        <DemoBadge />
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={3} style={{ marginTop: 0, color: '#1677ff' }}>
          {t('app.fullName')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
        {login.error && <Alert type="error" showIcon title={errorText(login.error)} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<LoginBody> form={form} layout="vertical" onFinish={(values) => login.mutate(values)} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Link to="/register" data-testid="register-link">
            {t('login.register')}
          </Link>
        </Flex>
      </Card>
      <div style={{ width: '100%', maxWidth: 400 }}>
        <DemoAccounts onPick={(username) => form.setFieldsValue({ username, password: demoPassword })} />
      </div>
    </Flex>
  );
}
