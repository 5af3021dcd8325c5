import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import type { Database } from './engine.ts';
import { prepared } from './prepared.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

/** The statements prepared on the transaction's connection whose text holds `marker`. */
const preparedHolding = (trx: Database['db'], marker: string) =>
  sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements WHERE statement LIKE ${`%${marker}%`}`.execute(trx);

describe('prepared', () => {
  it('prepares a marked statement once on its connection and runs it with each call\'s values', async () => {
    await database.db.transaction().execute(async (trx) => {
      const twice = (n: number) => prepared(sql<{ twice: number }>`SELECT ${n}::int * 2 AS twice, 'marked statement' AS marker`).execute(trx);
      expect((await twice(2)).rows).toEqual([{ twice: 4, marker: 'marked statement' }]);
      expect((await twice(21)).rows).toEqual([{ twice: 42, marker: 'marked statement' }]);
      expect((await preparedHolding(trx, 'marked statement')).rows).toHaveLength(1);
    });
  });

  it('leaves an unmarked statement unprepared', async () => {
    await database.db.transaction().execute(async (trx) => {
      expect((await sql<{ n: number }>`SELECT ${3}::int AS n, 'unmarked statement' AS marker`.execute(trx)).rows[0].n).toBe(3);
      expect((await preparedHolding(trx, 'unmarked statement')).rows).toEqual([]);
    });
  });

  it('reports a failing marked statement as its own error, and can run it again after', async () => {
    const divide = (n: number) => prepared(sql<{ q: number }>`SELECT 6 / ${n}::int AS q, 'failing statement' AS marker`).execute(database.db);
    await expect(divide(0)).rejects.toThrow(/division by zero/);
    expect((await divide(3)).rows[0].q).toBe(2);
  });
});
