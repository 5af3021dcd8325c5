/**
 * Provisioning by spreadsheet (批量登记设备): an installer's CSV or XLSX of devices, one per row, placed in a
 * household (楼栋 + 单元 + 房号), a building, or at a point. A dry run only checks; a commit writes every
 * device in one transaction, or none, and answers with each device's secret — shown this once.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { optionalNumber, optionalText, requiredText, resolveColumns, rowScope, choiceValue, type Choice, type ColumnSpec, type FieldScope } from '../imports/fields.ts';
import { readUploadedTable, type Table } from '../imports/table.ts';
import { requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { scopeFor } from '../platform/auth/service.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, type ErrorDetail, type Locale } from '../platform/errors.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { gridInCommunity } from '../tickets/routing.ts';
import { deviceKinds, kinds, type DeviceKind } from './kinds.ts';
import { auditDevice, pointOf, writeNewDevice, type NewDevice } from './registry.ts';
import * as store from './store.ts';
import { isTopicIdentifier } from './topics.ts';

type Field = 'id' | 'kind' | 'building' | 'unit' | 'room' | 'label' | 'model' | 'lon' | 'lat' | 'installedOn';

export const deviceColumns: readonly ColumnSpec<Field>[] = [
  { field: 'id', zh: '设备编号', en: 'Device id', aliases: ['IMEI', '序列号'], required: true },
  { field: 'kind', zh: '设备类型', en: 'Kind', required: true },
  { field: 'building', zh: '楼栋编号', en: 'Building' },
  { field: 'unit', zh: '单元', en: 'Unit' },
  { field: 'room', zh: '房号', en: 'Room' },
  { field: 'label', zh: '安装位置', en: 'Label', aliases: ['位置说明'] },
  { field: 'model', zh: '型号', en: 'Model' },
  { field: 'lon', zh: '经度', en: 'Longitude' },
  { field: 'lat', zh: '纬度', en: 'Latitude' },
  { field: 'installedOn', zh: '安装日期', en: 'Installed on' },
];

const kindChoices: Choice<DeviceKind>[] = deviceKinds.map((kind) => ({ value: kind, ...kinds[kind].name }));
export const deviceUploadLimits = { maxFiles: 1, maxFileBytes: 10 * 1024 * 1024 };
const maxRows = 2000;

export interface DeviceImportInput {
  communityId: number;
  fileName: string;
  file: Buffer;
  dryRun: boolean;
  locale: Locale;
}

interface Lookups {
  buildings: Map<string, { id: number; grid_id: number | null }>;
  households: Map<string, { id: number; grid_id: number | null; building_id: number }>;
  taken: Set<string>;
}

async function lookupsFor(db: Kysely<DB>, communityId: number, table: Table, headerOf: Partial<Record<Field, string>>): Promise<Lookups> {
  const ids = table.rows.map((r) => (r.values[headerOf.id ?? ''] ?? '').trim()).filter(Boolean);
  const [[buildings, households], taken] = await Promise.all([store.selectCommunityPlaces(db, communityId), store.selectTakenDeviceIds(db, ids)]);
  return {
    buildings: new Map(buildings.map((b) => [b.code, b])),
    households: new Map(households.map((h) => [`${h.code}|${h.unit}|${h.room}`, h])),
    taken,
  };
}

/** Where the row's device is: its household, else its building, else (later) the grid its point lies in. */
function rowPlace(scope: FieldScope<Field>, lookups: Lookups) {
  const building = scope.text('building');
  const room = scope.text('room');
  if (!building) return { householdId: null, buildingId: null, gridId: null };
  if (room) {
    const unit = scope.text('unit') || '1';
    const household = lookups.households.get(`${building}|${unit}|${room}`);
    if (!household) scope.fail('room', 'UNKNOWN_HOUSEHOLD', { building, unit, room });
    return { householdId: household?.id ?? null, buildingId: household?.building_id ?? null, gridId: household?.grid_id ?? null };
  }
  const found = lookups.buildings.get(building);
  if (!found) scope.fail('building', 'UNKNOWN_BUILDING', { value: building });
  return { householdId: null, buildingId: found?.id ?? null, gridId: found?.grid_id ?? null };
}

