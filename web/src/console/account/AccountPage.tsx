import { App, Button, Card, Col, Descriptions, Flex, Form, Input, Popconfirm, Row, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useChangePassword, useCurrentUser, useLogout } from '../../api/auth.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { Page } from '../../components/Page.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

function ChangePassword() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const change = useChangePassword();
  const submit = ({ currentPassword, newPassword }: PasswordForm) =>
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('account.passwordChanged'));
        },
      },
    );
  const required = { required: true, message: t('account.required') };
  return (
    <Card title={t('account.changePassword')}>
      <ErrorAlert error={change.error} />
      <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[required]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('account.newPassword')} extra={t('account.newPasswordHint')} rules={[required, { min: 10, message: t('account.newPasswordHint') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            required,
            ({ getFieldValue }) => ({
              validator: (_, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const logout = useLogout();
  const logoutAll = useLogout(true);
  return (
    <Page title={t('account.title')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('account.displayName')}>{me.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('account.username')}>{me.username}</Descriptions.Item>
              <Descriptions.Item label={t('account.roles')}>
                <Flex wrap gap={4}>
                  {me.roles.map((grant) => (
                    <Tag key={`${grant.role}:${grant.areaId}`} color="blue">
                      {t(`account.roleNames.${grant.role}`)} · {grant.areaName}
                    </Tag>
                  ))}
                </Flex>
              </Descriptions.Item>
              <Descriptions.Item label={t('language.label')}>
                <LanguageSwitch size="middle" />
              </Descriptions.Item>
            </Descriptions>
            <Flex wrap gap={8} style={{ marginTop: 16 }}>
              <Button onClick={() => logout.mutate()} loading={logout.isPending} data-testid="logout">
                {t('common.logout')}
              </Button>
              <Popconfirm title={t('account.logoutAllConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => logoutAll.mutate()}>
                <Button danger loading={logoutAll.isPending}>
                  {t('account.logoutAll')}
                </Button>
              </Popconfirm>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <ChangePassword />
        </Col>
      </Row>
    </Page>
  );
}
