import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import type { Database } from './engine.ts';
import { insertJsonRows } from './jsonRows.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('insertJsonRows', () => {
  it('writes every row with its values typed by the table, leaving the columns no row gives to their defaults', async () => {
    const at = new Date('2026-11-27T08:30:00.123Z');
    await insertJsonRows('audit_log', [
      { actor_id: null, actor_name: '张三', action: 'json.rows', entity: 'test', entity_id: '1', details: { nested: { n: 1.25 }, list: ['甲'] }, at, ip: '10.0.0.1' },
      { actor_id: null, actor_name: 'O\'Brien "quoted"', action: 'json.rows', entity: 'test', entity_id: '2', details: {}, at, community_id: undefined },
    ]).execute(database.db);
    const rows = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'json.rows').orderBy('entity_id').execute();
    expect(rows.map((r) => [r.entity_id, r.actor_name, r.details, r.community_id])).toEqual([
      ['1', '张三', { nested: { n: 1.25 }, list: ['甲'] }, null],
      ['2', 'O\'Brien "quoted"', {}, null],
    ]);
    // A timestamp goes as its ISO text; a row without a value another row gives gets NULL there.
    expect(rows.map((r) => [r.at, r.ip])).toEqual([[at, '10.0.0.1'], [at, null]]);
  });

  it('stores a lone surrogate as U+FFFD, and text that only looks like its escape as it is', async () => {
    await insertJsonRows('audit_log', [
      { actor_id: null, actor_name: '甲\ud800乙', action: 'json.surrogate', entity: 'test', entity_id: '1', details: { pair: '😀' } },
      { actor_id: null, actor_name: 'C:\\ud800', action: 'json.surrogate', entity: 'test', entity_id: '2', details: {} },
    ]).execute(database.db);
    const rows = await database.db.selectFrom('audit_log').select(['actor_name', 'details']).where('action', '=', 'json.surrogate').orderBy('entity_id').execute();
    expect(rows).toEqual([{ actor_name: '甲\ufffd乙', details: { pair: '😀' } }, { actor_name: 'C:\\ud800', details: {} }]);
  });

  it('gives a column no row has a value for its default', async () => {
    const before = Date.now();
    await insertJsonRows('audit_log', [{ actor_id: null, actor_name: 'x', action: 'json.default', entity: 'test' }]).execute(database.db);
    const row = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'json.default').executeTakeFirstOrThrow();
    expect(row.at.getTime()).toBeGreaterThanOrEqual(before - 60_000);
    expect(row.details).toEqual({});
  });
});
