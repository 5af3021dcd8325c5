/**
 * Residents (居民) from a spreadsheet: one row per person, placed in a household by building
 * code, unit and room. Identifiers are checked and normalized here so stores get clean values.
 */
import type { ErrorDetail, Locale } from '../platform/errors.ts';
import { careTagCodes, careTags, parseCareTag, type CareTag } from '../people/careTags.ts';
import { birthYearFromIdNumber, isValidIdNumber, isValidPhone, normalizeIdNumber, normalizePhone } from '../people/identity.ts';
import {
  choiceLabel,
  choiceValue,
  parseDecimal,
  requiredText,
  resolveColumns,
  rowScope,
  type Choice,
  type ColumnSpec,
  type FieldScope,
} from './fields.ts';
import { householdKey, readHouseholdAddress } from './householdRows.ts';
import type { Table } from './table.ts';

export type Sex = 'male' | 'female';
export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'tenant' | 'other';

export const sexChoices: readonly Choice<Sex>[] = [
  { value: 'male', zh: '男', en: 'male', aliases: ['m'] },
  { value: 'female', zh: '女', en: 'female', aliases: ['f'] },
];

// The aliases are the words household registers (户口簿) use for the same relations.
export const relationChoices: readonly Choice<Relation>[] = [
  { value: 'head', zh: '户主', en: 'head', aliases: ['本人'] },
  { value: 'spouse', zh: '配偶', en: 'spouse', aliases: ['妻', '夫', '妻子', '丈夫'] },
  { value: 'child', zh: '子女', en: 'child', aliases: ['子', '女', '儿子', '女儿'] },
  { value: 'parent', zh: '父母', en: 'parent', aliases: ['父亲', '母亲'] },
  { value: 'grandchild', zh: '孙子女', en: 'grandchild', aliases: ['孙子', '孙女', '外孙子', '外孙女'] },
  { value: 'sibling', zh: '兄弟姐妹', en: 'sibling', aliases: ['兄', '弟', '姐', '妹'] },
  { value: 'tenant', zh: '租户', en: 'tenant' },
  { value: 'other', zh: '其他', en: 'other' },
];

export interface ResidentRecord {
  rowNumber: number;
  buildingCode: string;
  unit: string;
  room: string;
  /** householdKey(buildingCode, unit, room), to look up the household id. */
  householdKey: string;
  name: string;
  /** Normalized: digits only, no +86. */
  phone: string | null;
  /** Normalized: 18 characters, upper-case X. */
  idNumber: string | null;
  birthYear: number | null;
  sex: Sex | null;
  relation: Relation;
  careTags: CareTag[];
}

export interface ResidentImportContext {
  buildingCodes: ReadonlySet<string>;
  /**
   * householdKey()s that residents may be placed in: those already in the database plus
   * those of a households file imported in the same job (see householdKeysOf).
   */
  householdKeys: ReadonlySet<string>;
  /** From the injected clock: birth years after it are mistakes. */
  currentYear: number;
}

type ResidentField = 'buildingCode' | 'unit' | 'room' | 'name' | 'phone' | 'idNumber' | 'birthYear' | 'sex' | 'relation' | 'careTags';

export const residentColumns: readonly ColumnSpec<ResidentField>[] = [
  { field: 'buildingCode', zh: '楼栋编号', en: 'building', required: true },
  { field: 'unit', zh: '单元', en: 'unit' },
  { field: 'room', zh: '房号', en: 'room', required: true },
  { field: 'name', zh: '姓名', en: 'name', required: true },
  { field: 'phone', zh: '手机号', en: 'phone', aliases: ['联系电话', '电话'] },
  { field: 'idNumber', zh: '身份证号', en: 'id_number', aliases: ['身份证号码', '公民身份号码'] },
  { field: 'birthYear', zh: '出生年份', en: 'birth_year' },
  { field: 'sex', zh: '性别', en: 'sex' },
  { field: 'relation', zh: '与户主关系', en: 'relation' },
  { field: 'careTags', zh: '重点人群标签', en: 'care_tags' },
];

const MIN_BIRTH_YEAR = 1880;
const NAME_MAX = 40;
const CARE_TAG_SEPARATORS = /[；;、,，|]/;

type Scope = FieldScope<ResidentField>;

/** Phone and ID number, normalized; full-width digits from Chinese input methods are accepted. */
function readIdentifiers(scope: Scope, firstRowOfId: Map<string, number>): { phone: string | null; idNumber: string | null } {
  const phoneText = scope.text('phone').normalize('NFKC');
  let phone: string | null = null;
  if (phoneText !== '' && !isValidPhone(phoneText)) scope.fail('phone', 'INVALID_PHONE');
  else if (phoneText !== '') phone = normalizePhone(phoneText);

  const idText = scope.text('idNumber').normalize('NFKC');
  if (idText === '') return { phone, idNumber: null };
  if (!isValidIdNumber(idText)) {
    scope.fail('idNumber', 'INVALID_ID_NUMBER');
    return { phone, idNumber: null };
  }
  const idNumber = normalizeIdNumber(idText);
  const firstRow = firstRowOfId.get(idNumber);
  if (firstRow !== undefined) scope.fail('idNumber', 'DUPLICATE_ID_NUMBER', { firstRow });
  else firstRowOfId.set(idNumber, scope.row);
  return { phone, idNumber };
}

