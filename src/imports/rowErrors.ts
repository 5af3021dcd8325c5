/**
 * The catalogue of import problems: one stable code per kind of mistake, with a message in
 * zh-CN and en that a community worker can act on. Codes stay stable so the web app can
 * highlight cells; messages may be reworded freely.
 *
 * Messages never repeat a name, phone or ID number: import errors get stored and shown
 * back, and the row and column already say which cell to look at.
 */
import type { ErrorDetail, Locale } from '../platform/errors.ts';

type Entry = { zh: string; en: string };

export const rowErrorCatalogue = {
  REQUIRED: { zh: '必填，不能为空。', en: 'this field is required.' },
  MISSING_COLUMN: {
    zh: '缺少必填列“{column}”（也可写作：{aliases}）。',
    en: 'the required column "{column}" is missing (also accepted: {aliases}).',
  },
  DUPLICATE_COLUMN: { zh: '与“{other}”列是同一项，请删去其中一列。', en: 'means the same as column "{other}"; delete one of them.' },
  TOO_LONG: { zh: '内容过长，最多 {max} 个字。', en: 'too long; at most {max} characters.' },
  INVALID_CODE: {
    zh: '编码“{value}”只能包含字母、数字、下划线和短横线。',
    en: 'the code "{value}" may contain only letters, digits, "_" and "-".',
  },
  INVALID_NUMBER: { zh: '“{value}”不是数字。', en: '"{value}" is not a number.' },
  INVALID_INTEGER: { zh: '“{value}”不是整数。', en: '"{value}" is not a whole number.' },
  NOT_POSITIVE: { zh: '应大于 0。', en: 'must be greater than 0.' },
  OUT_OF_RANGE: { zh: '应在 {min} 到 {max} 之间。', en: 'must be between {min} and {max}.' },
  INVALID_PHONE: {
    zh: '电话号码格式不正确，应为 11 位手机号或带区号的固定电话。',
    en: 'not a valid phone number; use an 11-digit mobile number or a landline with its area code.',
  },
  INVALID_ID_NUMBER: {
    zh: '身份证号无效（应为 18 位，出生日期和末位校验码须正确）。若在 Excel 中被存成数字，末几位会丢失，请把该列设为“文本”后重新填写。',
    en: 'not a valid ID number (18 characters with a real birth date and check character). If Excel stored it as a number the last digits are lost; format the column as Text and type it again.',
  },
  DUPLICATE_ID_NUMBER: { zh: '身份证号与第 {firstRow} 行重复。', en: 'the same ID number as row {firstRow}.' },
  INVALID_BIRTH_YEAR: {
    zh: '出生年份“{value}”无效，应为 {min}–{max} 之间的四位年份。',
    en: 'birth year "{value}" is invalid; use a four-digit year from {min} to {max}.',
  },
  BIRTH_YEAR_MISMATCH: {
    zh: '出生年份 {value} 与身份证号中的出生年份 {fromId} 不一致。',
    en: 'birth year {value} differs from the year {fromId} in the ID number.',
  },
  INVALID_SEX: { zh: '性别“{value}”无效，可填：{allowed}。', en: 'sex "{value}" is invalid; use one of: {allowed}.' },
  INVALID_RELATION: {
    zh: '与户主关系“{value}”无效，可填：{allowed}。',
    en: 'relation "{value}" is invalid; use one of: {allowed}.',
  },
  INVALID_OCCUPANCY: {
    zh: '居住状态“{value}”无效，可填：{allowed}。',
    en: 'occupancy "{value}" is invalid; use one of: {allowed}.',
  },
  UNKNOWN_CARE_TAG: {
    zh: '未知的重点人群标签“{value}”，可填：{allowed}。',
    en: 'unknown care tag "{value}"; use any of: {allowed}.',
  },
  UNKNOWN_BUILDING: {
    zh: '楼栋编号“{value}”在本社区不存在，请先导入楼栋或检查编号。',
    en: 'there is no building "{value}" in this community; import the building first or check the code.',
  },
  UNKNOWN_HOUSEHOLD: {
    zh: '找不到房屋：{building} 号楼 {unit} 单元 {room}。请先导入房屋，或检查楼栋、单元、房号。',
    en: 'no household at building {building}, unit {unit}, room {room}; import the household first or check building, unit and room.',
  },
  DUPLICATE_ROW: {
    zh: '与第 {firstRow} 行是同一户（楼栋、单元、房号都相同）。',
    en: 'the same household as row {firstRow} (same building, unit and room).',
  },
  DUPLICATE_CODE: { zh: '编码“{value}”与第 {firstRow} 个要素重复。', en: 'the code "{value}" is already used by feature {firstRow}.' },
  INVALID_FEATURE: { zh: '不是有效的 GeoJSON 要素（Feature）。', en: 'not a valid GeoJSON Feature.' },
  INVALID_GEOMETRY: { zh: '图形无效：{problem}', en: 'invalid geometry: {problem}' },
  UNKNOWN_DEVICE_KIND: { zh: '未知的设备类型“{value}”，可填：{allowed}。', en: 'unknown device kind "{value}"; use one of: {allowed}.' },
  DEVICE_ID_TAKEN: { zh: '设备编号“{value}”已登记。', en: 'the device id "{value}" is already registered.' },
  DUPLICATE_DEVICE: { zh: '设备编号与第 {firstRow} 行重复。', en: 'the same device id as row {firstRow}.' },
  INVALID_DATE: { zh: '日期“{value}”无效，应写作 2026-05-01。', en: 'the date "{value}" is invalid; write it as 2026-05-01.' },
  UNKNOWN_FACILITY_KIND: {
    zh: '未知的设施类型“{value}”，请使用标准中的设施类型编码。',
    en: 'unknown facility kind "{value}"; use a facility kind code from the standard.',
  },
  UNKNOWN_ESTATE: { zh: '小区编码“{value}”在本社区不存在。', en: 'there is no estate "{value}" in this community.' },
  INVALID_AREA_LEVEL: { zh: '区域级别“{value}”无效，可填：{allowed}。', en: 'area level "{value}" is invalid; use one of: {allowed}.' },
  UNKNOWN_PARENT_AREA: { zh: '上级区域编码“{value}”不存在。', en: 'there is no parent area "{value}".' },
  INVALID_PARENT_LEVEL: {
    zh: '“{level}”级区域的上级必须是“{parentLevel}”级。',
    en: 'an area of level "{level}" must sit under a "{parentLevel}".',
  },
  INVALID_PURPOSE: { zh: '楼栋用途“{value}”无效，可填：{allowed}。', en: 'building purpose "{value}" is invalid; use one of: {allowed}.' },
  INCOMPLETE_ENTRANCE: {
    zh: '入口坐标需同时填写经度和纬度。',
    en: 'give both entrance longitude and latitude, or neither.',
  },
} as const satisfies Record<string, Entry>;

