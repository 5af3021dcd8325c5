import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** SQL of device fleets (fleet.ts): the devices a simulator plays, the homes it places them in, their new secrets. */

export interface FleetRow {
  id: string;
  kind: string;
  community_id: number;
  community_code: string;
  household_id: number | null;
}

/** `like` takes _ and % as wildcards; a device id prefix means them literally. */
const literalPrefix = (prefix: string) => `${prefix.replace(/[\\_%]/g, '\\$&')}%`;

/** Active devices whose id starts with `prefix`, community by community, by id. */
export function selectFleet(db: Kysely<DB>, prefix: string, communityId?: number): Promise<FleetRow[]> {
  let q = db.selectFrom('device as d').innerJoin('area as c', 'c.id', 'd.community_id')
    .select(['d.id', 'd.kind', 'd.community_id', 'c.code as community_code', 'd.household_id'])
    .where('d.id', 'like', literalPrefix(prefix)).where('d.active', '=', true);
  if (communityId !== undefined) q = q.where('d.community_id', '=', communityId);
  return q.orderBy('d.community_id').orderBy('d.id').execute();
}

/** The first `limit` lived-in households of a community (by id, so the same ones every time), with their building's door. */
export function selectHomes(db: Kysely<DB>, communityId: number, limit: number) {
  return db.selectFrom('household as h').innerJoin('building as b', 'b.id', 'h.building_id')
    .select(['h.id', 'h.grid_id', 'h.building_id', 'h.unit', 'h.room', 'b.name as building_name', 'b.floors', 'b.entrance_lon', 'b.entrance_lat'])
    .where('h.community_id', '=', communityId).where('h.occupancy', '!=', 'vacant')
    .orderBy('h.id').limit(limit).execute();
}

/** Rows per statement: two parameters each at most, far below PostgreSQL's 65,535. */
const CHUNK = 5000;

/** Which of these device ids are registered. */
export async function selectExistingIds(db: Kysely<DB>, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('device').select('id').where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    found.push(...rows.map((r) => r.id));
  }
  return found;
}

/** Replaces the secret hashes of these devices. */
export async function updateSecretHashes(trx: Kysely<DB>, rows: { id: string; hash: Buffer }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((r) => sql`(${r.id}::text, ${r.hash}::bytea)`);
    await sql`UPDATE device d SET secret_hash = v.hash FROM (VALUES ${sql.join(values)}) AS v(id, hash) WHERE d.id = v.id`.execute(trx);
  }
}
