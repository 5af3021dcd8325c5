import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { writeCsv, writeFeatureCollection, writeXlsx } from './exportWriters.ts';
import type { BBox } from './geometry.ts';
import { buildingFeature, facilityFeature, parseFeatureCollection } from './geojson.ts';
import { householdExportHeaders, householdExportRow, validateHouseholdRows, type HouseholdRecord } from './householdRows.ts';
import { residentExportHeaders, residentExportRow, validateResidentRows, type ResidentRecord } from './residentRows.ts';
import { readTable } from './table.ts';
import { idNumber } from './testTables.ts';

describe('writeCsv', () => {
  it('starts with a UTF-8 BOM, uses CRLF and quotes commas, quotes and line breaks', () => {
    const csv = writeCsv(['姓名', '备注'], [['张三', 'a,b'], ['李"四"', 'two\nlines'], [null, 3.5]]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toBe('姓名,备注\r\n张三,"a,b"\r\n"李""四""","two\nlines"\r\n,3.5\r\n');
  });

  it('defuses text Excel would run as a formula, but leaves negative numbers alone', () => {
    const csv = writeCsv(['v'], [['=HYPERLINK("http://evil")'], ['+1'], ['-2+3'], ['@SUM(A1)'], ['\tx'], ['\rx'], [-5], ['a=b']]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines.slice(1, 9)).toEqual([`"'=HYPERLINK(""http://evil"")"`, "'+1", "'-2+3", "'@SUM(A1)", "'\tx", `"'\rx"`, '-5', 'a=b']);
  });

  it('keeps long digit strings and leading zeros as text for Excel', () => {
    const csv = writeCsv(['id', 'room', 'floor'], [['330206199001011234', '0101', 3]]);
    expect(csv.toString('utf8').split('\r\n')[1]).toBe('"330206199001011234\t","0101\t",3');
  });
});

describe('writeXlsx', () => {
  it('writes a bold, frozen header, sized columns and text cells that stay text', async () => {
    const id = idNumber('19900101');
    const buffer = await writeXlsx('居民/名单', ['姓名', '身份证号', '出生年份'], [['欧阳娜娜', id, 1990]]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('居民 名单');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getCell('B2').value).toBe(id);
    expect(sheet.getCell('B2').numFmt).toBe('@');
    expect(sheet.getCell('C2').value).toBe(1990);
    expect(sheet.getColumn(2).width).toBe(20);
    expect(sheet.getColumn(1).width).toBe(10);
  });
});

const households: Omit<HouseholdRecord, 'rowNumber'>[] = [
  { buildingCode: 'A1', unit: '1', room: '0101', floor: -1, sizeM2: 85.5, occupancy: 'rented' },
  { buildingCode: 'A1', unit: '2', room: '=201', floor: null, sizeM2: null, occupancy: 'seasonal' },
];
const residents: Omit<ResidentRecord, 'rowNumber' | 'householdKey'>[] = [
  {
    buildingCode: 'A1', unit: '1', room: '0101', name: '张三', phone: '13812345678', idNumber: idNumber('19491231'),
    birthYear: 1949, sex: 'male', relation: 'head', careTags: ['elder_alone', 'low_income'],
  },
  {
    buildingCode: 'A1', unit: '2', room: '=201', name: '-李四', phone: '057188889999', idNumber: null,
    birthYear: null, sex: null, relation: 'grandchild', careTags: [],
  },
];
const ctx = { buildingCodes: new Set(['A1']), householdKeys: new Set(['A1|1|0101', 'A1|2|=201']), currentYear: 2025 };

describe.each([
  ['csv', (headers: string[], rows: (string | number | null)[][]) => Promise.resolve(writeCsv(headers, rows))],
  ['xlsx', (headers: string[], rows: (string | number | null)[][]) => writeXlsx('导出', headers, rows)],
])('a %s export imports back unchanged', (ext, write) => {
  it.each(['zh-CN', 'en'] as const)('households with %s headers', async (locale) => {
    const file = await write(householdExportHeaders(locale), households.map((h) => householdExportRow(h, locale)));
    const { records, errors } = validateHouseholdRows(await readTable(file, `households.${ext}`), ctx, locale);
    expect(errors).toEqual([]);
    expect(records.map(({ rowNumber, ...rest }) => rest)).toEqual(households);
    expect(records.map((r) => r.rowNumber)).toEqual([2, 3]);
  });

  it.each(['zh-CN', 'en'] as const)('residents with %s headers', async (locale) => {
    const file = await write(residentExportHeaders(locale), residents.map((r) => residentExportRow(r, locale)));
    const { records, errors } = validateResidentRows(await readTable(file, `residents.${ext}`), ctx, locale);
    expect(errors).toEqual([]);
    expect(records.map(({ rowNumber, householdKey, ...rest }) => rest)).toEqual(residents);
  });
});

describe('writeFeatureCollection', () => {
  it('writes GeoJSON that parseFeatureCollection reads back', () => {
    const footprint = { type: 'Polygon' as const, coordinates: [[[116.4, 39.9], [116.402, 39.9], [116.402, 39.901], [116.4, 39.9]]] };
    const building = {
      code: 'A1', name: '1号楼', estateCode: null, purpose: 'mixed' as const, floors: 6, units: 2,
      footprint, bbox: [116.4, 39.9, 116.402, 39.901] as BBox, entranceLon: 116.401, entranceLat: 39.9,
    };
    const facility = {
      code: 'F1', name: '食堂', kind: 'canteen', floorAreaM2: 120, capacity: null, operator: '街道', openingHours: null,
      geometry: { type: 'Point' as const, coordinates: [116.41, 39.91] }, lon: 116.41, lat: 39.91, bbox: [116.41, 39.91, 116.41, 39.91] as BBox,
    };
    const geo = { facilityKinds: new Set(['canteen']), estateCodes: new Set<string>() };
    const buildings = parseFeatureCollection(writeFeatureCollection([buildingFeature(building)]), 'buildings', geo, 'zh-CN');
    expect(buildings.errors).toEqual([]);
    expect(buildings.records).toEqual([{ rowNumber: 1, ...building }]);
    const facilities = parseFeatureCollection(writeFeatureCollection([facilityFeature(facility)]), 'facilities', geo, 'zh-CN');
    expect(facilities.records).toEqual([{ rowNumber: 1, ...facility }]);
  });
});
