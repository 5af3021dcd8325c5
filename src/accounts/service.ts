import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { isAdmin, requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import * as authStore from '../platform/auth/store.ts';
import { createUser } from '../platform/auth/users.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { decodeCursor, toPage } from '../platform/pagination.ts';
import { assignableRoles, roleGrants } from '../platform/roles.ts';
import { isValidPhone } from '../people/identity.ts';
import { sealPersonalData } from '../people/personalData.ts';
import * as peopleStore from '../people/store.ts';
import * as placesStore from '../places/store.ts';
import type { ClaimBody, ClaimListQuery, ClaimView, RegisterBody, UserCreate, UserListQuery, UserView } from './schema.ts';
import * as store from './store.ts';
import { isUniqueViolation } from '../db/uniqueViolation.ts';

export interface AccountsDeps {
  db: Kysely<DB>;
  cipher: FieldCipher;
  clock: Clock;
}

/** "和睦新村 3号楼 2-301": how staff write an address. */
function householdAddress(estate: string | null, building: string, unit: string, room: string): string {
  return `${estate ? `${estate} ` : ''}${building} ${unit}-${room}`;
}

async function presentClaim(deps: AccountsDeps, row: store.ClaimRow): Promise<ClaimView> {
  const matches = row.status === 'pending' ? await store.selectMatchingResidents(deps.db, row.community_id, row.name_bidx, row.phone_bidx) : [];
  return {
    id: row.id, communityId: row.community_id, userId: row.user_id, username: row.username, address: row.address,
    name: row.name_masked, phone: row.phone_masked, status: row.status, householdId: row.household_id, residentId: row.resident_id,
    householdAddress: row.building_name ? householdAddress(row.estate_name, row.building_name, row.unit!, row.room!) : null,
    decidedBy: row.decided_by ?? null, decidedAt: row.decided_at?.toISOString() ?? null, decisionNote: row.decision_note,
    createdAt: row.created_at.toISOString(),
    suggestions: matches.map((m) => ({
      residentId: m.resident_id, householdId: m.household_id, estateName: m.estate_name ?? null, buildingName: m.building_name,
      unit: m.unit, room: m.room, name: m.name_masked,
    })),
  };
}

/**
 * A resident signs up: an account with the resident role on their community, unbound, and a claim
 * saying where they live, waiting for staff, the grid worker or the building lead to verify it.
 */
export async function registerResident(deps: AccountsDeps, input: RegisterBody): Promise<{ userId: number; claimId: number }> {
  const community = await placesStore.findAreaByCode(deps.db, input.communityCode);
  if (!community || community.level !== 'community') throw new AppError('COMMUNITY_CODE_UNKNOWN');
  return inTransaction(deps.db, async (trx) => {
    const userId = await createUser({ db: trx }, {
      username: input.username, displayName: input.displayName, password: input.password, roles: [{ role: 'resident', areaId: community.id }],
    }, null);
    const claimId = await fileClaim(trx, deps.cipher, { userId, communityId: community.id, ...input });
    return { userId, claimId };
  });
}

/** Writes a claim with the applicant's name and phone sealed like a resident's; one pending claim per account. */
async function fileClaim(
  db: Kysely<DB>,
  cipher: FieldCipher,
  claim: { userId: number; username: string; communityId: number; address: string; name: string; phone: string },
): Promise<number> {
  if (!isValidPhone(claim.phone)) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.phone', code: 'INVALID_PHONE' }]);
  const sealed = sealPersonalData(cipher, { name: claim.name, phone: claim.phone, idNumber: null, careTags: [] });
  try {
    const { id } = await store.insertClaim(db, {
      communityId: claim.communityId, userId: claim.userId, address: claim.address, nameEnc: sealed.nameEnc, nameMasked: sealed.nameMasked,
      nameBidx: sealed.nameBidx, phoneEnc: sealed.phoneEnc!, phoneMasked: sealed.phoneMasked!, phoneBidx: sealed.phoneBidx!,
    });
    await insertAuditEntry(db, { actorId: claim.userId, actorName: claim.username, action: 'claim.create', entity: 'household_claim', entityId: id, communityId: claim.communityId });
    return id;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CLAIM_PENDING_EXISTS');
    throw err;
  }
}

/** A signed-in resident not yet bound (say, after a rejection) applies again for their community. */
export async function reapplyForHousehold(deps: AccountsDeps, actor: Actor, input: ClaimBody): Promise<ClaimView> {
  const grant = actor.grants.find((g) => g.role === 'resident' && g.areaLevel === 'community');
  if (!grant) throw new AppError('FORBIDDEN');
  if (actor.householdId) throw new AppError('ALREADY_BOUND');
  const id = await inTransaction(deps.db, (trx) =>
    fileClaim(trx, deps.cipher, { userId: actor.userId, username: actor.username, communityId: grant.areaId, ...input }));
  return presentClaim(deps, (await store.findClaim(deps.db, id))!);
}

/** Communities where the actor may verify claims: whole ones, and those of their grids. */
async function verifiableCommunities(deps: AccountsDeps, actor: Actor): Promise<number[]> {
  const scope = await scopeFor(deps.db, actor, 'residents.verify');
  // A claim names no grid until it is verified, so a grid's verifiers see their whole community's claims.
  const fromGrids = await placesStore.selectCommunityIdsOf(deps.db, scope.gridIds);
  return [...new Set([...scope.communityIds, ...fromGrids])];
}

export async function listClaims(deps: AccountsDeps, actor: Actor, q: ClaimListQuery) {
  requirePermission(actor, 'residents.verify');
  const limit = q.limit ?? 50;
  const communities = (await verifiableCommunities(deps, actor)).filter((c) => q.communityId === undefined || c === q.communityId);
  const rows = await store.selectClaims(deps.db, { communityIds: communities, status: q.status, afterId: decodeCursor(q.cursor), limit });
  const page = toPage(rows, limit, (row) => row);
  return { items: await Promise.all(page.items.map((row) => presentClaim(deps, row))), nextCursor: page.nextCursor };
}

async function loadPendingClaim(deps: AccountsDeps, actor: Actor, id: number) {
  requirePermission(actor, 'residents.verify');
  const claim = await store.findClaim(deps.db, id);
  if (!claim || !(await verifiableCommunities(deps, actor)).includes(claim.community_id)) throw new AppError('CLAIM_NOT_FOUND');
  if (claim.status !== 'pending') throw new AppError('CLAIM_NOT_PENDING');
  return claim;
}

/** Binds the applicant's account to a household (and resident record) in the verifier's scope. */
export async function approveClaim(deps: AccountsDeps, actor: Actor, id: number, input: { householdId: number; residentId?: number | null }) {
  const claim = await loadPendingClaim(deps, actor, id);
  const household = await peopleStore.findHousehold(deps.db, input.householdId);
  if (!household) throw new AppError('HOUSEHOLD_NOT_FOUND');
  requireInScope(await scopeFor(deps.db, actor, 'residents.verify'), household.community_id, household.grid_id);
  const resident = input.residentId ? await peopleStore.findResident(deps.db, input.residentId) : undefined;
  if (household.community_id !== claim.community_id || (input.residentId && resident?.household_id !== household.id)) {
    throw new AppError('CLAIM_HOUSEHOLD_MISMATCH');
  }
  await inTransaction(deps.db, async (trx) => {
    const decided = await store.decideClaim(trx, id, {
      status: 'approved', householdId: household.id, residentId: resident?.id ?? null, decidedBy: actor.userId, at: deps.clock.now(), note: null,
    });
    if (!decided) throw new AppError('CLAIM_NOT_PENDING');
    await store.bindUserToHousehold(trx, claim.user_id, household.id, resident?.id ?? null);
    await insertAuditEntry(trx, {
      actorId: actor.userId, actorName: actor.username, action: 'claim.approve', entity: 'household_claim', entityId: id,
      communityId: claim.community_id, ip: actor.ip, details: { householdId: household.id, residentId: resident?.id ?? null },
    });
  });
  return presentClaim(deps, (await store.findClaim(deps.db, id))!);
}

export async function rejectClaim(deps: AccountsDeps, actor: Actor, id: number, reason: string) {
  const claim = await loadPendingClaim(deps, actor, id);
  await inTransaction(deps.db, async (trx) => {
    const decided = await store.decideClaim(trx, id, {
      status: 'rejected', householdId: null, residentId: null, decidedBy: actor.userId, at: deps.clock.now(), note: reason,
    });
    if (!decided) throw new AppError('CLAIM_NOT_PENDING');
    await insertAuditEntry(trx, {
      actorId: actor.userId, actorName: actor.username, action: 'claim.reject', entity: 'household_claim', entityId: id,
      communityId: claim.community_id, ip: actor.ip, reason,
    });
  });
  return presentClaim(deps, (await store.findClaim(deps.db, id))!);
}

/** The signed-in resident's latest claim, so the phone pages can say "waiting" or "declined: …". */
export async function getMyClaim(deps: AccountsDeps, actor: Actor) {
  const row = await store.findLatestClaimOfUser(deps.db, actor.userId);
  return { claim: row ? await presentClaim(deps, row) : null };
}

function managePaths(actor: Actor): string[] {
  return actor.grants.filter((g) => roleGrants(g.role, 'users.manage')).map((g) => g.areaPath);
}

export async function listUsers(deps: AccountsDeps, actor: Actor, q: UserListQuery) {
  requirePermission(actor, 'users.manage');
  const limit = q.limit ?? 50;
  const rows = await store.selectUsersUnder(deps.db, { paths: managePaths(actor), text: q.q, afterId: decodeCursor(q.cursor), limit });
  const grants = await authStore.selectGrantsOfUsers(deps.db, rows.map((r) => r.id));
  return toPage(rows, limit, (u): UserView => ({
    id: u.id, username: u.username, displayName: u.display_name, disabled: u.disabled, householdId: u.household_id,
    createdAt: u.created_at.toISOString(),
    roles: grants.filter((g) => g.userId === u.id).map((g) => ({ role: g.role, areaId: g.areaId, areaName: g.areaName, areaLevel: g.areaLevel })),
  }));
}

/** Creates an account; roles only on areas the actor manages, and admin only from an admin. */
export async function createAccount(deps: AccountsDeps, actor: Actor, input: UserCreate): Promise<number> {
  requirePermission(actor, 'users.manage');
  const paths = managePaths(actor);
  const allowed = assignableRoles(isAdmin(actor));
  for (const grant of input.roles) {
    const area = await placesStore.findArea(deps.db, grant.areaId);
    if (!area) throw new AppError('AREA_NOT_FOUND');
    if (!allowed.includes(grant.role) || !paths.some((p) => area.path.startsWith(p))) throw new AppError('ROLE_NOT_ASSIGNABLE', { role: grant.role });
  }
  if (input.householdId) {
    const household = await peopleStore.findHousehold(deps.db, input.householdId);
    if (!household) throw new AppError('HOUSEHOLD_NOT_FOUND');
    requireInScope(await scopeFor(deps.db, actor, 'people.write'), household.community_id, household.grid_id);
  }
  return createUser(deps, input, { userId: actor.userId, username: actor.username });
}
