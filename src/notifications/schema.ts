import { Type, type Static } from 'typebox';
import { PageQuery } from '../platform/pagination.ts';

const Id = Type.Integer({ minimum: 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const IdParams = Type.Object({ id: Id });

// The in-app inbox.

export const NotificationView = Type.Object({
  id: Id,
  ticketId: Nullable(Id),
  kind: Type.String({ description: 'what happened, e.g. dispatched, breached, resolved' }),
  title: Type.String({ description: "in the caller's language" }),
  createdAt: Instant,
  read: Type.Boolean(),
});
export type NotificationView = Static<typeof NotificationView>;

export const NotificationListQuery = Type.Intersect([
  PageQuery,
  Type.Object({ unread: Type.Optional(Type.Boolean({ description: 'true: only the unread ones' })) }),
]);
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const UnreadCount = Type.Object({ count: Type.Integer({ minimum: 0 }) });
export const ReadAllResult = Type.Object({ updated: Type.Integer({ minimum: 0, description: 'how many were unread' }) });

// Outbound webhooks.

const WebhookName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const WebhookUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, description: 'http or https' });
const EventNames = Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_.]{0,59}$' }), {
  maxItems: 40,
  description: 'the events it receives (ticket event kinds); empty: all of them',
});

export const WebhookView = Type.Object({
  id: Id,
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: Instant,
  pending: Type.Integer({ minimum: 0, description: 'deliveries waiting to be sent or retried' }),
  dead: Type.Integer({ minimum: 0, description: 'deliveries given up on after the last attempt' }),
});
export type WebhookView = Static<typeof WebhookView>;

export const WebhookCreated = Type.Object({
  ...WebhookView.properties,
  secret: Type.String({ description: 'the signing secret: shown in this answer only, never again' }),
});
export type WebhookCreated = Static<typeof WebhookCreated>;

export const WebhookList = Type.Object({ items: Type.Array(WebhookView) });

export const WebhookCreate = Type.Object(
  { name: WebhookName, url: WebhookUrl, events: Type.Optional(EventNames) },
  { additionalProperties: false },
);
export type WebhookCreate = Static<typeof WebhookCreate>;

export const WebhookUpdate = Type.Partial(
  Type.Object({ name: WebhookName, url: WebhookUrl, events: EventNames, active: Type.Boolean() }),
  { additionalProperties: false, minProperties: 1 },
);
export type WebhookUpdate = Static<typeof WebhookUpdate>;

export const deliveryStatuses = ['pending', 'delivered', 'dead'] as const;
export const DeliveryStatus = Type.Enum(deliveryStatuses);

export const DeliveryView = Type.Object({
  id: Id,
  webhookId: Id,
  event: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  status: DeliveryStatus,
  attempts: Type.Integer({ minimum: 0 }),
  nextAttemptAt: Instant,
  lastStatus: Nullable(Type.Integer({ description: 'HTTP status of the last attempt; null when no answer came' })),
  lastError: Nullable(Type.String()),
  createdAt: Instant,
  deliveredAt: Nullable(Instant),
});
export type DeliveryView = Static<typeof DeliveryView>;

export const DeliveryListQuery = Type.Intersect([PageQuery, Type.Object({ status: Type.Optional(DeliveryStatus) })]);
export type DeliveryListQuery = Static<typeof DeliveryListQuery>;
