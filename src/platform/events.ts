import type { Kysely } from 'kysely';
import type { DB, TicketEventKind, TicketStatus } from '../db/schema.ts';

/**
 * The in-process event bus for cross-domain side effects (a ticket accepted → its alarm acknowledged).
 * Handlers run inside the emitter's transaction, so a side effect commits or rolls back with the change
 * that caused it: nothing is lost between the two, and nothing happens for a change that failed.
 * A domain subscribes when its module loads; the emitter never imports its listeners.
 */
export interface DomainEvents {
  /** A step of a ticket, written by tickets/steps.ts recordStep. */
  'ticket.step': { ticketId: number; kind: TicketEventKind; toStatus: TicketStatus; who: { id: number | null; name: string }; at: Date };
}

type EventName = keyof DomainEvents;
type Handler<K extends EventName> = (trx: Kysely<DB>, payload: DomainEvents[K]) => Promise<void>;

const handlers: { [K in EventName]?: Handler<K>[] } = {};

/** Subscribes a handler; returns the unsubscribe. */
export function onDomainEvent<K extends EventName>(name: K, handler: Handler<K>): () => void {
  const list = (handlers[name] ??= []) as Handler<K>[];
  list.push(handler);
  return () => list.splice(list.indexOf(handler), 1);
}

/** Runs every handler of the event, in order, in the caller's transaction. */
export async function emitDomainEvent<K extends EventName>(trx: Kysely<DB>, name: K, payload: DomainEvents[K]): Promise<void> {
  for (const handler of (handlers[name] ?? []) as Handler<K>[]) await handler(trx, payload);
}
