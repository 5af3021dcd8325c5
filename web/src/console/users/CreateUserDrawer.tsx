import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Flex, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
// Which roles a user may grant is one rule, kept beside the roles; plain data, no server code.
import { assignableRoles } from '../../../../src/platform/roles.ts';
import { useCreateUser, usernamePattern } from '../../api/accounts.ts';
import { useCurrentUser } from '../../api/auth.ts';
import { fieldErrors, showFieldErrors } from '../../api/fieldErrors.ts';
import { useAreas } from '../../api/places.ts';
import type { AreaView, UserCreate } from '../../api/types.ts';
import { errorText } from '../../components/ErrorResult.tsx';
import { useDrawerSize } from '../drawers/useDrawerSize.ts';

const levels: AreaView['level'][] = ['city', 'district', 'subdistrict', 'community', 'grid'];
const fieldOfCode = { USERNAME_TAKEN: 'username', PASSWORD_TOO_WEAK: 'password' } as const;

/** The areas the user sees, grouped by level, to hold a new account's roles. */
function useAreaOptions() {
  const { t } = useTranslation();
  const areas = useAreas({});
  const options = levels
    .map((level) => ({
      label: t(`area.levels.${level}`),
      title: level,
      options: (areas.data ?? []).filter((area) => area.level === level).map((area) => ({ value: area.id, label: area.name })),
    }))
    .filter((group) => group.options.length > 0);
  return { options, loading: areas.isLoading };
}

function RoleGrants() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const areas = useAreaOptions();
  const isAdmin = me.roles.some((grant) => grant.role === 'admin');
  const roleOptions = assignableRoles(isAdmin).map((role) => ({ value: role, label: t(`account.roleNames.${role}`) }));
  const required = { required: true, message: t('account.required') };
  return (
    <Form.List name="roles" initialValue={[{}]}>
      {(fields, { add, remove }) => (
        <Flex vertical>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="start">
              <Form.Item name={[field.name, 'role']} rules={[required]} style={{ flex: 2 }}>
                <Select placeholder={t('users.role')} options={roleOptions} aria-label={t('users.role')} />
              </Form.Item>
              <Form.Item name={[field.name, 'areaId']} rules={[required]} style={{ flex: 3 }}>
                <Select
                  placeholder={t('users.area')}
                  options={areas.options}
                  loading={areas.loading}
                  showSearch={{ optionFilterProp: 'label' }}
                  aria-label={t('users.area')}
                />
              </Form.Item>
              {fields.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />}
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
            {t('users.addRole')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

/** 新建账号: name, initial password and one or more (role, area) grants. */
export function CreateUserDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const size = useDrawerSize(520);
  const [form] = Form.useForm<UserCreate>();
  const create = useCreateUser();
  const placed = fieldErrors(create.error, fieldOfCode).length > 0;
  const submit = (values: UserCreate) =>
    create.mutate(values, {
      onSuccess: () => {
        void message.success(t('users.created'));
        form.resetFields();
        onClose();
      },
      onError: (error) => showFieldErrors(form, error, fieldOfCode),
    });
  const required = { required: true, message: t('account.required') };
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Drawer
      open={open}
      onClose={close}
      size={size}
      title={t('users.create')}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="user-create-submit">
            {t('users.create')}
          </Button>
        </Flex>
      }
    >
      {create.error && !placed && <Alert type="error" showIcon title={errorText(create.error)} style={{ marginBottom: 16 }} />}
      <Form<UserCreate> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="username"
          label={t('account.username')}
          extra={t('account.usernameHint')}
          rules={[required, { pattern: usernamePattern, message: t('account.usernameHint') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('account.displayName')} rules={[required, { max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={t('account.newPasswordHint')}
          rules={[required, { min: 10, message: t('account.newPasswordHint') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label={t('account.roles')} required>
          <RoleGrants />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
