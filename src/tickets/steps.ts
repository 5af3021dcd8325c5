import type { Kysely, Updateable } from 'kysely';
import type { DB, TicketEventKind, TicketStatus, TicketTable, TimerKind } from '../db/schema.ts';
import { notifyUsersInsert } from '../notifications/inbox.ts';
import { webhookEventsInsert } from '../notifications/webhooks.ts';
import type { Actor } from '../platform/actor.ts';
import { emitDomainEvent } from '../platform/events.ts';
import { ticketTitle } from './labels.ts';
import type { Assignment } from './routing.ts';
import { recipientIds, writeStep, type StepWrite } from './stepStore.ts';
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

/** What a step tells: its notice to the people it names (nobody of their own step), and its webhook event. */
export function stepNotices(ticket: StepTicket, who: Who, at: Date, step: Step) {
  return {
    notice: step.notify && { to: step.notify, except: who.id, ticketId: ticket.id, kind: `ticket.${step.kind}`, title: ticketTitle(ticket.id, step.kind), at },
    webhook: {
      event: `ticket.${step.kind}`,
      payload: {
        ticketId: ticket.id, communityId: ticket.community_id, kind: step.kind, status: step.to ?? ticket.status, level: step.set?.level ?? ticket.level,
        body: step.body ?? null, at: at.toISOString(),
      },
      at,
    },
  };
}

/** Everything a step of the ticket writes: its new state, event, timers, the notifications and webhook deliveries. */
export function stepWrite(db: Kysely<DB>, ticket: StepTicket, who: Who, at: Date, step: Step): StepWrite {
  const { notice, webhook } = stepNotices(ticket, who, at, step);
  const recipients = notice && recipientIds(db, ticket.id, notice.to, notice.except);
  return {
    ticketId: ticket.id,
    set: stepChanges(ticket, step, at),
    event: stepEvent(ticket, who, at, step),
    timers: step.timers ?? [],
    also: [...(notice && recipients ? [notifyUsersInsert(db, recipients, notice)] : []), webhookEventsInsert([webhook])],
  };
}

/** Tells the other domains of a step written in the transaction (ticket.step). */
export async function announceStep(trx: Kysely<DB>, ticket: StepTicket, who: Who, at: Date, step: Step): Promise<void> {
  await emitDomainEvent(trx, 'ticket.step', { ticketId: ticket.id, kind: step.kind, toStatus: step.to ?? ticket.status, who, at });
}

export async function recordStep(trx: Kysely<DB>, ticket: StepTicket, who: Who, at: Date, step: Step): Promise<number> {
  const eventId = await writeStep(trx, stepWrite(trx, ticket, who, at, step));
  await announceStep(trx, ticket, who, at, step);
  return eventId;
}

export type DispatchOptions = {
  acceptDue: Date; body?: string | null; details?: Record<string, unknown>; kind?: 'dispatched' | 'escalated' | 'whistled' | 'returned' | 'reopened';
  extraTimers?: { kind: 'resolve'; dueAt: Date }[]; set?: Updateable<TicketTable>;
};

/** The step that puts a ticket in an assignee's hands (status dispatched) with an accept deadline, and tells them. */
export function dispatchOf(at: Date, to: Assignment, options: DispatchOptions): Step {
  return {
    kind: options.kind ?? 'dispatched', to: 'dispatched', body: options.body,
    set: {
      ...options.set, level: to.level, assignee_area_id: to.areaId, assignee_department_id: to.departmentId, assignee_user_id: null,
      accept_due: options.acceptDue, dispatched_at: at, paused_at: null, ...(to.level === 3 ? { whistled_at: at } : {}),
    },
    details: { ...options.details, level: to.level, areaId: to.areaId, departmentId: to.departmentId, acceptDue: options.acceptDue.toISOString() },
    timers: [{ kind: 'accept', dueAt: options.acceptDue }, ...(options.extraTimers ?? [])],
    notify: { handlers: to, followers: options.kind === 'reopened' },
  };
}