function rowDevice(scope: FieldScope<Field>, lookups: Lookups, seen: Map<string, number>, locale: Locale) {
  const id = requiredText(scope, 'id', 64);
  if (id && !isTopicIdentifier(id)) scope.fail('id', 'INVALID_CODE', { value: id });
  else if (id && seen.has(id)) scope.fail('id', 'DUPLICATE_DEVICE', { firstRow: seen.get(id)! });
  else if (id && lookups.taken.has(id)) scope.fail('id', 'DEVICE_ID_TAKEN', { value: id });
  if (id && !seen.has(id)) seen.set(id, scope.row);
  const kind = choiceValue(scope, 'kind', kindChoices, { fallback: null, code: 'UNKNOWN_DEVICE_KIND', locale });
  if (!kind && scope.text('kind') === '') scope.fail('kind', 'REQUIRED');
  const lon = optionalNumber(scope, 'lon', { min: -180, max: 180 });
  const lat = optionalNumber(scope, 'lat', { min: -90, max: 90 });
  const installedOn = optionalText(scope, 'installedOn', 10);
  if (installedOn && !/^\d{4}-\d{2}-\d{2}$/.test(installedOn)) scope.fail('installedOn', 'INVALID_DATE', { value: installedOn });
  return {
    id: id ?? '', kind: kind ?? '', place: rowPlace(scope, lookups), location: lon !== null && lat !== null ? { lon, lat } : null,
    label: optionalText(scope, 'label', 100), model: optionalText(scope, 'model', 100), installedOn,
  };
}

/** Checks every row; a dry run lists the errors, a commit writes every device with a new secret, or (IMPORT_INVALID) none. */
export async function importDevices(deps: { db: Kysely<DB>; clock: Clock; cipher: FieldCipher }, actor: Actor, input: DeviceImportInput) {
  requirePermission(actor, 'devices.manage');
  requireInScope(await scopeFor(deps.db, actor, 'devices.manage'), input.communityId, null);
  const table = await readUploadedTable(input, { maxRows, tooLarge: 'DEVICE_IMPORT_TOO_LARGE' });
  const errors: ErrorDetail[] = [];
  const { headerOf, errors: columnErrors } = resolveColumns(table.headers, deviceColumns, input.locale);
  errors.push(...columnErrors);
  const lookups = await lookupsFor(deps.db, input.communityId, table, headerOf);
  const seen = new Map<string, number>();
  const rows = columnErrors.length ? [] : table.rows.map((row) => rowDevice(rowScope(row, headerOf, deviceColumns, {}, input.locale, errors), lookups, seen, input.locale));
  const report = { dryRun: input.dryRun, rowsTotal: table.rows.length, errors, created: [] as { id: string; kind: string; secret: string }[] };
  if (input.dryRun) return report;
  if (errors.length) throw new AppError('IMPORT_INVALID', { count: errors.length }, errors);
  const devices: NewDevice[] = [];
  for (const row of rows) {
    const point = await pointOf(deps.db, row.location, row.place.buildingId);
    const gridId = row.place.gridId ?? (point ? await gridInCommunity(deps.db, input.communityId, point.lon, point.lat) : null);
    devices.push({ ...row, communityId: input.communityId, place: { ...row.place, gridId }, point });
  }
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    for (const device of devices) report.created.push({ id: device.id, kind: device.kind, secret: await writeNewDevice(trx, deps, device, at) });
    await auditDevice(trx, actor, 'device.import', `${devices.length} devices`, input.communityId, { file: input.fileName, ids: devices.map((d) => d.id) });
  });
  return report;
}
