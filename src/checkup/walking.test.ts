import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { streetNetworkFromGeojson } from '../access/geojsonNetwork.ts';
import { sealPersonalData } from '../people/personalData.ts';
import * as peopleStore from '../people/store.ts';
import * as placesStore from '../places/store.ts';
import { networkBbox } from '../streets/networkBytes.ts';
import { saveStreetNetwork } from '../streets/store.ts';

/**
 * A checkup on a real (if tiny) street network: one street along latitude 29.801, a kindergarten at
 * its west end, homes along it every ~100 m. Distances are worked out by hand from the geometry.
 */
let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;
const lat = 29.801;
// Metres per degree of longitude at this latitude (spherical Earth, R = 6,371,008.8 m).
const metresPerDegree = (Math.PI / 180) * 6_371_008.8 * Math.cos((lat * Math.PI) / 180);

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
  const db = t.database.db;
  const street = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[121.5, lat], [121.508, lat]] } }] };
  const network = streetNetworkFromGeojson(JSON.stringify(street));
  await saveStreetNetwork(db, { areaId: t.world.communityA.id, name: '测试路网', source: 'geojson', fileName: null, network, bbox: networkBbox(network)!, importedBy: null });
  await placesStore.insertFacilities(db, [{
    communityId: t.world.communityA.id, gridId: t.world.gridA1.id, kind: 'kindergarten', code: 'KG', name: '西头幼儿园',
    geometry: { type: 'Point', coordinates: [121.5, lat] }, lon: 121.5, lat, floorAreaM2: 2000, capacity: null, operator: null, openingHours: null,
  }]);
  // Homes 1–6 at 100 m steps east along the street, each with one household and a child.
  const buildings = await placesStore.insertBuildings(db, [1, 2, 3, 4, 5, 6].map((i) => ({
    communityId: t.world.communityA.id, gridId: t.world.gridA1.id, estateId: null, code: `W${i}`, name: `街${i}号`, purpose: 'residential' as const,
    floors: 6, units: 1, footprint: null, entrance: [121.5 + (i * 100) / metresPerDegree, lat] as [number, number],
  })));
  const households = await peopleStore.insertHouseholds(db, buildings.map((b) => ({
    communityId: t.world.communityA.id, gridId: t.world.gridA1.id, buildingId: b.id, unit: '1', room: '101', floor: 1, sizeM2: 80, occupancy: 'resident' as const,
  })));
  await peopleStore.insertResidents(db, households.map((h, i) => ({
    ...sealPersonalData(t.cipher, { name: `孩子${i}`, phone: null, idNumber: null, careTags: [] }),
    communityId: t.world.communityA.id, gridId: t.world.gridA1.id, householdId: h.id, birthYear: 2023, sex: 'female' as const, relation: 'child' as const,
  })));
});
afterAll(async () => t?.close());

describe('walking access in a checkup', () => {
  it('finds the homes beyond a 5-minute walk to a kindergarten, by the street', async () => {
    const checkup = (await staff.send('POST', '/api/checkups', { communityId: t.world.communityA.id })).body;
    expect(checkup.params).toMatchObject({ networkName: '测试路网' });
    const kindergarten = checkup.results.find((r: { indicatorCode: string }) => r.indicatorCode === 'kindergarten_walk');
    // Homes at 100, 200, 300 m are in reach of 300 m; 400, 500, 600 m are not: 3 of 6 households. The
    // search goes as far as the standard's longest walk (1,000 m), so each shows how far it really is.
    expect(kindergarten).toMatchObject({ status: 'fail', value: 50, evidence: { searchedToM: 1000 } });
    expect(kindergarten.evidence.buildingsBeyond.map((b: { name: string; distanceM: number }) => [b.name, Math.round(b.distanceM)])).toEqual([
      ['街6号', 600], ['街5号', 500], ['街4号', 400],
    ]);
    expect(kindergarten.evidence.buildingsBeyond[0]).toMatchObject({ children: 1, households: 1, facilityName: '西头幼儿园' });
    const access = (await staff.get(`/api/checkups/${checkup.id}/access`)).body;
    const k = access.kinds.indexOf('kindergarten');
    const b3 = access.buildings.findIndex((b: { name: string }) => b.name === '街3号');
    expect(access.distances[k][b3]).toBeCloseTo(300, 0);
  });
});
