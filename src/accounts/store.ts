import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

// SQL of accounts administration and household claims.

export interface ClaimInsert {
  communityId: number;
  userId: number;
  address: string;
  nameEnc: Buffer;
  nameMasked: string;
  nameBidx: string;
  phoneEnc: Buffer;
  phoneMasked: string;
  phoneBidx: string;
}

export async function insertClaim(db: Kysely<DB>, c: ClaimInsert) {
  return db
    .insertInto('household_claim')
    .values({
      community_id: c.communityId, user_id: c.userId, address: c.address, name_enc: c.nameEnc, name_masked: c.nameMasked,
      name_bidx: c.nameBidx, phone_enc: c.phoneEnc, phone_masked: c.phoneMasked, phone_bidx: c.phoneBidx,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function claimBase(db: Kysely<DB>) {
  return db
    .selectFrom('household_claim as c')
    .innerJoin('app_user as u', 'u.id', 'c.user_id')
    .leftJoin('app_user as d', 'd.id', 'c.decided_by')
    .leftJoin('household as h', 'h.id', 'c.household_id')
    .leftJoin('building as b', 'b.id', 'h.building_id')
    .leftJoin('estate as e', 'e.id', 'b.estate_id')
    .select([
      'c.id', 'c.community_id', 'c.user_id', 'u.username', 'c.address', 'c.name_masked', 'c.phone_masked', 'c.name_bidx', 'c.phone_bidx',
      'c.status', 'c.household_id', 'c.resident_id', 'c.decided_at', 'c.decision_note', 'c.created_at', 'd.username as decided_by',
      'e.name as estate_name', 'b.name as building_name', 'h.unit', 'h.room',
    ]);
}
export type ClaimRow = Awaited<ReturnType<typeof findClaim>> & object;

export async function findClaim(db: Kysely<DB>, id: number) {
  return claimBase(db).where('c.id', '=', id).executeTakeFirst();
}

export async function findLatestClaimOfUser(db: Kysely<DB>, userId: number) {
  return claimBase(db).where('c.user_id', '=', userId).orderBy('c.id', 'desc').limit(1).executeTakeFirst();
}

export async function selectClaims(
  db: Kysely<DB>,
  q: { communityIds: number[]; status?: 'pending' | 'approved' | 'rejected'; afterId?: number; limit: number },
) {
  if (!q.communityIds.length) return [];
  // The pending queue is worked oldest first; decided claims are looked up newest first.
  const oldestFirst = q.status === 'pending';
  let query = claimBase(db).where('c.community_id', 'in', q.communityIds).orderBy('c.id', oldestFirst ? 'asc' : 'desc').limit(q.limit + 1);
  if (q.status) query = query.where('c.status', '=', q.status);
  if (q.afterId !== undefined) query = query.where('c.id', oldestFirst ? '>' : '<', q.afterId);
  return query.execute();
}

/** Residents of a community whose name and phone hash both equal the claim's: candidates for the verifier. */
export async function selectMatchingResidents(db: Kysely<DB>, communityId: number, nameBidx: string, phoneBidx: string) {
  return db
    .selectFrom('resident as r')
    .innerJoin('household as h', 'h.id', 'r.household_id')
    .innerJoin('building as b', 'b.id', 'h.building_id')
    .leftJoin('estate as e', 'e.id', 'b.estate_id')
    .select(['r.id as resident_id', 'h.id as household_id', 'e.name as estate_name', 'b.name as building_name', 'h.unit', 'h.room', 'r.name_masked'])
    .where('r.community_id', '=', communityId)
    .where('r.name_bidx', '=', nameBidx)
    .where('r.phone_bidx', '=', phoneBidx)
    .limit(5)
    .execute();
}

export async function decideClaim(
  db: Kysely<DB>,
  id: number,
  d: { status: 'approved' | 'rejected'; householdId: number | null; residentId: number | null; decidedBy: number; at: Date; note: string | null },
) {
  // Only a pending claim changes; the caller learns from the row count whether it did.
  const result = await db
    .updateTable('household_claim')
    .set({ status: d.status, household_id: d.householdId, resident_id: d.residentId, decided_by: d.decidedBy, decided_at: d.at, decision_note: d.note })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function bindUserToHousehold(db: Kysely<DB>, userId: number, householdId: number, residentId: number | null) {
  await db.updateTable('app_user').set({ household_id: householdId, resident_id: residentId }).where('id', '=', userId).execute();
}

/** Accounts holding a role somewhere inside the given subtrees, with those roles. */
export async function selectUsersUnder(db: Kysely<DB>, q: { paths: string[]; text?: string; afterId?: number; limit: number }) {
  if (!q.paths.length) return [];
  let query = db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.username', 'u.display_name', 'u.disabled', 'u.household_id', 'u.created_at'])
    .where((eb) => eb.exists(
      eb.selectFrom('user_role as ur').innerJoin('area as a', 'a.id', 'ur.area_id').select('ur.user_id')
        .whereRef('ur.user_id', '=', 'u.id').where((e) => e.or(q.paths.map((p) => e('a.path', 'like', `${p}%`)))),
    ))
    .orderBy('u.id')
    .limit(q.limit + 1);
  if (q.text) query = query.where((eb) => eb.or([eb('u.username', 'like', `%${q.text}%`), eb('u.display_name', 'like', `%${q.text}%`)]));
  if (q.afterId !== undefined) query = query.where('u.id', '>', q.afterId);
  return query.execute();
}
