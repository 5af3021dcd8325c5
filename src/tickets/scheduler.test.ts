import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { createTicketScheduler } from './scheduler.ts';

// The scheduler acts only on timers whose ticket still has the deadline they were armed for (claimDueTimers'
// `live`); the others are marked fired without their ticket being locked. A backlog is drained in lanes.
// Grid A1 spans 121.50–121.51 E, 29.80–29.81 N; safety_hazard must be accepted within a minute.

let t: Awaited<ReturnType<typeof startTestApp>>;
let resident: Agent, grid: Agent;
const minutes = (n: number) => n * 60_000;

beforeAll(async () => {
  t = await startTestApp();
  [resident, grid] = await Promise.all(['resident', 'grid'].map((u) => t.login(u)));
});
afterAll(() => t.close());

/** Reports at points 58 m apart along grid A1 (so none makes a proactive ticket); their ids. */
async function report(n: number, from = 0): Promise<number[]> {
  const ids: number[] = [];
  for (let i = from; i < from + n; i++) {
    const location = { lon: 121.5003 + (i % 16) * 0.0006, lat: 29.8003 + Math.floor(i / 16) * 0.0005 };
    const res = await resident.send('POST', '/api/tickets', { categoryCode: 'safety_hazard', description: `调度测试 ${i}`, location });
    expect(res.status, res.raw).toBe(201);
    ids.push(res.body.id);
  }
  return ids;
}

const kindsOf = async (id: number) => (await grid.get(`/api/tickets/${id}`)).body.timeline.map((e: { kind: string }) => e.kind);
const pendingTimers = async (ids: number[]) =>
  (await t.database.db.selectFrom('ticket_timer').select('ticket_id').where('ticket_id', 'in', ids).where('fired_at', 'is', null).where('due_at', '<=', t.clock.now()).execute()).length;

describe('the ticket scheduler', () => {
  it('fires a moved-on deadline as nothing, and a live one once', async () => {
    const [accepted, paused, waiting] = await report(3);
    expect((await grid.send('POST', `/api/tickets/${accepted}/accept`)).status).toBe(200);
    expect((await grid.send('POST', `/api/tickets/${paused}/accept`)).status).toBe(200);
    expect((await grid.send('POST', `/api/tickets/${paused}/pause`, { reason: '等居民在家' })).status).toBe(200);
    // Past the accept deadlines (and the arrive one, 10 minutes from acceptance, of the two accepted).
    t.clock.advance(minutes(11));
    await createTicketScheduler({ db: t.database.db, clock: t.clock }).runDue();
    expect(await pendingTimers([accepted, paused, waiting])).toBe(0);
    expect(await kindsOf(accepted)).toEqual(['created', 'dispatched', 'accepted', 'breached']);
    expect(await kindsOf(paused)).toEqual(['created', 'dispatched', 'accepted', 'paused']);
    expect(await kindsOf(waiting)).toEqual(['created', 'dispatched', 'breached', 'escalated']);
  });

  it('drains a backlog larger than a batch in lanes side by side, each deadline once', async () => {
    const ids = await report(23, 3);
    t.clock.advance(minutes(1) + 1);
    expect(await createTicketScheduler({ db: t.database.db, clock: t.clock }, { batch: 4, lanes: 3 }).runDue()).toBe(23);
    for (const id of ids) expect(await kindsOf(id)).toEqual(['created', 'dispatched', 'breached', 'escalated']);
  });
});
