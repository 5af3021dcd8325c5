import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { isAdmin, requirePermission, type Actor } from '../actor.ts';
import { scopeFor } from '../auth/service.ts';
import { encodeCursor, decodeCursor } from '../pagination.ts';
import { selectAuditEntries } from './store.ts';

/** Searches the audit log, newest first; staff see their communities' entries, admins everything. */
export async function searchAudit(
  deps: { db: Kysely<DB> },
  actor: Actor,
  q: { actorId?: number; action?: string; entity?: string; from?: string; to?: string; cursor?: string; limit?: number },
) {
  requirePermission(actor, 'audit.read');
  const limit = q.limit ?? 50;
  const communityIds = isAdmin(actor) ? 'all' : (await scopeFor(deps.db, actor, 'audit.read')).communityIds;
  const rows = await selectAuditEntries(deps.db, {
    communityIds, actorId: q.actorId, action: q.action, entity: q.entity,
    from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
    before: decodeCursor(q.cursor), limit,
  });
  const more = rows.length > limit;
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id, at: r.at.toISOString(), actorId: r.actor_id, actorName: r.actor_name, action: r.action, entity: r.entity,
    entityId: r.entity_id, communityId: r.community_id, ip: r.ip, reason: r.reason, details: (r.details ?? {}) as Record<string, unknown>,
  }));
  return { items, nextCursor: more ? encodeCursor(rows[limit - 1].id) : null };
}
