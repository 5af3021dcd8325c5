import type { Kysely, Updateable } from 'kysely';
import type { DB, TicketEventKind, TicketStatus, TicketTable, TimerKind } from '../db/schema.ts';
import { notifyUsers } from '../notifications/inbox.ts';
import { enqueueWebhookEvent } from '../notifications/webhooks.ts';
import type { Actor } from '../platform/actor.ts';
import { emitDomainEvent } from '../platform/events.ts';
import { ticketTitle } from './labels.ts';
import type { Assignment } from './routing.ts';
import * as store from './store.ts';

/**
 * One step of a ticket, written whole in the caller's transaction: the new state, its timeline event,
 * the timers it arms, the people it tells (inbox) and the webhook deliveries (outbox). Every change to
 * a ticket goes through recordStep, so none can skip its event.
 */

/** Who took a step: a person, or the scheduler. */
export interface Who {
  id: number | null;
  name: string;
}
export const systemWho: Who = { id: null, name: '系统' };
export const whoOf = (actor: Actor): Who => ({ id: actor.userId > 0 ? actor.userId : null, name: actor.displayName });

export interface Step {
  kind: TicketEventKind;
  /** The new status; the current one when left out. */
  to?: TicketStatus;
  set?: Updateable<TicketTable>;
  body?: string | null;
  details?: Record<string, unknown>;
  timers?: { kind: TimerKind; dueAt: Date }[];
  /** Tell the handlers of an assignment and/or the ticket's followers. */
  notify?: { handlers?: Assignment; followers?: boolean };
}

export interface StepTicket {
  id: number;
  status: TicketStatus;
  community_id: number;
  level: number;
}

export async function recordStep(trx: Kysely<DB>, ticket: StepTicket, who: Who, at: Date, step: Step): Promise<number> {
  const toStatus = step.to ?? ticket.status;
  await store.updateTicket(trx, ticket.id, { ...step.set, status: toStatus, updated_at: at });
  const eventId = await store.insertEvent(trx, {
    ticketId: ticket.id, kind: step.kind, fromStatus: ticket.status, toStatus: step.to ?? null, body: step.body ?? null,
    details: step.details, actorId: who.id, actorName: who.name, at,
  });
  await store.insertTimers(trx, ticket.id, step.timers ?? []);
  await tell(trx, ticket.id, who, at, step);
  await emitDomainEvent(trx, 'ticket.step', { ticketId: ticket.id, kind: step.kind, toStatus, who, at });
  await enqueueWebhookEvent(trx, {
    event: `ticket.${step.kind}`,
    payload: { ticketId: ticket.id, communityId: ticket.community_id, kind: step.kind, status: toStatus, level: step.set?.level ?? ticket.level, body: step.body ?? null, at: at.toISOString() },
    at,
  });
  return eventId;
}

async function tell(trx: Kysely<DB>, ticketId: number, who: Who, at: Date, step: Step): Promise<void> {
  if (!step.notify) return;
  const handlers = step.notify.handlers ? await store.selectHandlerIds(trx, step.notify.handlers) : [];
  const followers = step.notify.followers ? await store.selectFollowers(trx, ticketId) : [];
  // Nobody is told of their own step.
  const userIds = [...handlers, ...followers].filter((id) => id !== who.id);
  await notifyUsers(trx, { userIds, ticketId, kind: `ticket.${step.kind}`, title: ticketTitle(ticketId, step.kind), at });
}
