import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { insertAuditEntry } from '../audit/store.ts';
import { AppError } from '../errors.ts';
import { roleAreaLevels, type Role } from '../roles.ts';
import { checkPasswordStrength, hashPassword } from './service.ts';
import * as store from './store.ts';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: { role: Role; areaId: number }[];
  householdId?: number | null;
  residentId?: number | null;
}

/** Each role must sit on an area of a level it is meant for (staff on a community, not on a city). */
async function checkRoleLevels(db: Kysely<DB>, grants: NewUser['roles']): Promise<void> {
  const levels = new Map((await store.selectAreaLevels(db, grants.map((g) => g.areaId))).map((a) => [a.id, a.level]));
  for (const grant of grants) {
    const level = levels.get(grant.areaId);
    if (!level) throw new AppError('AREA_NOT_FOUND');
    if (!roleAreaLevels[grant.role].includes(level)) {
      throw new AppError('ROLE_AREA_LEVEL', { role: grant.role, levels: roleAreaLevels[grant.role].join(', ') });
    }
  }
}

/**
 * Creates an account with its roles. Used by the CLI (`linli user add`) and the demo;
 * `by` names who did it for the audit log (null for the command line).
 */
export async function createUser(deps: { db: Kysely<DB> }, input: NewUser, by: { userId: number; username: string } | null): Promise<number> {
  checkPasswordStrength(input.username, input.password);
  if (await store.findUserByUsername(deps.db, input.username)) throw new AppError('USERNAME_TAKEN', { username: input.username });
  await checkRoleLevels(deps.db, input.roles);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(deps.db, async (trx) => {
    const { id } = await store.insertUser(trx, { ...input, passwordHash });
    for (const grant of input.roles) await store.insertGrant(trx, id, grant.role, grant.areaId);
    await insertAuditEntry(trx, {
      actorId: by?.userId ?? null, actorName: by?.username ?? 'cli', action: 'user.create', entity: 'user', entityId: id,
      details: { username: input.username, roles: input.roles },
    });
    return id;
  });
}
