/**
 * Care (关爱) for elders living alone: the away mode of a household (in hospital, at a child's home),
 * which suppresses inactivity alarms until a date, so a closed door does not call the grid worker out.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { chinaDate, type Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';

interface CareDeps {
  db: Kysely<DB>;
  clock: Clock;
}

async function loadHousehold(db: Kysely<DB>, actor: Actor, id: number) {
  requirePermission(actor, 'alarms.handle');
  const household = await db.selectFrom('household').select(['id', 'community_id', 'grid_id']).where('id', '=', id).executeTakeFirst();
  if (!household) throw new AppError('HOUSEHOLD_NOT_FOUND');
  requireInScope(await scopeFor(db, actor, 'alarms.handle'), household.community_id, household.grid_id);
  return household;
}

/** Marks the household away until the end of `until` (a China date), or back home when until is null. */
export async function setAway(deps: CareDeps, actor: Actor, id: number, away: { until: string; reason: string } | null) {
  const household = await loadHousehold(deps.db, actor, id);
  if (away && away.until < chinaDate(deps.clock.now())) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.until', code: 'DATE_IN_PAST' }]);
  }
  const set = { away_until: away?.until ?? null, away_reason: away?.reason.trim() ?? null };
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('household').set(set).where('id', '=', id).execute();
    await insertAuditEntry(trx, {
      actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action: away ? 'household.away' : 'household.home', entity: 'household',
      entityId: id, communityId: household.community_id, ip: actor.ip, details: set,
    });
  });
  return { householdId: id, awayUntil: set.away_until, awayReason: set.away_reason };
}
