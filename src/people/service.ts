import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { AppError, type CodedDetail } from '../platform/errors.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { decodeCursor, toPage } from '../platform/pagination.ts';
import { scopeWithinArea } from '../places/service.ts';
import * as placesStore from '../places/store.ts';
import { careTagCodes, type CareTag } from './careTags.ts';
import { birthYearFromIdNumber, isValidIdNumber, isValidPhone } from './identity.ts';
import { summariseProfile } from './profile.ts';
import { careTagKey, idNumberKey, nameKey, openPersonalData, phoneKey, sealPersonalData } from './personalData.ts';
import type {
  HouseholdCreate, HouseholdListQuery, HouseholdUpdate, HouseholdView, MyHousehold, Profile, ResidentCreate, ResidentListQuery,
  RemovalReason, ResidentRevealed, ResidentUpdate, ResidentView,
} from './schema.ts';
import * as store from './store.ts';
import { isUniqueViolation } from '../db/uniqueViolation.ts';

export interface PeopleDeps {
  db: Kysely<DB>;
  cipher: FieldCipher;
}

type HouseholdRow = NonNullable<Awaited<ReturnType<typeof store.findHousehold>>>;

function presentHousehold(row: HouseholdRow): HouseholdView {
  return {
    id: row.id, communityId: row.community_id, gridId: row.grid_id, buildingId: row.building_id, buildingName: row.building_name,
    unit: row.unit, room: row.room, floor: row.floor, sizeM2: row.size_m2, occupancy: row.occupancy,
    residentCount: Number(row.resident_count ?? 0),
  };
}

type ResidentListRow = Awaited<ReturnType<typeof store.selectResidents>>[number];

function presentResident(row: ResidentListRow): ResidentView {
  return {
    id: row.id, communityId: row.community_id, gridId: row.grid_id, householdId: row.household_id,
    estateName: row.estate_name ?? null, buildingName: row.building_name, unit: row.unit, room: row.room, name: row.name_masked, phone: row.phone_masked, idNumber: row.id_number_masked,
    birthYear: row.birth_year, sex: row.sex, relation: row.relation, careTagCount: row.care_tag_bidx.length,
  };
}

function audit(db: Kysely<DB>, actor: Actor, action: string, entity: string, entityId: number, communityId: number, extra: { reason?: string; details?: Record<string, unknown> } = {}) {
  return insertAuditEntry(db, { actorId: actor.userId, actorName: actor.username, action, entity, entityId, communityId, ip: actor.ip, ...extra });
}


export async function listHouseholds(deps: PeopleDeps, actor: Actor, q: HouseholdListQuery) {
  requirePermission(actor, 'people.read');
  const limit = q.limit ?? 50;
  const rows = await store.selectHouseholds(deps.db, await scopeFor(deps.db, actor, 'people.read'), {
    communityId: q.communityId, gridId: q.gridId, buildingId: q.buildingId, unit: q.unit, occupancy: q.occupancy, room: q.q,
    afterId: decodeCursor(q.cursor), limit,
  });
  return toPage(rows, limit, presentHousehold);
}

async function loadHousehold(deps: PeopleDeps, actor: Actor, id: number, permission: 'people.read' | 'people.write') {
  requirePermission(actor, permission);
  const row = await store.findHousehold(deps.db, id);
  if (!row) throw new AppError('HOUSEHOLD_NOT_FOUND');
  requireInScope(await scopeFor(deps.db, actor, permission), row.community_id, row.grid_id);
  return row;
}

export async function getHousehold(deps: PeopleDeps, actor: Actor, id: number): Promise<HouseholdView> {
  return presentHousehold(await loadHousehold(deps, actor, id, 'people.read'));
}

/** Adds a household to a building; it inherits the building's community and grid. */
export async function createHousehold(deps: PeopleDeps, actor: Actor, input: HouseholdCreate): Promise<HouseholdView> {
  requirePermission(actor, 'people.write');
  const building = await placesStore.findBuilding(deps.db, input.buildingId);
  if (!building) throw new AppError('BUILDING_NOT_FOUND');
  requireInScope(await scopeFor(deps.db, actor, 'people.write'), building.community_id, building.grid_id);
  const id = await deps.db.transaction().execute(async (trx) => {
    try {
      const [row] = await store.insertHouseholds(trx, [{
        communityId: building.community_id, gridId: building.grid_id, buildingId: building.id, unit: input.unit, room: input.room,
        floor: input.floor ?? null, sizeM2: input.sizeM2 ?? null, occupancy: input.occupancy ?? 'resident',
      }]);
      await audit(trx, actor, 'household.create', 'household', row.id, building.community_id);
      return row.id;
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('HOUSEHOLD_EXISTS');
      throw err;
    }
  });
  return getHousehold(deps, actor, id);
}

