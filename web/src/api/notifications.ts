import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  DeliveryListQuery, DeliveryView, NotificationListQuery, NotificationView, ReadAllResult, UnreadCount, WebhookCreate, WebhookCreated,
  WebhookList, WebhookUpdate, WebhookView,
} from '../../../src/notifications/schema.ts';
import { api } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';

export type { DeliveryView, NotificationView, WebhookCreate, WebhookCreated, WebhookUpdate, WebhookView };
export type DeliveryStatus = DeliveryView['status'];

const notificationsPath = '/api/notifications';
const webhooksPath = '/api/webhooks';

/** The number on the bell: asked again every half minute, so news arrives without a reload. */
export function useUnreadCount() {
  return useQuery({
    queryKey: [notificationsPath, 'unread-count'],
    queryFn: () => api.get<Static<typeof UnreadCount>>(`${notificationsPath}/unread-count`),
    select: (answer) => answer.count,
    refetchInterval: 30_000,
  });
}

export function useNotifications(filters: ListFilters<NotificationListQuery>, enabled: boolean) {
  return usePagedList<NotificationView, NotificationListQuery>(notificationsPath, filters, enabled);
}

/** Reading changes both the list and the count. */
function useInboxMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: [notificationsPath] }) });
}

export function useMarkRead() {
  return useInboxMutation((id: number) => api.post<NotificationView>(`${notificationsPath}/${id}/read`));
}

export function useMarkAllRead() {
  return useInboxMutation(() => api.post<Static<typeof ReadAllResult>>(`${notificationsPath}/read-all`));
}

export function useWebhooks() {
  return useQuery({ queryKey: [webhooksPath], queryFn: () => api.get<Static<typeof WebhookList>>(webhooksPath), select: (answer) => answer.items });
}

/** A webhook's deliveries of one status, newest first. */
export function useDeliveries(webhookId: number, status: DeliveryStatus) {
  return usePagedList<DeliveryView, DeliveryListQuery>(`${webhooksPath}/${webhookId}/deliveries`, { status }, true);
}

/** Any webhook change: the list (its counts) and every delivery list under it are stale. */
function useWebhookMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[0]).startsWith(webhooksPath) }),
  });
}

export function useCreateWebhook() {
  return useWebhookMutation((body: WebhookCreate) => api.post<WebhookCreated>(webhooksPath, body));
}

export function useUpdateWebhook() {
  return useWebhookMutation(({ id, ...body }: WebhookUpdate & { id: number }) => api.patch<WebhookView>(`${webhooksPath}/${id}`, body));
}

export function useDeleteWebhook() {
  return useWebhookMutation((id: number) => api.delete(`${webhooksPath}/${id}`));
}

export function useRetryDelivery() {
  return useWebhookMutation((id: number) => api.post<DeliveryView>(`/api/webhook-deliveries/${id}/retry`));
}
