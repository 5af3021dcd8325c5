import { describe, expect, it } from 'vitest';
import { householdKey, householdKeysOf, validateHouseholdRows } from './householdRows.ts';
import { tableOf } from './testTables.ts';

const ctx = { buildingCodes: new Set(['A1', 'A2']) };
const zhHeaders = ['楼栋编号', '单元', '房号', '楼层', '面积', '居住状态'];

function codesAt(errors: { row?: number; column?: string; code?: string }[]) {
  return errors.map((e) => [e.row, e.column, e.code]);
}

describe('validateHouseholdRows', () => {
  it('accepts valid rows with zh headers, defaulting unit to 1 and occupancy to resident', () => {
    const table = tableOf(zhHeaders, [
      ['A1', '2', '0101', '1', '85.5', '出租'],
      ['A1', '', '102', '-1', '', ''],
      ['A2', '1', '301', '３', '1,200', '季节性'],
    ]);
    const { records, errors } = validateHouseholdRows(table, ctx, 'zh-CN');
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { rowNumber: 2, buildingCode: 'A1', unit: '2', room: '0101', floor: 1, sizeM2: 85.5, occupancy: 'rented' },
      { rowNumber: 3, buildingCode: 'A1', unit: '1', room: '102', floor: -1, sizeM2: null, occupancy: 'resident' },
      { rowNumber: 4, buildingCode: 'A2', unit: '1', room: '301', floor: 3, sizeM2: 1200, occupancy: 'seasonal' },
    ]);
  });

  it('accepts English headers in any case and occupancy codes', () => {
    const table = tableOf([' Building ', 'ROOM', 'Size_m2', 'occupancy'], [['A1', '5', '60', 'Vacant']]);
    const { records, errors } = validateHouseholdRows(table, ctx, 'en');
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({ buildingCode: 'A1', unit: '1', room: '5', sizeM2: 60, occupancy: 'vacant' });
  });

  it('reports each bad cell with its row number, the header as written and a code', () => {
    const table = tableOf(['*楼栋编号', '单元', '房号', '楼层', '建筑面积', '居住状态'], [
      ['A1', '1', '101', '', '', ''],
      ['', '1', '102', '', '', ''],
      ['Z9', '1', '103', '', '', ''],
      ['A1', '1', '', '2.5', '', ''],
      ['A1', '1', '104', '二楼', '0', '借住'],
      ['A1', '1', '105', '300', 'abc', ''],
      ['A1', '1', '101', '', '', ''],
    ]);
    const { records, errors } = validateHouseholdRows(table, ctx, 'zh-CN');
    expect(codesAt(errors)).toEqual([
      [3, '*楼栋编号', 'REQUIRED'],
      [4, '*楼栋编号', 'UNKNOWN_BUILDING'],
      [5, '房号', 'REQUIRED'],
      [5, '楼层', 'INVALID_INTEGER'],
      [6, '楼层', 'INVALID_INTEGER'],
      [6, '建筑面积', 'NOT_POSITIVE'],
      [6, '居住状态', 'INVALID_OCCUPANCY'],
      [7, '楼层', 'OUT_OF_RANGE'],
      [7, '建筑面积', 'INVALID_NUMBER'],
      [8, '房号', 'DUPLICATE_ROW'],
    ]);
    expect(records.map((r) => r.rowNumber)).toEqual([2]);
    expect(errors[1].message).toBe('第 4 行“*楼栋编号”：楼栋编号“Z9”在本社区不存在，请先导入楼栋或检查编号。');
    expect(errors[6].message).toBe('第 6 行“居住状态”：居住状态“借住”无效，可填：自住、出租、空置、季节性。');
    expect(errors[9].message).toBe('第 8 行“房号”：与第 2 行是同一户（楼栋、单元、房号都相同）。');
  });

  it('reports missing required columns once, on row 1, without checking rows', () => {
    const table = tableOf(['单元', '楼层'], [['1', '2']]);
    const { records, errors } = validateHouseholdRows(table, ctx, 'en');
    expect(records).toEqual([]);
    expect(codesAt(errors)).toEqual([
      [1, 'building', 'MISSING_COLUMN'],
      [1, 'room', 'MISSING_COLUMN'],
    ]);
    expect(errors[0].message).toBe('Row 1, "building": the required column "building" is missing (also accepted: 楼栋编号).');
  });

  it('refuses two columns meaning the same field', () => {
    const table = tableOf(['楼栋编号', '房号', '面积', '建筑面积'], [['A1', '1', '50', '60']]);
    const { errors } = validateHouseholdRows(table, ctx, 'zh-CN');
    expect(codesAt(errors)).toEqual([[1, '建筑面积', 'DUPLICATE_COLUMN']]);
  });
});

describe('householdKey', () => {
  it('joins building, unit and room so residents can find households', () => {
    expect(householdKey(' A1', '2 ', '0101')).toBe('A1|2|0101');
    expect(householdKeysOf([{ buildingCode: 'A1', unit: '1', room: '101' }])).toEqual(new Set(['A1|1|101']));
  });
});
