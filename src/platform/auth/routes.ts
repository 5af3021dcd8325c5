import type { FastifyReply } from 'fastify';
import type { Actor } from '../actor.ts';
import { permissionsOf } from '../actor.ts';
import type { AppContext, AppInstance } from '../../app.ts';
import { AppError } from '../errors.ts';
import { requireActor, SESSION_COOKIE } from '../http.ts';
import { LoginBody, Me, Ok, PasswordBody, ProfileUpdate } from './schema.ts';
import { authenticate, changePassword, login, logout, logoutEverywhere, SESSION_TTL_MS, updateProfile } from './service.ts';
import { createLoginThrottle } from './loginThrottle.ts';

function presentMe(actor: Actor, csrfToken: string): Me {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    locale: actor.locale,
    roles: actor.grants.map((g) => ({ role: g.role, areaId: g.areaId, areaName: g.areaName, areaLevel: g.areaLevel })),
    permissions: permissionsOf(actor),
    householdId: actor.householdId,
    csrfToken,
  };
}

export function authRoutes(app: AppInstance, ctx: AppContext): void {
  const throttle = createLoginThrottle(ctx.clock);
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.cookieSecure, path: '/' };
  const clearCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, cookieOptions);

  app.post('/api/auth/login', { schema: { tags: ['auth'], body: LoginBody, response: { 200: Me } } }, async (request, reply) => {
    if (!throttle.allow(request.ip)) throw new AppError('TOO_MANY_REQUESTS');
    const result = await login(ctx, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] ?? null }).catch((err: unknown) => {
      if (err instanceof AppError && (err.code === 'LOGIN_FAILED' || err.code === 'ACCOUNT_LOCKED')) throttle.recordFailure(request.ip);
      throw err;
    });
    const found = await authenticate(ctx, result.token, request.ip);
    if (!found) throw new AppError('LOGIN_FAILED');
    reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, maxAge: SESSION_TTL_MS / 1000 });
    return presentMe(found.actor, result.csrfToken);
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: Me } } }, async (request) => {
    return presentMe(requireActor(request), request.csrfToken!);
  });

  app.patch('/api/auth/me', { schema: { tags: ['auth'], body: ProfileUpdate, response: { 200: Me } } }, async (request) =>
    presentMe(await updateProfile(ctx, requireActor(request), request.body), request.csrfToken!));

  app.post('/api/auth/logout', { schema: { tags: ['auth'], response: { 200: Ok } } }, async (request, reply) => {
    if (request.sessionToken) await logout(ctx, request.sessionToken);
    clearCookie(reply);
    return { ok: true as const };
  });

  app.post('/api/auth/logout-all', { schema: { tags: ['auth'], response: { 200: Ok } } }, async (request, reply) => {
    await logoutEverywhere(ctx, requireActor(request));
    clearCookie(reply);
    return { ok: true as const };
  });

  app.post('/api/auth/password', { schema: { tags: ['auth'], body: PasswordBody, response: { 200: Ok } } }, async (request) => {
    const actor = requireActor(request);
    await changePassword(ctx, actor, { ...request.body, currentToken: request.sessionToken! });
    return { ok: true as const };
  });
}
