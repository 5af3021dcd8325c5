import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { createWebhookWorker, enqueueWebhookEvent, type WebhookWorkerOptions } from './webhooks.ts';

/** A gateway on a local port: records every request, answers with `status` after `delayMs`. */
interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}
const gateway = { status: 200, delayMs: 0, hang: false, received: [] as Received[] };
let server: http.Server;
let gatewayUrl: string;

let t: Awaited<ReturnType<typeof startTestApp>>;
let admin: Agent;
const warnings: object[] = [];
beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      gateway.received.push({ headers: request.headers, body });
      if (gateway.hang) return;
      setTimeout(() => response.writeHead(gateway.status, { 'content-type': 'text/plain' }).end(gateway.status === 200 ? 'ok' : 'gateway down'), gateway.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=abc`;
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});
beforeEach(async () => {
  // Each test starts with no webhooks (and so, by cascade, no deliveries) and a gateway that answers 200.
  await t.database.db.deleteFrom('webhook').execute();
  Object.assign(gateway, { status: 200, delayMs: 0, hang: false, received: [] });
  t.clock.set(new Date('2026-11-26T08:00:00Z'));
});

const worker = (options: WebhookWorkerOptions = {}) =>
  createWebhookWorker({ db: t.database.db, clock: t.clock, cipher: t.cipher, log: { warn: (o: object) => void warnings.push(o) } }, options);
const event = (kind = 'dispatched', ticketId = 7) => enqueueWebhookEvent(t.database.db, { event: kind, payload: { ticketId, status: 'dispatched' }, at: t.clock.now() });
async function newWebhook(body: Record<string, unknown> = {}) {
  const res = await admin.send('POST', '/api/webhooks', { name: '短信网关', url: gatewayUrl, ...body });
  expect(res.status).toBe(201);
  return res.body as { id: number; secret: string };
}
const deliveries = () => t.database.db.selectFrom('webhook_delivery').selectAll().orderBy('id').execute();
const sec = 1000;

describe('administering webhooks', () => {
  it('shows the secret once, keeps it sealed, lists counts, edits, deletes, and audits each change', async () => {
    const created = await admin.send('POST', '/api/webhooks', { name: ' 短信网关 ', url: gatewayUrl, events: ['dispatched', 'breached', 'dispatched'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '短信网关', url: gatewayUrl, events: ['dispatched', 'breached'], active: true, pending: 0, dead: 0 });
    expect(created.body.secret).toMatch(/^[0-9a-f]{64}$/);
    const stored = await t.database.db.selectFrom('webhook').select('secret_sealed').where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored.secret_sealed).not.toContain(created.body.secret);
    expect(t.cipher.decrypt('webhook.secret', Buffer.from(stored.secret_sealed, 'base64'))).toBe(created.body.secret);

    const list = await admin.get('/api/webhooks');
    expect(list.body.items).toEqual([expect.objectContaining({ id: created.body.id, pending: 0, dead: 0 })]);
    expect(list.raw).not.toContain(created.body.secret);

    const patched = await admin.send('PATCH', `/api/webhooks/${created.body.id}`, { active: false, events: [] });
    expect(patched.body).toMatchObject({ active: false, events: [] });
    expect(patched.body.secret).toBeUndefined();
    expect((await admin.send('PATCH', `/api/webhooks/${created.body.id}`, {})).status).toBe(400);
    expect((await admin.send('POST', '/api/webhooks', { name: 'x', url: 'ftp://example.com/' })).body.error.details[0].path).toBe('body.url');

    expect((await admin.send('DELETE', `/api/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await admin.send('DELETE', `/api/webhooks/${created.body.id}`)).body.error.code).toBe('WEBHOOK_NOT_FOUND');
    expect((await admin.send('PATCH', `/api/webhooks/${created.body.id}`, { active: true })).body.error.code).toBe('WEBHOOK_NOT_FOUND');
    expect((await admin.get(`/api/webhooks/${created.body.id}/deliveries`)).body.error.code).toBe('WEBHOOK_NOT_FOUND');

    const audit = await admin.get('/api/audit?entity=webhook');
    expect(audit.body.items.map((e: { action: string }) => e.action).slice(0, 3)).toEqual(['webhook.delete', 'webhook.update', 'webhook.create']);
    expect(audit.raw).not.toContain(created.body.secret);
  });

  it('is for admins only (tickets.manage)', async () => {
    const { id } = await newWebhook();
    for (const username of ['staff', 'subdistrict', 'grid', 'resident']) {
      const agent = await t.login(username);
      const answers = await Promise.all([
        agent.get('/api/webhooks'),
        agent.send('POST', '/api/webhooks', { name: 'x', url: gatewayUrl }),
        agent.send('PATCH', `/api/webhooks/${id}`, { active: false }),
        agent.send('DELETE', `/api/webhooks/${id}`),
        agent.get(`/api/webhooks/${id}/deliveries`),
        agent.send('POST', '/api/webhook-deliveries/1/retry'),
      ]);
      expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403]);
      expect(answers[0].body.error.code).toBe('FORBIDDEN');
    }
    expect((await admin.get('/api/webhooks')).body.items).toHaveLength(1);
  });
});

describe('queueing events (the outbox)', () => {
  it('queues a delivery for each active webhook that takes the event, in the caller’s transaction', async () => {
    const all = await newWebhook({ name: '全部' });
    const some = await newWebhook({ name: '派单', events: ['dispatched'] });
    const off = await newWebhook({ name: '停用' });
    await admin.send('PATCH', `/api/webhooks/${off.id}`, { active: false });
    await event('dispatched');
    await event('breached');
    expect((await deliveries()).map((d) => [d.webhook_id, d.event, d.status])).toEqual([
      [all.id, 'dispatched', 'pending'], [some.id, 'dispatched', 'pending'], [all.id, 'breached', 'pending'],
    ]);
    await t.database.db.transaction().execute(async (trx) => {
      await enqueueWebhookEvent(trx, { event: 'resolved', payload: {}, at: t.clock.now() });
      throw new Error('rolled back');
    }).catch(() => undefined);
    expect(await deliveries()).toHaveLength(3);
  });
});

