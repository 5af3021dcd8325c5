import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Checkbox, Drawer, Empty, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount, type NotificationView } from '../../api/notifications.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { LoadMoreFooter } from '../../components/PagedTable.tsx';
import { useLocale } from '../../i18n/index.ts';
import { useDrawerSize } from '../drawers/useDrawerSize.ts';
import './notifications.css';

function NotificationItem({ item, onOpen }: { item: NotificationView; onOpen: (item: NotificationView) => void }) {
  const locale = useLocale();
  return (
    <button type="button" className={`linli-notification${item.read ? '' : ' linli-notification-unread'}`} onClick={() => onOpen(item)} data-testid="notification-item">
      <Flex gap={8} align="baseline">
        <Badge status={item.read ? 'default' : 'processing'} />
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text strong={!item.read}>{item.title}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{new Date(item.createdAt).toLocaleString(locale)}</Typography.Text>
        </Flex>
      </Flex>
    </button>
  );
}

/** The inbox: newest first, a click marks an item read and opens its ticket. */
function NotificationDrawer({ open, unread, onClose }: { open: boolean; unread: number; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const size = useDrawerSize(420);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly ? { unread: true } : {}, open);
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const openItem = (item: NotificationView) => {
    if (!item.read) markRead.mutate(item.id);
    if (item.ticketId === null) return;
    onClose();
    navigate(`/tickets/${item.ticketId}`);
  };
  const readAll = (
    <Button size="small" disabled={unread === 0} loading={markAllRead.isPending} onClick={() => markAllRead.mutate()} data-testid="notifications-read-all">
      {t('notifications.readAll')}
    </Button>
  );
  return (
    <Drawer open={open} onClose={onClose} size={size} title={t('notifications.title')} extra={readAll} data-testid="notification-drawer">
      <Checkbox checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} style={{ marginBottom: 12 }}>{t('notifications.unreadOnly')}</Checkbox>
      <ErrorAlert error={list.error ?? markAllRead.error} />
      {list.isSuccess && list.items.length === 0 ? (
        <Empty description={t(unreadOnly ? 'notifications.emptyUnread' : 'notifications.empty')} data-testid="notifications-empty" />
      ) : (
        <Flex vertical gap={4}>
          {list.items.map((item) => <NotificationItem key={item.id} item={item} onOpen={openItem} />)}
          {list.items.length > 0 && <LoadMoreFooter list={list} />}
        </Flex>
      )}
    </Drawer>
  );
}

/** The bell in the console header: the unread count, kept fresh by polling, and the inbox behind it. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount().data ?? 0;
  return (
    <>
      <Badge count={unread} size="small" offset={[-6, 6]} data-testid="notification-count">
        <Button type="text" icon={<BellOutlined />} aria-label={t('notifications.title')} onClick={() => setOpen(true)} data-testid="notification-bell" />
      </Badge>
      <NotificationDrawer open={open} unread={unread} onClose={() => setOpen(false)} />
    </>
  );
}