export type RowErrorCode = keyof typeof rowErrorCatalogue;
export type RowErrorParams = Record<string, string | number>;

/** Where a problem sits: a spreadsheet row, a GeoJSON feature, or the file as a whole. */
export interface RowLocation {
  row: number;
  column: string;
  where?: 'row' | 'feature' | 'file';
}

const geometryProblems = {
  MISSING: { zh: '缺少图形。', en: 'the geometry is missing.' },
  WRONG_TYPE: { zh: '应为 {expected}，实际为 {got}。', en: 'expected {expected}, got {got}.' },
  BAD_POSITION: { zh: '坐标应为 [经度, 纬度] 数字对。', en: 'each position must be a [longitude, latitude] pair of numbers.' },
  LON_RANGE: { zh: '经度 {value} 超出 -180 到 180。', en: 'longitude {value} is outside -180 to 180.' },
  LAT_RANGE: { zh: '纬度 {value} 超出 -90 到 90。', en: 'latitude {value} is outside -90 to 90.' },
  EMPTY: { zh: '图形没有任何坐标。', en: 'the geometry has no coordinates.' },
  RING_TOO_SHORT: { zh: '多边形的环至少需要 4 个坐标点。', en: 'a polygon ring needs at least 4 positions.' },
  RING_NOT_CLOSED: { zh: '多边形的环未闭合（首尾坐标须相同）。', en: 'a polygon ring is not closed (first and last positions must be equal).' },
} as const satisfies Record<string, Entry>;

export type GeometryProblemCode = keyof typeof geometryProblems;