describe('the delivery worker', () => {
  it('posts the event signed with the secret, and marks it delivered', async () => {
    const { id, secret } = await newWebhook();
    await event('dispatched', 42);
    expect(await worker().runDue()).toBe(1);
    expect(gateway.received).toHaveLength(1);
    const { headers, body } = gateway.received[0];
    const [delivery] = await deliveries();
    expect(JSON.parse(body)).toEqual({ id: delivery.id, event: 'dispatched', createdAt: '2026-11-26T08:00:00.000Z', payload: { ticketId: 42, status: 'dispatched' } });
    expect(headers).toMatchObject({
      'content-type': 'application/json', 'x-linli-event': 'dispatched', 'x-linli-delivery': String(delivery.id),
      'x-linli-timestamp': String(Date.parse('2026-11-26T08:00:00Z') / 1000),
    });
    const expected = crypto.createHmac('sha256', secret).update(`${headers['x-linli-timestamp']}.${body}`).digest('hex');
    expect(headers['x-linli-signature']).toBe(`sha256=${expected}`);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, last_status: 200, delivered_at: t.clock.now() });
    // Nothing more is due.
    expect(await worker().runDue()).toBe(0);
    expect((await admin.get(`/api/webhooks/${id}/deliveries?status=delivered`)).body.items).toMatchObject([{ id: delivery.id, status: 'delivered' }]);
  });

  it('retries a failing gateway later and later, gives up after the last attempt, and an admin can retry it', async () => {
    const { id } = await newWebhook();
    gateway.status = 500;
    await event();
    const w = worker({ maxAttempts: 4 });
    const start = t.clock.now().getTime();
    const attemptTimes: number[] = [];
    // Step through time a second at a time past each wait: the attempt comes exactly when it is due.
    for (let second = 0; second <= 30 + 60 + 120 + 5; second++) {
      t.clock.set(new Date(start + second * sec));
      if (await w.runDue()) attemptTimes.push(second);
    }
    expect(attemptTimes).toEqual([0, 30, 90, 210]);
    const [dead] = await deliveries();
    expect(dead).toMatchObject({ status: 'dead', attempts: 4, last_status: 500, last_error: 'HTTP 500 gateway down' });
    expect(gateway.received).toHaveLength(4);
    // Dead stays dead, however long one waits (within the admin's session).
    t.clock.advance(6 * 3600 * sec);
    expect(await w.runDue()).toBe(0);
    expect(warnings.at(-1)).toMatchObject({ deliveryId: dead.id, webhookId: id, attempts: 4, dead: true });
    expect(JSON.stringify(warnings)).not.toContain('token=abc');

    expect((await admin.get('/api/webhooks')).body.items[0]).toMatchObject({ id, pending: 0, dead: 1 });
    const deadList = await admin.get(`/api/webhooks/${id}/deliveries?status=dead`);
    expect(deadList.body.items).toMatchObject([{ id: dead.id, event: 'dispatched', attempts: 4, lastStatus: 500, payload: { ticketId: 7 } }]);

    const retried = await admin.send('POST', `/api/webhook-deliveries/${dead.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 4, nextAttemptAt: t.clock.now().toISOString() });
    const again = await admin.send('POST', `/api/webhook-deliveries/${dead.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('WEBHOOK_DELIVERY_NOT_DEAD');
    expect((await admin.send('POST', '/api/webhook-deliveries/999999/retry')).body.error.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
    expect((await admin.get('/api/audit?action=webhook.retry')).body.items[0]).toMatchObject({ entityId: String(id), details: { deliveryId: dead.id } });

    gateway.status = 200;
    expect(await w.runDue()).toBe(1);
    expect((await deliveries())[0]).toMatchObject({ status: 'delivered', attempts: 5 });
  });

  it('gives up on a gateway that does not answer in time, and holds deliveries of a switched-off webhook', async () => {
    const { id } = await newWebhook();
    gateway.hang = true;
    await event();
    expect(await worker({ timeoutMs: 200 }).runDue()).toBe(1);
    expect((await deliveries())[0]).toMatchObject({ status: 'pending', attempts: 1, last_status: null, last_error: expect.stringMatching(/abort|timeout/i) });

    await admin.send('PATCH', `/api/webhooks/${id}`, { active: false });
    t.clock.advance(3600 * sec);
    expect(await worker().runDue()).toBe(0);
    await admin.send('PATCH', `/api/webhooks/${id}`, { active: true });
    gateway.hang = false;
    expect(await worker().runDue()).toBe(1);
    expect((await deliveries())[0].status).toBe('delivered');
  });

  it('never sends one delivery twice when two workers run at once', async () => {
    await newWebhook();
    gateway.delayMs = 5;
    for (let n = 0; n < 30; n++) await event('dispatched', n);
    const [a, b] = await Promise.all([worker({ batch: 4 }).runDue(), worker({ batch: 4 }).runDue()]);
    expect(a + b).toBe(30);
    // Both took part: each claimed while the other's requests were out.
    expect(Math.min(a, b)).toBeGreaterThan(0);
    const sent = gateway.received.map((r) => Number(r.headers['x-linli-delivery']));
    expect(sent).toHaveLength(30);
    expect(new Set(sent).size).toBe(30);
    expect((await deliveries()).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });
});
