import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor, Scope } from '../actor.ts';
import { insertAuditEntry } from '../audit/store.ts';
import type { Clock } from '../clock.ts';
import { coalesce, perObject } from '../coalesce.ts';
import { AppError } from '../errors.ts';
import { roleGrants, type Permission } from '../roles.ts';
import * as store from './store.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 15 * 60 * 1000;
const MIN_PASSWORD_LENGTH = 10;

export interface AuthDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1, OWASP's baseline). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the username is unknown, so a miss costs as long as a wrong password.
const decoyHash = hashPassword('linli-decoy-password');

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

export function checkPasswordStrength(username: string, password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.toLowerCase() === username.toLowerCase()) {
    throw new AppError('PASSWORD_TOO_WEAK');
  }
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  userId: number;
}

/** Checks a password, locks the account after repeated failures, and opens a session. */
export async function login(
  deps: AuthDeps,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const now = deps.clock.now();
  const user = await store.findUserByUsername(deps.db, input.username);
  if (!user || user.disabled) {
    await verify(await decoyHash, input.password);
    throw new AppError('LOGIN_FAILED');
  }
  if (user.locked_until && user.locked_until > now) {
    throw new AppError('ACCOUNT_LOCKED', { until: user.locked_until.toISOString() });
  }
  if (!(await verify(user.password_hash, input.password))) {
    const after = await store.recordLoginFailure(deps.db, user.id, LOCK_AFTER_FAILURES, new Date(now.getTime() + LOCK_MS));
    await insertAuditEntry(deps.db, { actorId: user.id, actorName: user.username, action: 'login.failed', entity: 'user', entityId: user.id, ip: input.ip });
    if (after.locked_until && after.locked_until > now) {
      throw new AppError('ACCOUNT_LOCKED', { until: after.locked_until.toISOString() });
    }
    throw new AppError('LOGIN_FAILED');
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  await deps.db.transaction().execute(async (trx) => {
    await store.clearLoginFailures(trx, user.id);
    await store.insertSession(trx, {
      tokenHash: sha256(token),
      userId: user.id,
      csrfToken,
      ip: input.ip,
      userAgent: input.userAgent,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    });
    await insertAuditEntry(trx, { actorId: user.id, actorName: user.username, action: 'login', entity: 'user', entityId: user.id, ip: input.ip });
  });
  return { token, csrfToken, userId: user.id };
}

export interface Authenticated {
  actor: Actor;
  csrfToken: string;
}

type SessionLookup = { tokenHash: string; now: Date };

/** Sessions looked up while another lookup is under way go together in the next: one round trip for a busy moment's requests. */
const sessionFinder = perObject((db: Kysely<DB>) => coalesce(async (lookups: SessionLookup[]) => {
  const earliest = new Date(Math.min(...lookups.map((l) => l.now.getTime())));
  const found = new Map((await store.findLiveSessions(db, [...new Set(lookups.map((l) => l.tokenHash))], earliest)).map((s) => [s.token_hash, s]));
  return lookups.map(({ tokenHash, now }): PromiseFulfilledResult<store.LiveSession | undefined> => {
    const session = found.get(tokenHash);
    return { status: 'fulfilled', value: session && session.expires_at > now ? session : undefined };
  });
}, { maxBatch: 100, maxRunning: 1 }));

/** The actor behind a session token, or undefined when the session is unknown or expired. */
export async function authenticate(deps: AuthDeps, token: string, ip: string | null): Promise<Authenticated | undefined> {
  const session = await sessionFinder(deps.db)({ tokenHash: sha256(token), now: deps.clock.now() });
  if (!session || session.disabled) return undefined;
  return {
    csrfToken: session.csrf_token,
    actor: {
      userId: session.user_id,
      username: session.username,
      displayName: session.display_name,
      locale: session.locale,
      grants: session.grants,
      householdId: session.household_id,
      residentId: session.resident_id,
      departmentId: session.department_id,
      ip,
    },
  };
}

export async function logout(deps: AuthDeps, token: string): Promise<void> {
  await store.deleteSession(deps.db, sha256(token));
}

/** Ends every session of the user, on every device. */
export async function logoutEverywhere(deps: AuthDeps, actor: Actor): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await store.deleteUserSessions(trx, actor.userId);
    await insertAuditEntry(trx, { actorId: actor.userId, actorName: actor.username, action: 'logout.everywhere', entity: 'user', entityId: actor.userId, ip: actor.ip });
  });
}

/** Changes the password and ends the user's other sessions. */
export async function changePassword(
  deps: AuthDeps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; currentToken: string },
): Promise<void> {
  const user = await store.findUserById(deps.db, actor.userId);
  if (!user || !(await verify(user.password_hash, input.currentPassword))) throw new AppError('PASSWORD_WRONG');
  checkPasswordStrength(user.username, input.newPassword);
  const newHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await store.updatePasswordHash(trx, user.id, newHash);
    await store.deleteUserSessions(trx, user.id, sha256(input.currentToken));
    await insertAuditEntry(trx, { actorId: actor.userId, actorName: actor.username, action: 'password.change', entity: 'user', entityId: user.id, ip: actor.ip });
  });
}

/** The user's own settings: the language Linli speaks to them in (also in notifications) and their shown name. */
export async function updateProfile(deps: AuthDeps, actor: Actor, patch: { locale?: 'zh-CN' | 'en'; displayName?: string }): Promise<Actor> {
  await store.updateUserProfile(deps.db, actor.userId, patch);
  return { ...actor, locale: patch.locale ?? actor.locale, displayName: patch.displayName ?? actor.displayName };
}

const scopeCache = new WeakMap<Actor, Map<Permission, Promise<Scope>>>();

/** Where the actor's roles grant a permission; resolved once per request and cached. */
export function scopeFor(db: Kysely<DB>, actor: Actor, permission: Permission): Promise<Scope> {
  let perActor = scopeCache.get(actor);
  if (!perActor) scopeCache.set(actor, (perActor = new Map()));
  let scope = perActor.get(permission);
  if (!scope) {
    scope = resolveScope(db, actor, permission);
    perActor.set(permission, scope);
  }
  return scope;
}

async function resolveScope(db: Kysely<DB>, actor: Actor, permission: Permission): Promise<Scope> {
  const granting = actor.grants.filter((grant) => roleGrants(grant.role, permission));
  const gridIds = granting.filter((g) => g.areaLevel === 'grid').map((g) => g.areaId);
  const subtreePaths = granting.filter((g) => g.areaLevel !== 'grid').map((g) => g.areaPath);
  const communityIds = await store.selectCommunitiesUnder(db, subtreePaths);
  return { communityIds, gridIds };
}
