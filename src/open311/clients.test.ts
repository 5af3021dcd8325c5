import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import type { Runtime } from '../runtime.ts';
import { open311Command } from './cli.ts';
import { postForm } from './testSpec.ts';

// Integrator keys: issued by an admin (console API or shell), shown once, stored as a hash, switched off.

let t: Awaited<ReturnType<typeof startTestApp>>;
let admin: Agent;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(async () => t?.close());

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const report = (key: string) => postForm(t, '/open311/v2/requests.json', { api_key: key, service_code: 'noise', lat: '29.805', long: '121.505', description: '噪音' });

describe('the console API', () => {
  it('issues a key once, keeps only its hash, and lists the client without it', async () => {
    const made = await admin.send('POST', '/api/open311/clients', { name: ' 12345 热线 ', areaId: t.world.communityA.id });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: '12345 热线', areaId: t.world.communityA.id, areaCode: 'CA', areaName: 'CA名', active: true, apiKey: expect.stringMatching(/^[\w-]{32}$/) });
    const row = await t.database.db.selectFrom('open311_client').selectAll().where('id', '=', made.body.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(sha256(made.body.apiKey));
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('entity', '=', 'open311_client').execute();
    expect(audit.map((a) => a.action)).toContain('open311_client.create');
    expect(JSON.stringify(audit)).not.toContain(made.body.apiKey);
    const list = await admin.get('/api/open311/clients');
    expect(list.body.items.find((c: { id: number }) => c.id === made.body.id)).not.toHaveProperty('apiKey');
    expect(list.raw).not.toContain(made.body.apiKey);
    expect((await report(made.body.apiKey)).status).toBe(200);
  });

  it('deactivates a client: its key is refused from then on', async () => {
    const made = await admin.send('POST', '/api/open311/clients', { name: '停用测试', areaId: t.world.communityA.id });
    const off = await admin.send('DELETE', `/api/open311/clients/${made.body.id}`);
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await report(made.body.apiKey)).status).toBe(403);
    expect((await admin.send('DELETE', '/api/open311/clients/999999')).body.error.code).toBe('OPEN311_CLIENT_NOT_FOUND');
  });

  it('refuses an unknown area and a blank name', async () => {
    expect((await admin.send('POST', '/api/open311/clients', { name: 'x', areaId: 999999 })).body.error.code).toBe('AREA_NOT_FOUND');
    expect((await admin.send('POST', '/api/open311/clients', { name: '   ', areaId: t.world.communityA.id })).status).toBe(400);
  });

  it.each(['subdistrict', 'department', 'staff', 'grid', 'lead', 'property', 'resident'])('is for tickets.manage only: %s is refused', async (username) => {
    const agent = await t.login(username);
    expect((await agent.get('/api/open311/clients')).status).toBe(403);
    expect((await agent.send('POST', '/api/open311/clients', { name: 'x', areaId: t.world.communityA.id })).status).toBe(403);
    const made = await admin.send('POST', '/api/open311/clients', { name: '他人', areaId: t.world.communityA.id });
    expect((await agent.send('DELETE', `/api/open311/clients/${made.body.id}`)).status).toBe(403);
  });
});

describe('linli open311 key', () => {
  const lines: string[] = [];
  const withRuntime = <T>(work: (runtime: Runtime) => Promise<T>) => work({ database: t.database } as unknown as Runtime);
  const run = (...args: string[]) => {
    const command = open311Command(withRuntime, (line) => lines.push(line));
    for (const sub of command.commands) sub.exitOverride().configureOutput({ writeErr: () => undefined });
    return command.parseAsync(args, { from: 'user' });
  };

  it('prints a working key for an integrator on an area given by its code', async () => {
    await run('key', '--name', '物业服务平台', '--area', 'CA-G1');
    const key = lines.find((l) => l.startsWith('api_key: '))!.slice('api_key: '.length);
    expect(lines.join('\n')).toContain('CA-G1名');
    const row = await t.database.db.selectFrom('open311_client').select(['name', 'area_id']).where('key_hash', '=', sha256(key)).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '物业服务平台', area_id: t.world.gridA1.id });
    expect((await report(key)).status).toBe(200);
  });

  it('refuses an unknown area code and a blank name', async () => {
    await expect(run('key', '--name', '某平台', '--area', 'NOPE')).rejects.toMatchObject({ code: 'AREA_NOT_FOUND' });
    await expect(run('key', '--name', ' ', '--area', 'CA')).rejects.toThrow(/blank/);
  });
});
