import type { Kysely } from 'kysely';
import { ensureNationalStandard } from '../checkup/standardService.ts';
import { ensureTicketDefaults } from '../tickets/defaults.ts';
import type { DB } from './schema.ts';

/**
 * Reference data that lives in files rather than in SQL migrations (the national standard, the default
 * ticket categories): installed after migrating, on every start, only where it is missing.
 */
export async function seedReferenceData(db: Kysely<DB>): Promise<void> {
  await ensureNationalStandard(db);
  await ensureTicketDefaults(db);
}