export async function updateHousehold(deps: PeopleDeps, actor: Actor, id: number, patch: HouseholdUpdate): Promise<HouseholdView> {
  const row = await loadHousehold(deps, actor, id, 'people.write');
  await deps.db.transaction().execute(async (trx) => {
    await store.updateHousehold(trx, id, patch);
    await audit(trx, actor, 'household.update', 'household', id, row.community_id, { details: { fields: Object.keys(patch) } });
  });
  return getHousehold(deps, actor, id);
}

export async function listResidents(deps: PeopleDeps, actor: Actor, q: ResidentListQuery) {
  requirePermission(actor, 'people.read');
  const limit = q.limit ?? 50;
  const { cipher } = deps;
  const rows = await store.selectResidents(deps.db, await scopeFor(deps.db, actor, 'people.read'), {
    communityId: q.communityId, gridId: q.gridId, householdId: q.householdId, buildingId: q.buildingId,
    careTagBidx: q.careTag ? careTagKey(cipher, q.careTag as CareTag) : undefined,
    nameBidx: q.name ? nameKey(cipher, q.name) : undefined,
    phoneBidx: q.phone ? phoneKey(cipher, q.phone) : undefined,
    idNumberBidx: q.idNumber ? idNumberKey(cipher, q.idNumber) : undefined,
    afterId: decodeCursor(q.cursor), limit,
  });
  return toPage(rows, limit, presentResident);
}

/** Field-level checks a schema cannot express: phone format, GB 11643 ID numbers, birth year agreement. */
function checkIdentity(input: { phone?: string | null; idNumber?: string | null; birthYear?: number | null }): CodedDetail[] {
  const details: CodedDetail[] = [];
  if (input.phone && !isValidPhone(input.phone)) details.push({ path: 'body.phone', code: 'INVALID_PHONE' });
  if (input.idNumber && !isValidIdNumber(input.idNumber)) {
    details.push({ path: 'body.idNumber', code: 'INVALID_ID_NUMBER' });
  } else if (input.idNumber && input.birthYear && birthYearFromIdNumber(input.idNumber) !== input.birthYear) {
    details.push({ path: 'body.birthYear', code: 'BIRTH_YEAR_MISMATCH' });
  }
  return details;
}

export async function createResident(deps: PeopleDeps, actor: Actor, input: ResidentCreate): Promise<ResidentView> {
  const household = await loadHousehold(deps, actor, input.householdId, 'people.write');
  const details = checkIdentity(input);
  if (details.length) throw new AppError('VALIDATION_FAILED', {}, details);
  const sealed = sealPersonalData(deps.cipher, {
    name: input.name, phone: input.phone ?? null, idNumber: input.idNumber ?? null, careTags: input.careTags ?? [],
  });
  const id = await deps.db.transaction().execute(async (trx) => {
    try {
      const [row] = await store.insertResidents(trx, [{
        ...sealed, communityId: household.community_id, gridId: household.grid_id, householdId: household.id,
        birthYear: input.birthYear ?? (input.idNumber ? birthYearFromIdNumber(input.idNumber) : null), sex: input.sex ?? null,
        relation: input.relation ?? 'other',
      }]);
      await audit(trx, actor, 'resident.create', 'resident', row.id, household.community_id);
      return row.id;
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('RESIDENT_ID_NUMBER_EXISTS');
      throw err;
    }
  });
  return presentResident((await store.findResidentListRow(deps.db, id))!);
}

async function loadResident(deps: PeopleDeps, actor: Actor, id: number, permission: 'people.write' | 'personal.reveal') {
  requirePermission(actor, permission);
  const row = await store.findResident(deps.db, id);
  if (!row) throw new AppError('RESIDENT_NOT_FOUND');
  requireInScope(await scopeFor(deps.db, actor, permission), row.community_id, row.grid_id);
  return row;
}

