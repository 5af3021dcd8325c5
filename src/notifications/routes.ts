import { Type } from 'typebox';
import type { AppContext, AppInstance } from '../app.ts';
import { requireActor } from '../platform/http.ts';
import { Page } from '../platform/pagination.ts';
import * as inbox from './inbox.ts';
import {
  DeliveryListQuery, DeliveryView, IdParams, NotificationListQuery, NotificationView, ReadAllResult, UnreadCount, WebhookCreate, WebhookCreated,
  WebhookList, WebhookUpdate, WebhookView,
} from './schema.ts';
import * as webhooks from './webhookAdmin.ts';

const inboxTags = ['notifications'];
const webhookTags = ['webhooks'];

/** The signed-in user's inbox (any role), and the administration of outbound webhooks (tickets.manage). */
export function notificationRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/notifications', { schema: { tags: inboxTags, querystring: NotificationListQuery, response: { 200: Page(NotificationView) } } }, async (request) =>
    inbox.listMyNotifications(ctx, requireActor(request), request.query));

  app.get('/api/notifications/unread-count', { schema: { tags: inboxTags, response: { 200: UnreadCount } } }, async (request) =>
    inbox.countMyUnread(ctx, requireActor(request)));

  app.post('/api/notifications/:id/read', { schema: { tags: inboxTags, params: IdParams, response: { 200: NotificationView } } }, async (request) =>
    inbox.markNotificationRead(ctx, requireActor(request), request.params.id));

  app.post('/api/notifications/read-all', { schema: { tags: inboxTags, response: { 200: ReadAllResult } } }, async (request) =>
    inbox.markAllMyNotificationsRead(ctx, requireActor(request)));

  app.get('/api/webhooks', { schema: { tags: webhookTags, response: { 200: WebhookList } } }, async (request) =>
    webhooks.listWebhooks(ctx, requireActor(request)));

  app.post('/api/webhooks', { schema: { tags: webhookTags, body: WebhookCreate, response: { 201: WebhookCreated } } }, async (request, reply) =>
    reply.status(201).send(await webhooks.createWebhook(ctx, requireActor(request), request.body)));

  app.patch('/api/webhooks/:id', { schema: { tags: webhookTags, params: IdParams, body: WebhookUpdate, response: { 200: WebhookView } } }, async (request) =>
    webhooks.updateWebhook(ctx, requireActor(request), request.params.id, request.body));

  app.delete('/api/webhooks/:id', { schema: { tags: webhookTags, params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await webhooks.deleteWebhook(ctx, requireActor(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/webhooks/:id/deliveries', {
    schema: { tags: webhookTags, params: IdParams, querystring: DeliveryListQuery, response: { 200: Page(DeliveryView) } },
  }, async (request) => webhooks.listDeliveries(ctx, requireActor(request), request.params.id, request.query));

  app.post('/api/webhook-deliveries/:id/retry', { schema: { tags: webhookTags, params: IdParams, response: { 200: DeliveryView } } }, async (request) =>
    webhooks.retryDelivery(ctx, requireActor(request), request.params.id));
}
