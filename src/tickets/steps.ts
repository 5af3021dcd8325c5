import type { Kysely, Updateable } from 'kysely';
import type { DB, TicketEventKind, TicketStatus, TicketTable, TimerKind } from '../db/schema.ts';
import { notifyUsersInsert } from '../notifications/inbox.ts';
import { webhookEventInsert } from '../notifications/webhooks.ts';
import type { Actor } from '../platform/actor.ts';
import { emitDomainEvent } from '../platform/events.ts';
import { ticketTitle } from './labels.ts';
import type { Assignment } from './routing.ts';
import { recipientIds, writeStep } from './stepStore.ts';
import type { EventInsert } from './store.ts';

/**
 * One step of a ticket, written whole in the caller's transaction: the new state, its timeline event,
 * the timers it arms, the people it tells (inbox) and the webhook deliveries (outbox), all in one
 * statement (stepStore.ts). Every change to a ticket goes through recordStep, so none can skip its event.
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

/** The columns a step sets on its ticket: its own, the new status and the time of the change. */
export function stepChanges(ticket: StepTicket, step: Step, at: Date): Updateable<TicketTable> {
  return { ...step.set, status: step.to ?? ticket.status, updated_at: at };
}

/** The timeline event of a step. */
export function stepEvent(ticket: StepTicket, who: Who, at: Date, step: Step): Omit<EventInsert, 'ticketId'> {
  return { kind: step.kind, fromStatus: ticket.status, toStatus: step.to ?? null, body: step.body ?? null, details: step.details, actorId: who.id, actorName: who.name, at };
}

export async function recordStep(trx: Kysely<DB>, ticket: StepTicket, who: Who, at: Date, step: Step): Promise<number> {
  const toStatus = step.to ?? ticket.status;
  // Nobody is told of their own step.
  const recipients = step.notify && recipientIds(trx, ticket.id, step.notify, who.id);
  const eventId = await writeStep(trx, {
    ticketId: ticket.id,
    set: stepChanges(ticket, step, at),
    event: stepEvent(ticket, who, at, step),
    timers: step.timers ?? [],
    also: [
      ...(recipients ? [notifyUsersInsert(trx, recipients, { ticketId: ticket.id, kind: `ticket.${step.kind}`, title: ticketTitle(ticket.id, step.kind), at })] : []),
      webhookEventInsert(trx, {
        event: `ticket.${step.kind}`,
        payload: { ticketId: ticket.id, communityId: ticket.community_id, kind: step.kind, status: toStatus, level: step.set?.level ?? ticket.level, body: step.body ?? null, at: at.toISOString() },
        at,
      }),
    ],
  });
  await emitDomainEvent(trx, 'ticket.step', { ticketId: ticket.id, kind: step.kind, toStatus, who, at });
  return eventId;
}
