import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { AppError } from '../platform/errors.ts';
import { checkGeometry, representativePoint } from '../imports/geometry.ts';
import { createGridLocator } from './gridLocator.ts';
import type { BuildingUpdate, FacilityCreate, FacilityUpdate } from './schema.ts';
import { getBuilding, presentFacility, type PlacesDeps } from './service.ts';
import * as store from './store.ts';
import { isUniqueViolation } from '../db/uniqueViolation.ts';

// Use cases that change buildings and facilities one at a time (imports change many at once).

function audit(db: Kysely<DB>, actor: Actor, action: string, entity: string, entityId: number, communityId: number, details: Record<string, unknown>) {
  return insertAuditEntry(db, { actorId: actor.userId, actorName: actor.username, action, entity, entityId, communityId, ip: actor.ip, details });
}

/** A facility's stored location: the checked geometry, its representative point and the grid that point is in. */
async function locate(deps: PlacesDeps, communityId: number, geometry: unknown) {
  const checked = checkGeometry(geometry, ['Point', 'Polygon']);
  if (!checked.ok) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.geometry', code: 'INVALID_GEOMETRY' }]);
  }
  const [lon, lat] = representativePoint(checked.geometry);
  const gridId = createGridLocator(await store.selectGridsOfCommunity(deps.db, communityId))(lon, lat);
  return { geometry: checked.geometry, lon, lat, gridId };
}

async function requireKind(deps: PlacesDeps, kind: string | undefined): Promise<void> {
  if (kind !== undefined && !(await store.facilityKindExists(deps.db, kind))) throw new AppError('FACILITY_KIND_UNKNOWN', { kind });
}

/** The facility as it now stands (the caller has checked scope already). */
async function reloadFacility(deps: PlacesDeps, id: number) {
  return presentFacility((await store.findFacility(deps.db, id))!);
}

/** Adds a facility; its grid follows from where it lies. */
export async function createFacility(deps: PlacesDeps, actor: Actor, input: FacilityCreate) {
  requirePermission(actor, 'places.write');
  await requireKind(deps, input.kind);
  const place = await locate(deps, input.communityId, input.geometry);
  requireInScope(await scopeFor(deps.db, actor, 'places.write'), input.communityId, place.gridId);
  const id = await inTransaction(deps.db, async (trx) => {
    try {
      const [row] = await store.insertFacilities(trx, [{
        communityId: input.communityId, code: input.code, kind: input.kind, name: input.name, ...place,
        floorAreaM2: input.floorAreaM2 ?? null, capacity: input.capacity ?? null, operator: input.operator ?? null, openingHours: input.openingHours ?? null,
      }]);
      await audit(trx, actor, 'facility.create', 'facility', row.id, input.communityId, { code: input.code, kind: input.kind });
      return row.id;
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.code', code: 'DUPLICATE_CODE', params: { code: input.code } }]);
      }
      throw err;
    }
  });
  return reloadFacility(deps, id);
}

export async function updateFacility(deps: PlacesDeps, actor: Actor, id: number, patch: FacilityUpdate) {
  requirePermission(actor, 'places.write');
  const row = await store.findFacility(deps.db, id);
  if (!row) throw new AppError('FACILITY_NOT_FOUND');
  const scope = await scopeFor(deps.db, actor, 'places.write');
  requireInScope(scope, row.community_id, row.grid_id);
  await requireKind(deps, patch.kind);
  const place = patch.geometry === undefined ? undefined : await locate(deps, row.community_id, patch.geometry);
  if (place) requireInScope(scope, row.community_id, place.gridId);
  await inTransaction(deps.db, async (trx) => {
    await store.updateFacility(trx, id, { ...patch, ...place });
    await audit(trx, actor, 'facility.update', 'facility', id, row.community_id, { fields: Object.keys(patch) });
  });
  return reloadFacility(deps, id);
}

/** Corrects a building; moving it to another grid moves its households and residents with it. */
export async function updateBuilding(deps: PlacesDeps, actor: Actor, id: number, patch: BuildingUpdate) {
  requirePermission(actor, 'places.write');
  const row = await store.findBuilding(deps.db, id);
  if (!row) throw new AppError('BUILDING_NOT_FOUND');
  const scope = await scopeFor(deps.db, actor, 'places.write');
  requireInScope(scope, row.community_id, row.grid_id);
  if (patch.gridId) {
    const grid = await store.findArea(deps.db, patch.gridId);
    if (!grid || grid.level !== 'grid' || grid.community_id !== row.community_id) throw new AppError('AREA_NOT_FOUND');
    requireInScope(scope, row.community_id, grid.id);
  }
  if (patch.estateId) {
    const estate = await store.findEstate(deps.db, patch.estateId);
    if (!estate || estate.community_id !== row.community_id) throw new AppError('ESTATE_NOT_FOUND');
  }
  await inTransaction(deps.db, async (trx) => {
    await store.updateBuilding(trx, id, patch);
    if (patch.gridId !== undefined && patch.gridId !== row.grid_id) await store.moveBuildingPeopleToGrid(trx, id, patch.gridId);
    await audit(trx, actor, 'building.update', 'building', id, row.community_id, { fields: Object.keys(patch) });
  });
  return getBuilding(deps, actor, id);
}
