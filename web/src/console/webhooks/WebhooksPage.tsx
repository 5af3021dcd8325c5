import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Grid, Popconfirm, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteWebhook, useUpdateWebhook, useWebhooks, type WebhookCreated, type WebhookView } from '../../api/notifications.ts';
import { ErrorAlert, errorText } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { DeadLettersDrawer } from './DeadLettersDrawer.tsx';
import { SecretModal, WebhookFormModal } from './WebhookFormModal.tsx';

function NameCell({ row }: { row: WebhookView }) {
  return (
    <Flex vertical style={{ minWidth: 0, maxWidth: 420 }}>
      <Typography.Text strong>{row.name}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>{row.url}</Typography.Text>
    </Flex>
  );
}

function EventsCell({ row }: { row: WebhookView }) {
  const { t } = useTranslation();
  if (!row.events.length) return <Tag>{t('webhooks.allEvents')}</Tag>;
  return <Flex wrap gap={4}>{row.events.map((event) => <Tag key={event}>{event}</Tag>)}</Flex>;
}

function ActiveSwitch({ row }: { row: WebhookView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateWebhook();
  return (
    <Switch size="small" checked={row.active} loading={update.isPending} checkedChildren={t('webhooks.active')} unCheckedChildren={t('webhooks.inactive')}
      aria-label={t(row.active ? 'webhooks.disable' : 'webhooks.enable')} data-testid="webhook-active"
      onChange={(active) => update.mutate({ id: row.id, active }, { onError: (error) => void message.error(errorText(error)) })} />
  );
}

/** Waiting and given-up deliveries; the given-up count opens their list. */
function CountsCell({ row, onDead }: { row: WebhookView; onDead: () => void }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} wrap align="center">
      <Tag>{t('webhooks.pending')} {row.pending}</Tag>
      <Button size="small" type="link" danger={row.dead > 0} onClick={onDead} style={{ padding: 0 }} data-testid="webhook-dead">
        {t('webhooks.deadLetters')} {row.dead}
      </Button>
    </Flex>
  );
}

function Actions({ row, onEdit }: { row: WebhookView; onEdit: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const remove = useDeleteWebhook();
  const confirm = () => remove.mutateAsync(row.id).then(() => void message.success(t('webhooks.deleted')), (error: unknown) => void message.error(errorText(error)));
  return (
    <Flex gap={4}>
      <Button size="small" onClick={onEdit} data-testid="webhook-edit">{t('webhooks.edit')}</Button>
      <Popconfirm title={t('webhooks.deleteConfirm', { name: row.name })} okText={t('common.delete')} cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, 'data-testid': 'webhook-delete-confirm' }} onConfirm={confirm}>
        <Button size="small" danger data-testid="webhook-delete">{t('common.delete')}</Button>
      </Popconfirm>
    </Flex>
  );
}

/** Desktop: a column per fact. Phone: one column, stacked, nothing to scroll sideways. */
function useColumns(onEdit: (row: WebhookView) => void, onDead: (row: WebhookView) => void) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md ?? true;
  if (!wide) {
    return [{
      key: 'webhook', title: t('webhooks.name'),
      render: (_: unknown, row: WebhookView) => (
        <Flex vertical gap={6} align="start">
          <NameCell row={row} />
          <EventsCell row={row} />
          <ActiveSwitch row={row} />
          <CountsCell row={row} onDead={() => onDead(row)} />
          <Actions row={row} onEdit={() => onEdit(row)} />
        </Flex>
      ),
    }];
  }
  return [
    { key: 'name', title: t('webhooks.name'), render: (_: unknown, row: WebhookView) => <NameCell row={row} /> },
    { key: 'events', title: t('webhooks.events'), render: (_: unknown, row: WebhookView) => <EventsCell row={row} /> },
    { key: 'active', title: t('webhooks.status'), render: (_: unknown, row: WebhookView) => <ActiveSwitch row={row} /> },
    { key: 'counts', title: t('webhooks.pending'), render: (_: unknown, row: WebhookView) => <CountsCell row={row} onDead={() => onDead(row)} /> },
    { key: 'actions', title: t('common.actions'), render: (_: unknown, row: WebhookView) => <Actions row={row} onEdit={() => onEdit(row)} /> },
  ];
}

/** Webhook 推送 (admins): where the service loop's events go, the secret of a new one shown once, and what failed. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const webhooks = useWebhooks();
  const [form, setForm] = useState<{ webhook?: WebhookView } | undefined>();
  const [created, setCreated] = useState<WebhookCreated | undefined>();
  const [deadOf, setDeadOf] = useState<number | undefined>();
  const columns = useColumns((webhook) => setForm({ webhook }), (webhook) => setDeadOf(webhook.id));
  const newButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({})} data-testid="webhook-new">{t('webhooks.new')}</Button>
  );
  return (
    <Page title={t('nav.webhooks')} extra={newButton}>
      <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
      <ErrorAlert error={webhooks.error} />
      <Table<WebhookView> rowKey="id" dataSource={webhooks.data} loading={webhooks.isLoading} columns={columns} pagination={false} size="middle"
        scroll={{ x: 'max-content' }} locale={{ emptyText: <Empty description={t('webhooks.empty')} data-testid="webhooks-empty" /> }} />
      <WebhookFormModal open={form !== undefined} webhook={form?.webhook} onClose={() => setForm(undefined)} onCreated={setCreated} />
      <SecretModal created={created} onClose={() => setCreated(undefined)} />
      {/* By id, so the drawer's title and counts follow the list as it refreshes. */}
      <DeadLettersDrawer webhook={webhooks.data?.find((w) => w.id === deadOf)} onClose={() => setDeadOf(undefined)} />
    </Page>
  );
}
