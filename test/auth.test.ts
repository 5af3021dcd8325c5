import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './app.ts';
import { TEST_PASSWORD } from './world.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('login and sessions', () => {
  it('rejects a wrong password with a stable code in the caller’s language', async () => {
    const zh = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'staff', password: 'nope' } });
    expect(zh.statusCode).toBe(401);
    expect(zh.json().error).toMatchObject({ code: 'LOGIN_FAILED', message: '用户名或密码不正确。' });
    const en = await t.app.inject({ method: 'POST', url: '/api/auth/login?lang=en', payload: { username: 'staff', password: 'nope' } });
    expect(en.json().error.message).toBe('Wrong username or password.');
  });

  it('slows guessing from one address by its failures, never by successful sign-ins', async () => {
    // Thirty colleagues behind one office address sign in: none is turned away.
    for (let i = 0; i < 30; i++) {
      const ok = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.0.0.7', payload: { username: 'staff', password: TEST_PASSWORD } });
      expect(ok.statusCode).toBe(200);
    }
    // Twenty wrong guesses across accounts, and the address waits, even with a right password.
    for (let i = 0; i < 20; i++) {
      await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.0.0.8', payload: { username: `nobody${i}`, password: 'guess-guess' } });
    }
    const blocked = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.0.0.8', payload: { username: 'staff', password: TEST_PASSWORD } });
    expect(blocked.json().error.code).toBe('TOO_MANY_REQUESTS');
    t.clock.advance(5 * 60 * 1000 + 1);
    const later = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.0.0.8', payload: { username: 'staff', password: TEST_PASSWORD } });
    expect(later.statusCode).toBe(200);
  });

  it('locks an account after five failures, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'property', password: 'wrong-password' } });
    }
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'property', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(423);
    expect(res.json().error.code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(16 * 60 * 1000);
    const later = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'property', password: TEST_PASSWORD } });
    expect(later.statusCode).toBe(200);
  });

  it('validates bodies with field-level details and writes nothing', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '', extra: 1 } });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['body.password', 'body.extra']));
  });

  it('sets an http-only cookie, needs the CSRF token for writes, and logs out everywhere', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid', password: TEST_PASSWORD } });
    const cookie = res.cookies.find((c) => c.name === 'linli_session')!;
    expect(cookie.httpOnly).toBe(true);
    const headers = { cookie: `linli_session=${cookie.value}` };
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers });
    expect(noCsrf.json().error.code).toBe('CSRF_FAILED');
    const other = await t.login('grid');
    expect((await other.get('/api/auth/me')).status).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: { ...headers, 'x-csrf-token': res.json().csrfToken } });
    expect(out.statusCode).toBe(200);
    expect((await other.get('/api/auth/me')).body.error.code).toBe('UNAUTHENTICATED');
  });

  it('changes a password: the old one stops working', async () => {
    const agent = await t.login('lead');
    const weak = await agent.send('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.body.error.code).toBe('PASSWORD_TOO_WEAK');
    const ok = await agent.send('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a-much-better-passphrase' });
    expect(ok.status).toBe(200);
    await expect(t.login('lead')).rejects.toThrow(/LOGIN_FAILED/);
    await t.login('lead', 'a-much-better-passphrase');
  });

  it('keeps the user’s language and speaks it when the request does not say', async () => {
    const agent = await t.login('department');
    const res = await agent.send('PATCH', '/api/auth/me', { locale: 'en', displayName: 'Housing bureau liaison' });
    expect(res.body).toMatchObject({ locale: 'en', displayName: 'Housing bureau liaison' });
    expect((await agent.get('/api/residents')).body.error.message).toBe('You are not allowed to do this.');
    expect((await agent.send('PATCH', '/api/auth/me', { locale: 'fr' })).status).toBe(400);
  });

  it('answers unknown addresses and health checks', async () => {
    expect((await t.app.inject({ url: '/api/nope' })).json().error.code).toBe('NOT_FOUND');
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/residents/{id}/reveal');
  });
});