const fileFormatProblems = {
  UNKNOWN_EXTENSION: {
    zh: '不支持的文件类型“{ext}”，请上传 .csv 或 .xlsx 文件。',
    en: 'unsupported file type "{ext}"; upload a .csv or .xlsx file.',
  },
  LEGACY_XLS: {
    zh: '不支持旧版 .xls 格式，请在 Excel 中“另存为” .xlsx 后再上传。',
    en: 'old .xls files are not supported; use "Save As" .xlsx in Excel and upload again.',
  },
  UNREADABLE_XLSX: { zh: '无法打开该 Excel 文件，文件可能已损坏或不是 .xlsx。', en: 'the Excel file cannot be opened; it may be damaged or not an .xlsx file.' },
  UNREADABLE_CSV: { zh: 'CSV 第 {line} 行格式有误（多半是引号不配对）。', en: 'the CSV is malformed at line {line} (most likely unbalanced quotes).' },
  EMPTY: { zh: '文件中没有表头，是空文件。', en: 'the file has no header row; it is empty.' },
  DUPLICATE_HEADER: { zh: '表头中“{header}”出现了两次。', en: 'the header "{header}" appears twice.' },
  INVALID_JSON: { zh: '不是有效的 JSON 文件。', en: 'the file is not valid JSON.' },
  NOT_FEATURE_COLLECTION: {
    zh: '不是 GeoJSON 要素集合（FeatureCollection）。',
    en: 'the file is not a GeoJSON FeatureCollection.',
  },
} as const satisfies Record<string, Entry>;

export type FileFormatCode = keyof typeof fileFormatProblems;

function fill(entry: Entry, locale: Locale, params: RowErrorParams): string {
  const template = locale === 'en' ? entry.en : entry.zh;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** "第 5 行“手机号”：" or "Row 5, "phone": ", put before a row error's message. */
export function locationPrefix(at: RowLocation, locale: Locale): string {
  if (at.where === 'file') return '';
  if (locale === 'en') {
    const place = at.where === 'feature' ? `Feature ${at.row}` : `Row ${at.row}`;
    return at.column ? `${place}, "${at.column}": ` : `${place}: `;
  }
  const place = at.where === 'feature' ? `第 ${at.row} 个要素` : `第 ${at.row} 行`;
  return at.column ? `${place}“${at.column}”：` : `${place}：`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The message for a row error in a locale. With `row` (and `column`) in params it reads as a
 * whole sentence, e.g. 第 5 行“手机号”：电话号码格式不正确…; without, just the problem.
 */
export function rowErrorMessage(
  code: RowErrorCode,
  locale: Locale,
  params: RowErrorParams & { row?: number; column?: string; where?: RowLocation['where'] } = {},
): string {
  const text = fill(rowErrorCatalogue[code], locale, params);
  if (params.row === undefined) return locale === 'en' ? capitalise(text) : text;
  const at: RowLocation = { row: params.row, column: params.column ?? '', where: params.where };
  const prefix = locationPrefix(at, locale);
  return prefix ? prefix + text : locale === 'en' ? capitalise(text) : text;
}

/** The ErrorDetail the importers return: row, column, code and a message in the caller's locale. */
export function rowError(code: RowErrorCode, locale: Locale, at: RowLocation, params: RowErrorParams = {}): ErrorDetail {
  const message = rowErrorMessage(code, locale, { ...params, row: at.row, column: at.column, where: at.where ?? 'row' });
  return { row: at.row, column: at.column, code, message };
}

/** A geometry problem in words, to fill the {problem} of INVALID_GEOMETRY. */
export function geometryProblemText(code: GeometryProblemCode, locale: Locale, params: RowErrorParams = {}): string {
  return fill(geometryProblems[code], locale, params);
}

/** Why a file cannot be read at all, in words; feeds the IMPORT_FORMAT error's {reason}. */
export function fileFormatMessage(code: FileFormatCode, locale: Locale, params: RowErrorParams = {}): string {
  return fill(fileFormatProblems[code], locale, params);
}

/** A whole file is unreadable (wrong type, broken CSV, not GeoJSON): nothing row-level to say. */
export class TableFormatError extends Error {
  /** English reason, for logs and for callers that need one string. */
  readonly reason: string;
  constructor(
    readonly code: FileFormatCode,
    readonly params: RowErrorParams = {},
  ) {
    const reason = fileFormatMessage(code, 'en', params);
    super(reason);
    this.name = 'TableFormatError';
    this.reason = reason;
  }

  /** The reason in the user's language. */
  reasonIn(locale: Locale): string {
    return fileFormatMessage(this.code, locale, this.params);
  }
}
