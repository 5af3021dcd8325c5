import type { Kysely } from 'kysely';
import { computeAccess, prepareNetwork, type PreparedNetwork } from '../access/access.ts';
import type { DB } from '../db/schema.ts';
import * as streets from '../streets/store.ts';
import type { CheckupBuilding, CheckupFacility, KindDistances } from './evaluate.ts';

/**
 * Walking distances for a checkup: every building to the nearest facility of every kind the standard
 * asks about, on the street network that covers the community.
 */

export interface WalkingMeasure {
  networkId: number;
  networkName: string;
  kinds: Map<string, KindDistances>;
}

// Preparing a network (CSR, snap index) costs more than a checkup's Dijkstras; keep the last few.
const preparedCache = new Map<string, PreparedNetwork>();
const cacheSize = 3;

async function preparedNetwork(db: Kysely<DB>, id: number, version: string): Promise<PreparedNetwork> {
  const key = `${id}@${version}`;
  const cached = preparedCache.get(key);
  if (cached) return cached;
  const network = await streets.loadStreetNetwork(db, id);
  const prepared = prepareNetwork(network);
  preparedCache.set(key, prepared);
  if (preparedCache.size > cacheSize) preparedCache.delete(preparedCache.keys().next().value!);
  return prepared;
}

/** Null when no street network covers the box: the walking indicators are then "not measured". */
export async function measureWalking(
  db: Kysely<DB>,
  box: [number, number, number, number],
  buildings: CheckupBuilding[],
  facilities: CheckupFacility[],
  needs: Map<string, number>,
): Promise<WalkingMeasure | null> {
  const [candidate] = await streets.findNetworksCovering(db, box);
  if (!candidate) return null;
  const prepared = await preparedNetwork(db, candidate.id, new Date(candidate.importedAt).toISOString());
  const kinds = [...needs].map(([kind, maxDistance]) => ({ kind, maxDistance, facilities: facilities.filter((f) => f.kind === kind) }));
  const results = computeAccess(prepared, {
    origins: buildings.map((b) => b.point),
    kinds: kinds.map((k) => ({ kind: k.kind, maxDistance: k.maxDistance, facilities: k.facilities.map((f) => f.point) })),
  });
  const measured = new Map<string, KindDistances>();
  results.forEach((result, k) => {
    const ofKind = kinds[k].facilities;
    measured.set(result.kind, { distance: result.distance, facilityId: Array.from(result.facility, (index) => (index < 0 ? null : ofKind[index].id)) });
  });
  return { networkId: candidate.id, networkName: candidate.name, kinds: measured };
}
