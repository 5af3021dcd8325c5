import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './app.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const register = (body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST', url: '/api/auth/register',
    payload: { password: 'resident-pass-123', displayName: '新居民', communityCode: 'CA', address: 'A1号楼1单元101', name: '张三', phone: '13812345678', ...body },
  });

describe('resident sign-up and household verification', () => {
  it('signs up an unbound resident with a pending claim', async () => {
    const res = await register({ username: 'zhangsan' });
    expect(res.statusCode).toBe(201);
    const me = await t.login('zhangsan', 'resident-pass-123');
    expect((await me.get('/api/me/household')).body.error.code).toBe('NOT_BOUND_TO_HOUSEHOLD');
    expect((await me.get('/api/me/claim')).body.claim).toMatchObject({ status: 'pending', name: '张*', phone: '138****5678' });
  });

  it('refuses a bad phone or a taken username and creates no account', async () => {
    const bad = await register({ username: 'badphone', phone: '12345678901' });
    expect(bad.json().error.details[0]).toEqual({ path: 'body.phone', code: 'INVALID_PHONE', message: '手机号码格式不正确' });
    const english = await t.app.inject({
      method: 'POST', url: '/api/auth/register?lang=en',
      payload: { username: 'badphone', password: 'resident-pass-123', displayName: 'x', communityCode: 'CA', address: 'A1', name: 'x', phone: '12345678901' },
    });
    expect(english.json().error.details[0].message).toBe('Not a valid phone number');
    expect((await register({ username: 'nocommunity', communityCode: 'CA-G1' })).json().error.code).toBe('COMMUNITY_CODE_UNKNOWN');
    await expect(t.login('badphone', 'resident-pass-123')).rejects.toThrow(/LOGIN_FAILED/);
    expect((await register({ username: 'zhangsan' })).json().error.code).toBe('USERNAME_TAKEN');
  });

  it('shows the claim to the grid’s verifiers with the matching resident suggested, not to another community', async () => {
    const grid = await t.login('grid');
    const claims = (await grid.get('/api/claims?status=pending')).body.items;
    expect(claims).toHaveLength(1);
    expect(claims[0].suggestions).toEqual([expect.objectContaining({ residentId: t.world.a1.resident.id, householdId: t.world.a1.household.id })]);
    const other = await t.login('staffB');
    expect((await other.get('/api/claims')).body.items).toEqual([]);
    expect((await other.send('POST', `/api/claims/${claims[0].id}/approve`, { householdId: t.world.b1.household.id })).body.error.code).toBe('CLAIM_NOT_FOUND');
  });

  it('lets the building lead bind the account within their grid only, once', async () => {
    const lead = await t.login('lead');
    const [claim] = (await lead.get('/api/claims?status=pending')).body.items;
    const outside = await lead.send('POST', `/api/claims/${claim.id}/approve`, { householdId: t.world.a2.household.id });
    expect(outside.body.error.code).toBe('OUT_OF_SCOPE');
    const wrongResident = await lead.send('POST', `/api/claims/${claim.id}/approve`, { householdId: t.world.a1.household.id, residentId: t.world.a2.resident.id });
    expect(wrongResident.body.error.code).toBe('CLAIM_HOUSEHOLD_MISMATCH');
    const ok = await lead.send('POST', `/api/claims/${claim.id}/approve`, { householdId: t.world.a1.household.id, residentId: t.world.a1.resident.id });
    expect(ok.body).toMatchObject({ status: 'approved', householdId: t.world.a1.household.id });
    expect((await lead.send('POST', `/api/claims/${claim.id}/reject`, { reason: '重复' })).body.error.code).toBe('CLAIM_NOT_PENDING');
    const me = await t.login('zhangsan', 'resident-pass-123');
    expect((await me.get('/api/me/household')).body.me.name).toBe('张三');
  });

  it('records a rejection with its reason for the applicant to read', async () => {
    await register({ username: 'wrongaddr', name: '周八', phone: '13900000001' });
    const staff = await t.login('staff');
    const [claim] = (await staff.get('/api/claims?status=pending')).body.items;
    expect(claim.suggestions).toEqual([]);
    await staff.send('POST', `/api/claims/${claim.id}/reject`, { reason: '地址与登记信息不符，请到社区服务站办理' });
    const me = await t.login('wrongaddr', 'resident-pass-123');
    expect((await me.get('/api/me/claim')).body.claim).toMatchObject({ status: 'rejected', decisionNote: '地址与登记信息不符，请到社区服务站办理' });
    // They apply again, once: a second open claim waits for the first decision.
    const again = await me.send('POST', '/api/me/claim', { address: 'A2号楼1单元101', name: '周八', phone: '13900000001' });
    expect(again.body).toMatchObject({ status: 'pending', address: 'A2号楼1单元101' });
    expect((await me.send('POST', '/api/me/claim', { address: 'A2', name: '周八', phone: '13900000001' })).body.error.code).toBe('CLAIM_PENDING_EXISTS');
    const bound = await t.login('resident');
    expect((await bound.send('POST', '/api/me/claim', { address: 'A1', name: '张三', phone: '13812345678' })).body.error.code).toBe('ALREADY_BOUND');
    await staff.send('POST', `/api/claims/${again.body.id}/reject`, { reason: '请到社区服务站办理' });
    // Decided claims list newest first, saying who decided and where an approved account was bound.
    const decided = [...(await staff.get('/api/claims?status=rejected')).body.items, ...(await staff.get('/api/claims?status=approved')).body.items];
    expect(decided.map((c: { username: string; address: string }) => `${c.username} ${c.address}`)).toEqual([
      'wrongaddr A2号楼1单元101', 'wrongaddr A1号楼1单元101', 'zhangsan A1号楼1单元101',
    ]);
    expect(decided[2]).toMatchObject({ decidedBy: 'lead', householdAddress: 'A1号楼 1-101' });
  });
});

