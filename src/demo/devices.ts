/**
 * The demo's devices (物联感知): for every elder living alone an SOS button, a door sensor and a water
 * meter; smoke and gas alarms in some kitchens; manhole covers and bins along the roads; e-bike cameras
 * in the lifts of the tall buildings; a few smart lamp poles. The plan is pure and deterministic like the
 * rest of the demo; `loadDemoDevices` registers it (secrets hashed, never kept) inside the demo loader's
 * transaction. The demo's device simulator plays these devices when `npm start` runs.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { homeKey, registerFleet, type FleetDevice } from '../devices/fleet.ts';
import type { DeviceKind } from '../devices/kinds.ts';
import { isSilentHome } from '../devices/simulatorTraffic.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { COMMUNITIES, DEMO_YEAR, type CommunitySpec } from './communities.ts';
import { DEFAULT_DEMO_SEED, type DemoData } from './generate.ts';
import { toLonLat, type Xy } from './geo.ts';
import { layoutCommunity, type Block } from './layout.ts';
import { createRng, type Rng } from './random.ts';
import type { DemoBuilding, LonLat } from './types.ts';

/** Every demo device id starts so: `DEMO-{community}-{nnnn}-{kind}`. */
export const DEMO_DEVICE_PREFIX = 'DEMO-';

export interface DemoDevice {
  id: string;
  kind: DeviceKind;
  communityCode: string;
  /** The building it is in or beside, if any. */
  buildingCode: string | null;
  /** The household it is in, within that building. */
  home: { unit: string; room: string } | null;
  /** Where it stands; null means at its building's entrance. */
  point: LonLat | null;
  label: string;
  model: string;
  installedOn: string;
}

/** Lifts, and e-bikes taken into them, are a matter for buildings this tall. */
const LIFT_CAMERA_FLOORS = 18;
const KITCHEN_SMOKE_ELDER = 0.6;
const KITCHEN_GAS_ELDER = 0.4;
const KITCHEN_SMOKE_OTHERS = 0.01;
const KITCHEN_GAS_OTHERS = 0.006;
const LAMP_POLES = 6;
/** Street devices stand this far inside the block from the road's centre line, at the kerb. */
const KERB = 4;

const models: Record<DeviceKind, string> = {
  sos_button: 'NB-IoT 一键呼救器', wristband: '智能手环', door_magnet: 'NB-IoT 关爱门磁', water_meter: 'NB-IoT 智能水表 DN15',
  smoke: 'NB-IoT 独立式烟感', gas: '家用可燃气体探测器', manhole_cover: '井盖倾斜监测终端', bin_level: '超声波满溢传感器',
  lift_ebike_camera: '电梯 AI 识别摄像头', high_throw_camera: '高空抛物摄像头', lamp_pole: '智慧灯杆控制器',
};

/** Where in the home each care or kitchen device is. */
const rooms: Partial<Record<DeviceKind, string>> = {
  sos_button: '床头', door_magnet: '入户门', water_meter: '水表', smoke: '厨房烟感', gas: '厨房燃气',
};

type Draft = Omit<DemoDevice, 'id' | 'communityCode' | 'model' | 'installedOn'>;

/** A point `fraction` of the way along a block edge, moved `inward` metres towards the block's middle. */
function alongEdge(block: Block, edge: number, fraction: number, inward: number): LonLat {
  const a = block.quad[edge];
  const b = block.quad[(edge + 1) % 4];
  const centre = block.quad.reduce((sum, p) => ({ x: sum.x + p.x / 4, y: sum.y + p.y / 4 }), { x: 0, y: 0 });
  const on: Xy = { x: a.x + (b.x - a.x) * fraction, y: a.y + (b.y - a.y) * fraction };
  const length = Math.hypot(centre.x - on.x, centre.y - on.y);
  return toLonLat({ x: on.x + ((centre.x - on.x) / length) * inward, y: on.y + ((centre.y - on.y) / length) * inward });
}

/** Homes of elders living alone get the care set; some kitchens get smoke and gas alarms. */
function homeDevices(rng: Rng, data: DemoData, spec: CommunitySpec): Draft[] {
  const buildingNames = new Map(data.buildings.filter((b) => b.communityCode === spec.code).map((b) => [b.code, b.name]));
  const elderHomes = new Set(data.residents.filter((r) => r.communityCode === spec.code && r.careTags.includes('elder_alone')).map((r) => `${r.buildingCode}|${r.unit}|${r.room}`));
  const drafts: Draft[] = [];
  for (const h of data.households) {
    if (h.communityCode !== spec.code || h.occupancy === 'vacant') continue;
    const elder = elderHomes.has(`${h.buildingCode}|${h.unit}|${h.room}`);
    const kinds: DeviceKind[] = elder ? ['sos_button', 'door_magnet', 'water_meter'] : [];
    if (rng.chance(elder ? KITCHEN_SMOKE_ELDER : KITCHEN_SMOKE_OTHERS)) kinds.push('smoke');
    if (rng.chance(elder ? KITCHEN_GAS_ELDER : KITCHEN_GAS_OTHERS)) kinds.push('gas');
    const where = `${buildingNames.get(h.buildingCode)} ${h.unit}-${h.room}`;
    for (const kind of kinds) drafts.push({ kind, buildingCode: h.buildingCode, home: { unit: h.unit, room: h.room }, point: null, label: `${where} ${rooms[kind]}` });
  }
  return drafts;
}

