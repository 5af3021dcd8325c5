import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Empties every registry and account table, and (by CASCADE) everything that refers to them: checkups,
 * standards, surveys, projects, street networks. Reference data that lives in SQL (facility kinds, kind
 * mappings) stays; the caller re-seeds what lives in files (seedReferenceData).
 */
export async function truncateRegistry(db: Kysely<DB>): Promise<void> {
  await sql`TRUNCATE area, department, estate, building, household, resident, facility, app_user, user_role,
    user_session, audit_log, import_job, app_setting RESTART IDENTITY CASCADE`.execute(db);
}

export async function isRegistryEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('area').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