describe('account administration', () => {
  it('lets staff create accounts on their own community, never admins, never elsewhere', async () => {
    const staff = await t.login('staff');
    const ok = await staff.send('POST', '/api/users', {
      username: 'newgrid', displayName: '新网格员', password: 'grid-pass-12345', roles: [{ role: 'grid_worker', areaId: t.world.gridA2.id }],
    });
    expect(ok.status).toBe(201);
    const admin = await staff.send('POST', '/api/users', {
      username: 'sneaky', displayName: 'x', password: 'sneaky-pass-123', roles: [{ role: 'admin', areaId: t.world.communityA.id }],
    });
    expect(admin.body.error.code).toBe('ROLE_NOT_ASSIGNABLE');
    const elsewhere = await staff.send('POST', '/api/users', {
      username: 'sneaky', displayName: 'x', password: 'sneaky-pass-123', roles: [{ role: 'grid_worker', areaId: t.world.gridB1.id }],
    });
    expect(elsewhere.body.error.code).toBe('ROLE_NOT_ASSIGNABLE');
    const wrongLevel = await staff.send('POST', '/api/users', {
      username: 'sneaky', displayName: 'x', password: 'sneaky-pass-123', roles: [{ role: 'subdistrict_officer', areaId: t.world.gridA2.id }],
    });
    expect(wrongLevel.body.error.code).toBe('ROLE_AREA_LEVEL');
    const list = (await staff.get('/api/users?q=newgrid')).body.items;
    expect(list).toEqual([expect.objectContaining({ username: 'newgrid', roles: [expect.objectContaining({ role: 'grid_worker', areaId: t.world.gridA2.id })] })]);
    const newGrid = await t.login('newgrid', 'grid-pass-12345');
    const households = (await newGrid.get('/api/households')).body.items.map((h: { id: number }) => h.id);
    expect(households).toEqual([t.world.a2.household.id]);
  });
});