/** One camera in the lift of each unit of the tall residential buildings. */
function liftCameras(buildings: readonly DemoBuilding[]): Draft[] {
  return buildings.filter((b) => b.purpose === 'residential' && b.floors >= LIFT_CAMERA_FLOORS).flatMap((b) =>
    Array.from({ length: b.units }, (_, u): Draft => ({ kind: 'lift_ebike_camera', buildingCode: b.code, home: null, point: null, label: `${b.name} ${u + 1} 单元电梯` })));
}

/** Along the roads round every block: manhole covers on its south and west sides, a bin by its south gate; lamps on the first blocks' south roads. */
function streetDevices(spec: CommunitySpec, blocks: readonly Block[]): Draft[] {
  const drafts: Draft[] = [];
  const street = (kind: DeviceKind, point: LonLat, label: string): Draft => ({ kind, buildingCode: null, home: null, point, label });
  for (const block of blocks) {
    const where = `${spec.short} ${block.col + 1}-${block.row + 1} 街区`;
    drafts.push(street('manhole_cover', alongEdge(block, 0, 0.3, KERB), `${where}南侧道路井盖 1`));
    drafts.push(street('manhole_cover', alongEdge(block, 0, 0.7, KERB), `${where}南侧道路井盖 2`));
    drafts.push(street('manhole_cover', alongEdge(block, 3, 0.5, KERB), `${where}西侧道路井盖`));
    drafts.push(street('bin_level', alongEdge(block, 0, 0.5, KERB + 8), `${where}南门垃圾桶`));
  }
  for (const [i, block] of blocks.slice(0, LAMP_POLES).entries()) drafts.push(street('lamp_pole', alongEdge(block, 0, 0.15, KERB - 2), `${spec.short}智慧灯杆 ${i + 1}`));
  return drafts;
}

/** The demo's devices for demo data generated with the same seed. No I/O: the same data and seed give the same devices. */
export function planDemoDevices(data: DemoData, seed = DEFAULT_DEMO_SEED): DemoDevice[] {
  return COMMUNITIES.flatMap((spec) => {
    const rng = createRng(seed, `devices:${spec.code}`);
    const layout = layoutCommunity(spec, createRng(seed, `layout:${spec.code}`));
    const drafts = [
      ...homeDevices(rng, data, spec),
      ...liftCameras(data.buildings.filter((b) => b.communityCode === spec.code)),
      ...streetDevices(spec, layout.blocks),
    ];
    return drafts.map((d, i): DemoDevice => ({
      ...d, id: `${DEMO_DEVICE_PREFIX}${spec.code}-${String(i + 1).padStart(4, '0')}-${d.kind}`, communityCode: spec.code, model: models[d.kind],
      installedOn: `${DEMO_YEAR}-${String(rng.int(3, 9)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    }));
  });
}

/** Ids the loader gave the demo's places, by code (see load.ts). */
export interface LoadedPlaces {
  communityIds: Map<string, number>;
  buildings: Map<string, { id: number; gridId: number | null; communityId: number }>;
  householdIds: Map<string, { id: number }>;
  locators: Map<number, (lon: number, lat: number) => number | null>;
}

/**
 * The homes of silent elders (whose door the simulator never opens) have had their devices for two days,
 * so their inactivity alarms are live from the start; everything else is installed `at`, and quiet.
 */
const SILENT_HOMES_SINCE_MS = 2 * 86_400_000;

/** Registers the demo's devices inside the demo loader's transaction; returns how many. */
export async function loadDemoDevices(trx: Kysely<DB>, data: DemoData, places: LoadedPlaces, cipher: FieldCipher, at: Date, seed = DEFAULT_DEMO_SEED): Promise<number> {
  const silentSince = new Date(at.getTime() - SILENT_HOMES_SINCE_MS);
  const entrances = new Map(data.buildings.map((b) => [`${b.communityCode}|${b.code}`, b.entrance]));
  const fleet = planDemoDevices(data, seed).map((d): FleetDevice => {
    const communityId = places.communityIds.get(d.communityCode)!;
    const building = d.buildingCode === null ? undefined : places.buildings.get(`${d.communityCode}|${d.buildingCode}`)!;
    const household = d.home && places.householdIds.get(`${d.communityCode}|${d.buildingCode}|${d.home.unit}|${d.home.room}`)!;
    const [lon, lat] = d.point ?? entrances.get(`${d.communityCode}|${d.buildingCode}`)!;
    return {
      id: d.id, kind: d.kind, communityId, point: { lon, lat }, label: d.label, model: d.model, installedOn: d.installedOn,
      place: { householdId: household?.id ?? null, buildingId: building?.id ?? null, gridId: building ? building.gridId : places.locators.get(communityId)!(lon, lat) },
      ...(household && isSilentHome(seed, homeKey(household.id)) && { since: silentSince }),
    };
  });
  return registerFleet(trx, { cipher }, fleet, at, 'demo');
}
