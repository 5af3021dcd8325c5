import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** Runs work in a transaction, joining the caller's when there is one (Kysely does not nest them). */
export function inTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
