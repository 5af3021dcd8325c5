import { App, Button, Drawer, Empty, Flex, Grid, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDeliveries, useRetryDelivery, type DeliveryView, type WebhookView } from '../../api/notifications.ts';
import { errorText } from '../../components/ErrorResult.tsx';
import { PagedTable } from '../../components/PagedTable.tsx';
import { useLocale } from '../../i18n/index.ts';
import { useDrawerSize } from '../drawers/useDrawerSize.ts';

function LastResult({ row }: { row: DeliveryView }) {
  const { t } = useTranslation();
  return (
    <Flex vertical style={{ maxWidth: 360 }}>
      <span>{row.lastStatus === null ? <Tag>{t('webhooks.delivery.noAnswer')}</Tag> : <Tag color="error">HTTP {row.lastStatus}</Tag>}</span>
      {row.lastError && <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-word' }}>{row.lastError}</Typography.Text>}
    </Flex>
  );
}

function RetryButton({ row }: { row: DeliveryView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const retry = useRetryDelivery();
  const run = () => retry.mutate(row.id, {
    onSuccess: () => void message.success(t('webhooks.retried')),
    onError: (error) => void message.error(errorText(error)),
  });
  return <Button size="small" loading={retry.isPending} onClick={run} data-testid="delivery-retry">{t('webhooks.retry')}</Button>;
}

/** Desktop: a column per fact. Phone: one column with the facts stacked. */
function useColumns() {
  const { t } = useTranslation();
  const locale = useLocale();
  const wide = Grid.useBreakpoint().md ?? true;
  const when = (row: DeliveryView) => new Date(row.createdAt).toLocaleString(locale);
  if (!wide) {
    return [{
      key: 'delivery', title: t('webhooks.delivery.event'),
      render: (_: unknown, row: DeliveryView) => (
        <Flex vertical gap={4} align="start">
          <Typography.Text strong>{row.event}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{when(row)} · {t('webhooks.delivery.attempts')} {row.attempts}</Typography.Text>
          <LastResult row={row} />
          <RetryButton row={row} />
        </Flex>
      ),
    }];
  }
  return [
    { key: 'event', title: t('webhooks.delivery.event'), dataIndex: 'event' },
    { key: 'createdAt', title: t('webhooks.delivery.createdAt'), render: (_: unknown, row: DeliveryView) => when(row) },
    { key: 'attempts', title: t('webhooks.delivery.attempts'), dataIndex: 'attempts', align: 'right' as const },
    { key: 'last', title: t('webhooks.delivery.lastResult'), render: (_: unknown, row: DeliveryView) => <LastResult row={row} /> },
    { key: 'actions', title: t('common.actions'), render: (_: unknown, row: DeliveryView) => <RetryButton row={row} /> },
  ];
}

function DeadList({ webhook }: { webhook: WebhookView }) {
  const { t } = useTranslation();
  const list = useDeliveries(webhook.id, 'dead');
  return (
    <PagedTable<DeliveryView> list={list} columns={useColumns()}
      locale={{ emptyText: <Empty description={t('webhooks.deadEmpty')} data-testid="dead-empty" /> }} />
  );
}

/** The deliveries of one webhook that were given up on, each with a retry. */
export function DeadLettersDrawer({ webhook, onClose }: { webhook: WebhookView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const size = useDrawerSize(820);
  return (
    <Drawer open={webhook !== undefined} onClose={onClose} size={size} destroyOnHidden data-testid="dead-letters"
      title={webhook && t('webhooks.deadTitle', { name: webhook.name })}>
      {webhook && <DeadList webhook={webhook} />}
    </Drawer>
  );
}
