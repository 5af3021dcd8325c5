import type { Kysely } from 'kysely';
import type { DB, TicketStatus } from '../db/schema.ts';
import { can, inScope, isAdmin, type Actor } from '../platform/actor.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { AppError } from '../platform/errors.ts';
import * as store from './store.ts';

/**
 * Who may take which step of a ticket, and in which statuses. Handlers act on what is in their hands:
 * anyone with tickets.handle over the ticket's place at the grid, community and subdistrict levels, and
 * only the whistled department's officers at level 3. Dispatchers (tickets.dispatch) send, whistle,
 * merge, regrid and close. The reporter withdraws, rates and reopens.
 */

export const ticketActions = [
  'accept', 'arrive', 'resolve', 'return', 'note', 'pause', 'resume', 'dispatch', 'whistle', 'merge', 'regrid', 'close', 'withdraw', 'rate', 'reopen',
] as const;
export type TicketAction = (typeof ticketActions)[number];

interface TicketFacts {
  id: number;
  community_id: number;
  grid_id: number | null;
  status: TicketStatus;
  outcome: string | null;
  level: number;
  assignee_department_id: number | null;
  reporter_user_id: number | null;
  arrived_at: Date | null;
  paused_at: Date | null;
}

type Role = 'handler' | 'dispatcher' | 'reporter' | 'reporterOrDispatcher';

const inHand = store.inHandStatuses;
const rules: Record<TicketAction, { who: Role; when: (t: TicketFacts) => boolean }> = {
  accept: { who: 'handler', when: (t) => t.status === 'dispatched' },
  arrive: { who: 'handler', when: (t) => t.status === 'accepted' && t.arrived_at === null },
  resolve: { who: 'handler', when: (t) => t.status === 'accepted' || t.status === 'on_site' },
  // A grid or a department says "not ours": it goes back to whoever dispatches above it.
  return: { who: 'handler', when: (t) => (t.status === 'dispatched' || t.status === 'accepted') && (t.level === 0 || t.level === 3) },
  // Waiting for the resident stops the clocks of a ticket in hand; only then can it resume.
  pause: { who: 'handler', when: (t) => (t.status === 'accepted' || t.status === 'on_site') && t.paused_at === null },
  resume: { who: 'handler', when: (t) => t.paused_at !== null && store.openStatuses.includes(t.status) },
  note: { who: 'handler', when: (t) => inHand.includes(t.status) || t.status === 'resolved' },
  dispatch: { who: 'dispatcher', when: (t) => inHand.includes(t.status) },
  whistle: { who: 'dispatcher', when: (t) => inHand.includes(t.status) && t.level >= 1 },
  merge: { who: 'dispatcher', when: (t) => inHand.includes(t.status) },
  regrid: { who: 'dispatcher', when: (t) => inHand.includes(t.status) },
  close: { who: 'dispatcher', when: (t) => inHand.includes(t.status) || t.status === 'resolved' },
  withdraw: { who: 'reporter', when: (t) => t.status === 'submitted' || t.status === 'dispatched' },
  // Staff record a rating they took by phone (回访); the reporter rates in the app.
  rate: { who: 'reporterOrDispatcher', when: (t) => t.status === 'resolved' },
  reopen: { who: 'reporter', when: (t) => t.status === 'resolved' || (t.status === 'closed' && t.outcome !== 'not_resolved') },
};

async function canHandle(db: Kysely<DB>, actor: Actor, t: TicketFacts): Promise<boolean> {
  if (!can(actor, 'tickets.handle')) return false;
  if (t.level === 3) return isAdmin(actor) || (actor.departmentId !== null && actor.departmentId === t.assignee_department_id);
  return inScope(await scopeFor(db, actor, 'tickets.handle'), t.community_id, t.grid_id);
}

async function canDispatch(db: Kysely<DB>, actor: Actor, t: TicketFacts): Promise<boolean> {
  return can(actor, 'tickets.dispatch') && inScope(await scopeFor(db, actor, 'tickets.dispatch'), t.community_id, t.grid_id);
}

async function isAllowed(db: Kysely<DB>, actor: Actor, t: TicketFacts, who: Role): Promise<boolean> {
  const reporter = t.reporter_user_id !== null && t.reporter_user_id === actor.userId;
  if (who === 'reporter') return reporter;
  if (who === 'handler') return canHandle(db, actor, t);
  if (who === 'dispatcher') return canDispatch(db, actor, t);
  return reporter || canDispatch(db, actor, t);
}

/** The steps the actor may take on the ticket now. */
export async function availableActions(db: Kysely<DB>, actor: Actor, t: TicketFacts): Promise<TicketAction[]> {
  const allowed: TicketAction[] = [];
  for (const action of ticketActions) {
    if (rules[action].when(t) && (await isAllowed(db, actor, t, rules[action].who))) allowed.push(action);
  }
  return allowed;
}

/** FORBIDDEN when the actor may never take the step here; TICKET_STEP_NOT_ALLOWED when the ticket is not at that stage. */
export async function requireAction(db: Kysely<DB>, actor: Actor, t: TicketFacts, action: TicketAction): Promise<void> {
  if (!(await isAllowed(db, actor, t, rules[action].who))) throw new AppError('FORBIDDEN');
  if (!rules[action].when(t)) throw new AppError('TICKET_STEP_NOT_ALLOWED', { status: t.status });
}
