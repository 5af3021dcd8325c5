import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AreaLevel, DB } from '../../db/schema.ts';
import type { Role } from '../roles.ts';

export async function findUserByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Kysely<DB>, id: number) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function recordLoginFailure(db: Kysely<DB>, userId: number, lockAfter: number, lockUntil: Date) {
  return db
    .updateTable('app_user')
    .set((eb) => ({
      failed_logins: eb('failed_logins', '+', 1),
      locked_until: sql<Date | null>`CASE WHEN failed_logins + 1 >= ${lockAfter} THEN ${lockUntil}::timestamptz ELSE locked_until END`,
    }))
    .where('id', '=', userId)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export async function clearLoginFailures(db: Kysely<DB>, userId: number) {
  await db.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export async function updatePasswordHash(db: Kysely<DB>, userId: number, hash: string) {
  await db.updateTable('app_user').set({ password_hash: hash }).where('id', '=', userId).execute();
}

export async function insertSession(
  db: Kysely<DB>,
  row: { tokenHash: string; userId: number; csrfToken: string; ip: string | null; userAgent: string | null; expiresAt: Date },
) {
  await db
    .insertInto('user_session')
    .values({
      token_hash: row.tokenHash,
      user_id: row.userId,
      csrf_token: row.csrfToken,
      ip: row.ip,
      user_agent: row.userAgent,
      expires_at: row.expiresAt,
    })
    .execute();
}

/**
 * Live sessions with their users and the users' grants, in one query for several tokens at once: every
 * API request asks for its own, and the requests of a busy moment ask together (auth/service.ts).
 * A session is live while it has not expired at `now`; each row says when it expires, for callers of a
 * later `now`.
 */
export async function findLiveSessions(db: Kysely<DB>, tokenHashes: string[], now: Date) {
  const rows = await db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select([
      'user_session.token_hash',
      'user_session.expires_at',
      'user_session.csrf_token',
      'app_user.id as user_id',
      'app_user.username',
      'app_user.display_name',
      'app_user.locale',
      'app_user.household_id',
      'app_user.resident_id',
      'app_user.department_id',
      'app_user.disabled',
    ])
    .select((eb) => jsonArrayFrom(eb
      .selectFrom('user_role')
      .innerJoin('area', 'area.id', 'user_role.area_id')
      .select(['user_role.role', 'area.id as areaId', 'area.path as areaPath', 'area.level as areaLevel', 'area.name as areaName'])
      .whereRef('user_role.user_id', '=', 'app_user.id')
      .orderBy('area.path')).as('grants'))
    .where('user_session.token_hash', '=', sql<string>`ANY(${tokenHashes}::text[])`)
    .where('user_session.expires_at', '>', now)
    .execute();
  return rows.map((row) => ({ ...row, grants: row.grants.map((g) => ({ ...g, role: g.role as Role, areaLevel: g.areaLevel as AreaLevel })) }));
}
export type LiveSession = Awaited<ReturnType<typeof findLiveSessions>>[number];

export async function deleteSession(db: Kysely<DB>, tokenHash: string) {
  await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}

export async function deleteUserSessions(db: Kysely<DB>, userId: number, exceptTokenHash?: string) {
  let q = db.deleteFrom('user_session').where('user_id', '=', userId);
  if (exceptTokenHash) q = q.where('token_hash', '<>', exceptTokenHash);
  await q.execute();
}

/** The roles of several users at once, each with the area it applies to. */
export async function selectGrantsOfUsers(db: Kysely<DB>, userIds: number[]) {
  if (!userIds.length) return [];
  const rows = await db
    .selectFrom('user_role')
    .innerJoin('area', 'area.id', 'user_role.area_id')
    .select(['user_role.user_id', 'user_role.role', 'area.id as area_id', 'area.path', 'area.level', 'area.name'])
    .where('user_role.user_id', 'in', userIds)
    .orderBy('area.path')
    .execute();
  return rows.map((row) => ({
    userId: row.user_id,
    role: row.role as Role,
    areaId: row.area_id,
    areaPath: row.path,
    areaLevel: row.level as AreaLevel,
    areaName: row.name,
  }));
}

export async function selectGrants(db: Kysely<DB>, userId: number) {
  return (await selectGrantsOfUsers(db, [userId])).map(({ userId: _, ...grant }) => grant);
}

/** Communities lying in (or being) any of the given subtrees. */
export async function selectCommunitiesUnder(db: Kysely<DB>, paths: string[]): Promise<number[]> {
  if (!paths.length) return [];
  const rows = await db
    .selectFrom('area')
    .select('id')
    .where('level', '=', 'community')
    .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
    .execute();
  return rows.map((row) => row.id);
}

export async function insertUser(
  db: Kysely<DB>,
  row: { username: string; displayName: string; passwordHash: string; locale?: 'zh-CN' | 'en'; householdId?: number | null; residentId?: number | null },
) {
  return db
    .insertInto('app_user')
    .values({
      username: row.username,
      display_name: row.displayName,
      password_hash: row.passwordHash,
      locale: row.locale ?? 'zh-CN',
      household_id: row.householdId ?? null,
      resident_id: row.residentId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertGrant(db: Kysely<DB>, userId: number, role: Role, areaId: number) {
  await db.insertInto('user_role').values({ user_id: userId, role, area_id: areaId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function selectAreaLevels(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('area').select(['id', 'level']).where('id', 'in', ids).execute();
}

export async function updateUserProfile(db: Kysely<DB>, userId: number, patch: { locale?: 'zh-CN' | 'en'; displayName?: string }) {
  await db.updateTable('app_user').set({ locale: patch.locale, display_name: patch.displayName }).where('id', '=', userId).execute();
}
