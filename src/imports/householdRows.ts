/**
 * Households (户) from a spreadsheet: one row per room, keyed by building code, unit and room.
 * Pure: the caller says which buildings exist; writing to the database is the caller's job.
 */
import type { ErrorDetail, Locale } from '../platform/errors.ts';
import {
  choiceLabel,
  choiceValue,
  optionalNumber,
  requiredText,
  resolveColumns,
  rowScope,
  type Choice,
  type ColumnSpec,
  type FieldScope,
} from './fields.ts';
import type { Table } from './table.ts';

export type Occupancy = 'resident' | 'rented' | 'vacant' | 'seasonal';

export const occupancyChoices: readonly Choice<Occupancy>[] = [
  { value: 'resident', zh: '自住', en: 'resident' },
  { value: 'rented', zh: '出租', en: 'rented' },
  { value: 'vacant', zh: '空置', en: 'vacant' },
  { value: 'seasonal', zh: '季节性', en: 'seasonal' },
];

export interface HouseholdRecord {
  rowNumber: number;
  buildingCode: string;
  unit: string;
  room: string;
  floor: number | null;
  sizeM2: number | null;
  occupancy: Occupancy;
}

export interface HouseholdImportContext {
  /** Codes of the buildings of the community being imported into. */
  buildingCodes: ReadonlySet<string>;
}

type HouseholdField = 'buildingCode' | 'unit' | 'room' | 'floor' | 'sizeM2' | 'occupancy';

export const householdColumns: readonly ColumnSpec<HouseholdField>[] = [
  { field: 'buildingCode', zh: '楼栋编号', en: 'building', required: true },
  { field: 'unit', zh: '单元', en: 'unit' },
  { field: 'room', zh: '房号', en: 'room', required: true },
  { field: 'floor', zh: '楼层', en: 'floor' },
  { field: 'sizeM2', zh: '面积', en: 'size_m2', aliases: ['建筑面积'] },
  { field: 'occupancy', zh: '居住状态', en: 'occupancy' },
];

/** Limits shared with the household API schema, so an imported row is one the API accepts. */
export const householdLimits = { unitLength: 10, roomLength: 20, floorMin: -5, floorMax: 200, sizeMax: 10000 } as const;

/** The key that identifies a household within a community: `${buildingCode}|${unit}|${room}`. */
export function householdKey(buildingCode: string, unit: string, room: string): string {
  return `${buildingCode.trim()}|${unit.trim()}|${room.trim()}`;
}

/** The keys of validated household records, e.g. to let a residents file refer to them. */
export function householdKeysOf(records: readonly Pick<HouseholdRecord, 'buildingCode' | 'unit' | 'room'>[]): Set<string> {
  return new Set(records.map((r) => householdKey(r.buildingCode, r.unit, r.room)));
}

/** The building, unit and room cells that locate a household, shared with residents files. */
export function readHouseholdAddress(
  scope: FieldScope<'buildingCode' | 'unit' | 'room'>,
  buildingCodes: ReadonlySet<string>,
): { buildingCode: string; unit: string; room: string } | undefined {
  const buildingCode = requiredText(scope, 'buildingCode', 40);
  if (buildingCode !== undefined && !buildingCodes.has(buildingCode)) scope.fail('buildingCode', 'UNKNOWN_BUILDING', { value: buildingCode });
  const unit = requiredText(scope, 'unit', householdLimits.unitLength);
  const room = requiredText(scope, 'room', householdLimits.roomLength);
  if (buildingCode === undefined || unit === undefined || room === undefined) return undefined;
  return { buildingCode, unit, room };
}

/** Validates household rows; records are only the rows without errors. */
export function validateHouseholdRows(
  table: Table,
  ctx: HouseholdImportContext,
  locale: Locale,
): { records: HouseholdRecord[]; errors: ErrorDetail[] } {
  const { headerOf, errors } = resolveColumns(table.headers, householdColumns, locale);
  if (errors.length > 0) return { records: [], errors };
  const records: HouseholdRecord[] = [];
  const firstRowOf = new Map<string, number>();
  for (const row of table.rows) {
    const scope = rowScope(row, headerOf, householdColumns, { unit: '1' }, locale, errors);
    const address = readHouseholdAddress(scope, ctx.buildingCodes);
    const floor = optionalNumber(scope, 'floor', { integer: true, min: householdLimits.floorMin, max: householdLimits.floorMax });
    const sizeM2 = optionalNumber(scope, 'sizeM2', { positive: true, max: householdLimits.sizeMax });
    const occupancy = choiceValue(scope, 'occupancy', occupancyChoices, { fallback: 'resident', code: 'INVALID_OCCUPANCY', locale });
    if (address) {
      const key = householdKey(address.buildingCode, address.unit, address.room);
      const firstRow = firstRowOf.get(key);
      if (firstRow !== undefined) scope.fail('room', 'DUPLICATE_ROW', { firstRow });
      else firstRowOf.set(key, row.rowNumber);
    }
    if (scope.failed || !address || !occupancy) continue;
    records.push({ rowNumber: row.rowNumber, ...address, floor, sizeM2, occupancy });
  }
  return { records, errors };
}

/** Export headers, in the order the import reads back. */
export function householdExportHeaders(locale: Locale): string[] {
  return householdColumns.map((c) => (locale === 'en' ? c.en : c.zh));
}

/** One export row for a household, matching householdExportHeaders. */
export function householdExportRow(h: Omit<HouseholdRecord, 'rowNumber'>, locale: Locale): (string | number | null)[] {
  return [h.buildingCode, h.unit, h.room, h.floor, h.sizeM2, choiceLabel(occupancyChoices, h.occupancy, locale)];
}
