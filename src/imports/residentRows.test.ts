import { describe, expect, it } from 'vitest';
import { householdKeysOf, validateHouseholdRows } from './householdRows.ts';
import { validateResidentRows } from './residentRows.ts';
import { idNumber, tableOf } from './testTables.ts';

const headers = ['楼栋编号', '单元', '房号', '姓名', '手机号', '身份证号', '出生年份', '性别', '与户主关系', '重点人群标签'];
const ctx = { buildingCodes: new Set(['A1', 'B2']), householdKeys: new Set(['A1|1|101', 'A1|2|201']), currentYear: 2025 };
const id1949 = idNumber('19491231');
const id1990 = idNumber('19900101');

function codesAt(errors: { row?: number; column?: string; code?: string }[]) {
  return errors.map((e) => [e.row, e.column, e.code]);
}

describe('validateResidentRows', () => {
  it('accepts valid rows, normalizing identifiers and deriving the birth year from the ID number', () => {
    const table = tableOf(headers, [
      ['A1', '', '101', '张三', '+86 138-1234-5678', id1949.toLowerCase(), '', '男', '户主', '独居老人；80岁以上、elder_alone'],
      ['A1', '2', '201', '李四', '0571-88889999', '', '1988', 'female', '配偶', ''],
      ['A1', '2', '201', '王五', '', id1990, '1990', '', '', 'Disabled|low_income'],
    ]);
    const { records, errors } = validateResidentRows(table, ctx, 'zh-CN');
    expect(errors).toEqual([]);
    expect(records).toEqual([
      {
        rowNumber: 2, buildingCode: 'A1', unit: '1', room: '101', householdKey: 'A1|1|101', name: '张三', phone: '13812345678',
        idNumber: id1949.toUpperCase(), birthYear: 1949, sex: 'male', relation: 'head', careTags: ['elder_alone', 'elder_80'],
      },
      {
        rowNumber: 3, buildingCode: 'A1', unit: '2', room: '201', householdKey: 'A1|2|201', name: '李四', phone: '057188889999',
        idNumber: null, birthYear: 1988, sex: 'female', relation: 'spouse', careTags: [],
      },
      {
        rowNumber: 4, buildingCode: 'A1', unit: '2', room: '201', householdKey: 'A1|2|201', name: '王五', phone: null,
        idNumber: id1990, birthYear: 1990, sex: null, relation: 'other', careTags: ['disabled', 'low_income'],
      },
    ]);
  });

  it('reports each bad cell with its row, column and code', () => {
    const table = tableOf(headers, [
      ['A1', '1', '101', '', '12345', '', '', '', '', ''],
      ['A1', '1', '101', '赵六', '', '110105194912310021', '', '', '', ''],
      ['A1', '1', '101', '钱七', '', id1990, '1991', '', '', ''],
      ['A1', '1', '101', '孙八', '', id1990, '', '', '', ''],
      ['A1', '1', '101', '周九', '', '', '2030', '未知', '朋友', '独居老人、孤儿'],
      ['B2', '1', '999', '吴十', '', '', '1870', '', '', ''],
      ['C3', '1', '101', '郑一', '', '', '', '', '', ''],
    ]);
    const { records, errors } = validateResidentRows(table, ctx, 'zh-CN');
    expect(records).toEqual([]);
    expect(codesAt(errors)).toEqual([
      [2, '姓名', 'REQUIRED'],
      [2, '手机号', 'INVALID_PHONE'],
      [3, '身份证号', 'INVALID_ID_NUMBER'],
      [4, '出生年份', 'BIRTH_YEAR_MISMATCH'],
      [5, '身份证号', 'DUPLICATE_ID_NUMBER'],
      [6, '出生年份', 'INVALID_BIRTH_YEAR'],
      [6, '性别', 'INVALID_SEX'],
      [6, '与户主关系', 'INVALID_RELATION'],
      [6, '重点人群标签', 'UNKNOWN_CARE_TAG'],
      [7, '房号', 'UNKNOWN_HOUSEHOLD'],
      [7, '出生年份', 'INVALID_BIRTH_YEAR'],
      [8, '楼栋编号', 'UNKNOWN_BUILDING'],
    ]);
    expect(errors[3].message).toBe('第 4 行“出生年份”：出生年份 1991 与身份证号中的出生年份 1990 不一致。');
    expect(errors[4].message).toBe('第 5 行“身份证号”：身份证号与第 4 行重复。');
    expect(errors[8].message).toContain('未知的重点人群标签“孤儿”，可填：独居老人、空巢老人');
    expect(errors[9].message).toBe('第 7 行“房号”：找不到房屋：B2 号楼 1 单元 999。请先导入房屋，或检查楼栋、单元、房号。');
  });

  it('never repeats a phone or ID number in its messages', () => {
    const table = tableOf(headers, [['A1', '1', '101', '张三', '1381234567', '330206199001011230', '', '', '', '']]);
    const { errors } = validateResidentRows(table, ctx, 'en');
    expect(errors.map((e) => e.code)).toEqual(['INVALID_PHONE', 'INVALID_ID_NUMBER']);
    for (const e of errors) expect(e.message).not.toMatch(/1381234567|330206199001011230|张三/);
    expect(errors[1].message).toMatch(/^Row 2, "身份证号": not a valid ID number/);
  });

  it('places residents in households from a households file of the same import', () => {
    const households = validateHouseholdRows(tableOf(['楼栋编号', '单元', '房号'], [['B2', '3', '301']]), ctx, 'zh-CN');
    const residents = tableOf(['楼栋编号', '单元', '房号', '姓名'], [['B2', '3', '301', '陈二']]);
    const without = validateResidentRows(residents, ctx, 'zh-CN');
    expect(without.errors.map((e) => e.code)).toEqual(['UNKNOWN_HOUSEHOLD']);
    const householdKeys = new Set([...ctx.householdKeys, ...householdKeysOf(households.records)]);
    const withFile = validateResidentRows(residents, { ...ctx, householdKeys }, 'zh-CN');
    expect(withFile.errors).toEqual([]);
    expect(withFile.records[0]).toMatchObject({ householdKey: 'B2|3|301', name: '陈二' });
  });

  it('reports missing required columns once on row 1 in the chosen language', () => {
    const { errors } = validateResidentRows(tableOf(['building', 'room', '手机号'], [['A1', '101', '13812345678']]), ctx, 'zh-CN');
    expect(codesAt(errors)).toEqual([[1, '姓名', 'MISSING_COLUMN']]);
    expect(errors[0].message).toBe('第 1 行“姓名”：缺少必填列“姓名”（也可写作：name）。');
  });
});
