import { sql, type Kysely } from 'kysely';
import { insertJsonRows } from '../../db/jsonRows.ts';
import type { DB } from '../../db/schema.ts';

export interface AuditEntry {
  actorId: number | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  communityId?: number | null;
  ip?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** The insert of entries, as a query: for a caller that writes them inside a larger statement. */
export function auditEntriesInsert(entries: AuditEntry[]) {
  return insertJsonRows('audit_log', entries.map((entry) => ({
    actor_id: entry.actorId,
    actor_name: entry.actorName,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    community_id: entry.communityId ?? null,
    ip: entry.ip ?? null,
    reason: entry.reason ?? null,
    details: entry.details ?? {},
  })));
}

export async function insertAuditEntry(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  await auditEntriesInsert([entry]).execute(db);
}

export interface AuditQuery {
  communityIds: number[] | 'all';
  actorId?: number;
  action?: string;
  entity?: string;
  from?: Date;
  to?: Date;
  before?: number;
  limit: number;
}

export async function selectAuditEntries(db: Kysely<DB>, q: AuditQuery) {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit + 1);
  if (q.communityIds !== 'all') {
    const ids = q.communityIds;
    // Entries without a community (logins, accounts) are for admins only.
    query = ids.length ? query.where('community_id', 'in', ids) : query.where(sql<boolean>`false`);
  }
  if (q.actorId !== undefined) query = query.where('actor_id', '=', q.actorId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.entity) query = query.where('entity', '=', q.entity);
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  return query.execute();
}
