import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../api/accounts.ts';
import type { UserView } from '../../api/types.ts';
import { Page } from '../../components/Page.tsx';
import { PagedTable } from '../../components/PagedTable.tsx';
import { useLocale } from '../../i18n/index.ts';
import { CreateUserDrawer } from './CreateUserDrawer.tsx';

/** 账号管理: the accounts under the areas the user manages, and new ones. */
export function UsersPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useUsers({ q: q || undefined });
  const none = t('common.none');
  const columns = [
    { key: 'username', title: t('account.username'), dataIndex: 'username' },
    { key: 'displayName', title: t('account.displayName'), dataIndex: 'displayName' },
    {
      key: 'roles',
      title: t('account.roles'),
      render: (_: unknown, row: UserView) => (
        <Flex wrap gap={4}>
          {row.roles.map((grant) => (
            <Tag key={`${grant.role}:${grant.areaId}`} color="blue">
              {t(`account.roleNames.${grant.role}`)} · {grant.areaName}
            </Tag>
          ))}
        </Flex>
      ),
    },
    { key: 'household', title: t('users.household'), render: (_: unknown, row: UserView) => (row.householdId ? t('users.bound') : none) },
    {
      key: 'status',
      title: t('users.status'),
      render: (_: unknown, row: UserView) => (row.disabled ? <Tag color="red">{t('users.disabled')}</Tag> : <Tag color="green">{t('users.active')}</Tag>),
    },
    { key: 'createdAt', title: t('users.createdAt'), render: (_: unknown, row: UserView) => new Date(row.createdAt).toLocaleString(locale) },
  ];
  return (
    <Page
      title={t('nav.users')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
          {t('users.create')}
        </Button>
      }
    >
      <Input.Search allowClear placeholder={t('users.search')} onSearch={(value) => setQ(value.trim())} style={{ maxWidth: 280, marginBottom: 16 }} />
      <PagedTable<UserView> list={list} columns={columns} />
      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
