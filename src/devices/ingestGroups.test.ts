/** Events that arrive together are committed in groups: each still exactly once, its outcome its own. */
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../test/app.ts';
import { registerFleet, type FleetDevice } from './fleet.ts';
import { createIngest } from './ingest.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
const ids = Array.from({ length: 20 }, (_, i) => `GROUP-${i + 1}`);

beforeAll(async () => {
  t = await startTestApp();
  const { a1 } = t.world;
  const fleet = ids.map((id): FleetDevice => ({
    id, kind: 'sos_button', communityId: t.world.communityA.id, place: { householdId: a1.household.id, buildingId: a1.building.id, gridId: a1.grid.id }, point: null,
  }));
  await t.database.db.transaction().execute((trx) => registerFleet(trx, t, fleet, t.clock.now(), 'test'));
});
afterAll(() => t.close());

describe('events arriving together', () => {
  it('are each written once, with their rules applied in order, and a copy in the same burst is a duplicate', async () => {
    const ingest = createIngest({ db: t.database.db, clock: t.clock, cipher: t.cipher, log: pino({ level: 'silent' }) });
    const press = (id: string, seq: number) => ingest.ingest(id, 'event', Buffer.from(JSON.stringify({ ts: t.clock.now().getTime(), seq, type: 'sos' })));
    // All at once: one device's presses, and a second copy of its press 2, race with every other device's.
    const outcomes = await Promise.all(ids.flatMap((id) => [press(id, 1), press(id, 2), press(id, 2), press(id, 3)]));
    await ingest.close();

    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(3 * ids.length);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(ids.length);
    const { rows } = await sql<{ n: number; alarms: number; occurrences: number }>`
      SELECT (SELECT count(*) FROM device_event WHERE device_id LIKE 'GROUP-%') AS n,
             (SELECT count(*) FROM alarm WHERE device_id LIKE 'GROUP-%' AND type = 'sos' AND cleared_at IS NULL) AS alarms,
             (SELECT min(occurrences) FROM alarm WHERE device_id LIKE 'GROUP-%') AS occurrences`.execute(t.database.db);
    expect(rows[0]).toEqual({ n: 3 * ids.length, alarms: ids.length, occurrences: 3 });
    expect(await press(ids[0], 3)).toBe('duplicate'); // a redelivery later is one too
  });
});