export async function updateResident(deps: PeopleDeps, actor: Actor, id: number, patch: ResidentUpdate): Promise<ResidentView> {
  const row = await loadResident(deps, actor, id, 'people.write');
  const current = openPersonalData(deps.cipher, row);
  const merged = {
    name: patch.name ?? current.name,
    phone: patch.phone === undefined ? current.phone : patch.phone,
    idNumber: patch.idNumber === undefined ? current.idNumber : patch.idNumber,
    careTags: (patch.careTags ?? current.careTags) as CareTag[],
  };
  const birthYear = patch.birthYear === undefined ? row.birth_year : patch.birthYear;
  const details = checkIdentity({ ...merged, birthYear });
  if (details.length) throw new AppError('VALIDATION_FAILED', {}, details);
  await deps.db.transaction().execute(async (trx) => {
    try {
      await store.updateResident(trx, id, {
        ...sealPersonalData(deps.cipher, merged), birthYear, sex: patch.sex === undefined ? row.sex : patch.sex,
        relation: patch.relation ?? row.relation,
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('RESIDENT_ID_NUMBER_EXISTS');
      throw err;
    }
    await audit(trx, actor, 'resident.update', 'resident', id, row.community_id, { details: { fields: Object.keys(patch) } });
  });
  return presentResident((await store.findResidentListRow(deps.db, id))!);
}

/**
 * Removes a resident who moved out or died, or a record made in error. Their personal data goes with
 * the row; the audit log keeps who removed which record and why.
 */
export async function removeResident(deps: PeopleDeps, actor: Actor, id: number, reason: RemovalReason): Promise<void> {
  const row = await loadResident(deps, actor, id, 'people.write');
  await deps.db.transaction().execute(async (trx) => {
    await store.deleteResident(trx, id);
    await audit(trx, actor, 'resident.remove', 'resident', id, row.community_id, { reason, details: { householdId: row.household_id } });
  });
}

/** Shows a resident's personal data in full; the reason and the reveal go to the audit log first. */
export async function revealResident(deps: PeopleDeps, actor: Actor, id: number, reason: string): Promise<ResidentRevealed> {
  if (reason.trim().length < 2) throw new AppError('REASON_REQUIRED');
  const row = await loadResident(deps, actor, id, 'personal.reveal');
  await audit(deps.db, actor, 'resident.reveal', 'resident', id, row.community_id, { reason: reason.trim() });
  return { id, ...openPersonalData(deps.cipher, row) };
}

/** The population profile (人群画像) of an area: counts only, no person. */
export async function getProfile(deps: PeopleDeps, actor: Actor, areaId: number, by: 'grid' | 'building', year: number): Promise<Profile> {
  requirePermission(actor, 'aggregates.read');
  const { scope } = await scopeWithinArea(deps, actor, 'aggregates.read', areaId);
  if (!scope.communityIds.length && !scope.gridIds.length) throw new AppError('OUT_OF_SCOPE');
  const counts = await store.selectProfileRows(deps.db, scope, by);
  const groupIds = [...new Set(counts.rows.map((r) => r.group_id).filter((id): id is number => id !== null))];
  const names = new Map((await store.selectGroupNames(deps.db, by, groupIds)).map((n) => [n.id, n.name]));
  const tagByKey = new Map(careTagCodes.map((code) => [careTagKey(deps.cipher, code), code]));
  return { areaId, ...summariseProfile(counts, { names, tagByKey, year }) };
}

/** A resident's own household: members masked, their own record in full (it is theirs). */
export async function getMyHousehold(deps: PeopleDeps, actor: Actor): Promise<MyHousehold> {
  if (!actor.householdId) throw new AppError('NOT_BOUND_TO_HOUSEHOLD');
  const household = await store.findHousehold(deps.db, actor.householdId);
  const place = await store.findHouseholdPlace(deps.db, actor.householdId);
  if (!household || !place) throw new AppError('HOUSEHOLD_NOT_FOUND');
  const members = await store.selectResidents(deps.db, { communityIds: [household.community_id], gridIds: [] }, { householdId: household.id, limit: 100 });
  const own = actor.residentId ? await store.findResident(deps.db, actor.residentId) : undefined;
  return {
    household: presentHousehold(household),
    buildingName: place.building_name, estateName: place.estate_name ?? null, communityName: place.community_name, gridName: place.grid_name ?? null,
    members: members.map(presentResident),
    me: own && own.household_id === household.id ? { id: own.id, ...openPersonalData(deps.cipher, own) } : null,
  };
}