/** The stated birth year, or the one in the ID number; the two must agree when both are given. */
function readBirthYear(scope: Scope, idNumber: string | null, currentYear: number): number | null {
  const fromId = idNumber === null ? null : birthYearFromIdNumber(idNumber);
  const text = scope.text('birthYear');
  if (text === '') return fromId;
  const year = parseDecimal(text.replace(/年$/, ''));
  if (year === undefined || !Number.isInteger(year) || year < MIN_BIRTH_YEAR || year > currentYear) {
    scope.fail('birthYear', 'INVALID_BIRTH_YEAR', { value: text, min: MIN_BIRTH_YEAR, max: currentYear });
    return null;
  }
  if (fromId !== null && fromId !== year) scope.fail('birthYear', 'BIRTH_YEAR_MISMATCH', { value: year, fromId });
  return year;
}

function careTagList(locale: Locale): string {
  return careTagCodes.map((code) => (locale === 'en' ? careTags[code].en : careTags[code].zh)).join(locale === 'en' ? ', ' : '、');
}

/** Care tags by code or label, separated the ways people type lists in Chinese and English. */
function readCareTags(scope: Scope, locale: Locale): CareTag[] {
  const tags = new Set<CareTag>();
  for (const part of scope.text('careTags').split(CARE_TAG_SEPARATORS)) {
    const text = part.trim();
    if (text === '') continue;
    const tag = parseCareTag(text);
    if (tag) tags.add(tag);
    else scope.fail('careTags', 'UNKNOWN_CARE_TAG', { value: text, allowed: careTagList(locale) });
  }
  return [...tags];
}

/** The household must exist already or come from the households being imported with it. */
function readHousehold(scope: Scope, ctx: ResidentImportContext) {
  const address = readHouseholdAddress(scope, ctx.buildingCodes);
  if (!address) return undefined;
  const key = householdKey(address.buildingCode, address.unit, address.room);
  // An unknown building is already reported; saying the household is unknown too adds nothing.
  if (ctx.buildingCodes.has(address.buildingCode) && !ctx.householdKeys.has(key)) {
    scope.fail('room', 'UNKNOWN_HOUSEHOLD', { building: address.buildingCode, unit: address.unit, room: address.room });
  }
  return { ...address, householdKey: key };
}

/** Validates resident rows; records are only the rows without errors. */
export function validateResidentRows(
  table: Table,
  ctx: ResidentImportContext,
  locale: Locale,
): { records: ResidentRecord[]; errors: ErrorDetail[] } {
  const { headerOf, errors } = resolveColumns(table.headers, residentColumns, locale);
  if (errors.length > 0) return { records: [], errors };
  const records: ResidentRecord[] = [];
  const firstRowOfId = new Map<string, number>();
  for (const row of table.rows) {
    const scope = rowScope(row, headerOf, residentColumns, { unit: '1' }, locale, errors);
    const household = readHousehold(scope, ctx);
    const name = requiredText(scope, 'name', NAME_MAX);
    const { phone, idNumber } = readIdentifiers(scope, firstRowOfId);
    const birthYear = readBirthYear(scope, idNumber, ctx.currentYear);
    const sex = choiceValue(scope, 'sex', sexChoices, { fallback: null, code: 'INVALID_SEX', locale });
    const relation = choiceValue(scope, 'relation', relationChoices, { fallback: 'other', code: 'INVALID_RELATION', locale });
    const tags = readCareTags(scope, locale);
    if (scope.failed || !household || name === undefined || relation === null) continue;
    records.push({ rowNumber: row.rowNumber, ...household, name, phone, idNumber, birthYear, sex, relation, careTags: tags });
  }
  return { records, errors };
}

export function residentExportHeaders(locale: Locale): string[] {
  return residentColumns.map((c) => (locale === 'en' ? c.en : c.zh));
}

/** One export row for a resident, matching residentExportHeaders; care tags by label. */
export function residentExportRow(r: Omit<ResidentRecord, 'rowNumber' | 'householdKey'>, locale: Locale): (string | number | null)[] {
  const tags = r.careTags.map((t) => (locale === 'en' ? careTags[t].en : careTags[t].zh)).join(locale === 'en' ? '; ' : '、');
  return [
    r.buildingCode,
    r.unit,
    r.room,
    r.name,
    r.phone,
    r.idNumber,
    r.birthYear,
    r.sex === null ? null : choiceLabel(sexChoices, r.sex, locale),
    choiceLabel(relationChoices, r.relation, locale),
    tags,
  ];
}
