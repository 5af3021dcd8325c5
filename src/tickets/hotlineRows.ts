/**
 * 12345 hotline work orders (市民热线工单) from a spreadsheet, one case a row, checked the way registry
 * imports are: every problem a row and column with a message in the caller's language. No SQL here:
 * the caller says which categories and communities exist, which cases are already in, and where a
 * point lies, so every rule can be read (and tested) in this one file.
 */
import {
  allowedList, normalizeHeader, optionalNumber, optionalText, parseDecimal, requiredText, resolveColumns, rowScope,
  type Choice, type ColumnSpec,
} from '../imports/fields.ts';
import { locationPrefix, type RowLocation } from '../imports/rowErrors.ts';
import type { Table, TableRow } from '../imports/table.ts';
import { isValidPhone, normalizePhone } from '../people/identity.ts';
import { errorMessage, localizeDetail, type DetailCode, type ErrorDetail, type Locale } from '../platform/errors.ts';
import type { Placement } from './routing.ts';

type HotlineField = 'caseNumber' | 'callTime' | 'category' | 'description' | 'address' | 'lon' | 'lat' | 'community' | 'contactName' | 'contactPhone' | 'urgency';

export const hotlineColumns: readonly ColumnSpec<HotlineField>[] = [
  { field: 'caseNumber', zh: '工单编号', en: 'case_number', aliases: ['工单号', 'case number'], required: true },
  { field: 'callTime', zh: '来电时间', en: 'call_time', aliases: ['call time'], required: true },
  { field: 'category', zh: '诉求类别', en: 'category', required: true },
  { field: 'description', zh: '诉求内容', en: 'description', required: true },
  { field: 'address', zh: '地址', en: 'address' },
  { field: 'lon', zh: '经度', en: 'longitude', aliases: ['lon', 'lng'] },
  { field: 'lat', zh: '纬度', en: 'latitude', aliases: ['lat'] },
  { field: 'community', zh: '社区', en: 'community' },
  { field: 'contactName', zh: '联系人', en: 'contact_name', aliases: ['contact name'] },
  { field: 'contactPhone', zh: '联系电话', en: 'contact_phone', aliases: ['contact phone'] },
  { field: 'urgency', zh: '紧急程度', en: 'urgency' },
];

type Urgency = 'normal' | 'high' | 'urgent';
export const urgencyChoices: readonly Choice<Urgency>[] = [
  { value: 'normal', zh: '一般', en: 'normal' },
  { value: 'high', zh: '紧急', en: 'high' },
  { value: 'urgent', zh: '特急', en: 'urgent' },
];

/** Limits of the ticket table and of the staff report schema, so an imported case is one the API would take. */
const limits = { caseNumber: 64, description: 2000, address: 200, contactName: 50 } as const;

export interface HotlineCase {
  rowNumber: number;
  caseNumber: string;
  callTime: Date;
  categoryCode: string;
  description: string;
  address: string | undefined;
  point: { lon: number; lat: number } | undefined;
  placement: Placement;
  contact: { name?: string; phone?: string };
  priority: Urgency;
}

export interface SkippedCase {
  row: number;
  caseNumber: string;
  ticketId: number;
}

export interface HotlineContext {
  /** The active categories. */
  categories: readonly { code: string; name: { zh: string; en: string } }[];
  /** Communities whose code or name appears in the file. */
  communities: readonly { id: number; code: string; name: string }[];
  /** Cases already imported: case number → ticket id. */
  imported: ReadonlyMap<string, number>;
  now: Date;
  /** The community and grid holding a point; undefined when no community does. */
  place(point: { lon: number; lat: number }): Promise<Placement | undefined>;
  /** Whether the importer handles tickets there (tickets.handle scope). */
  mayHandle(placement: Placement): boolean;
}

/** The case numbers and community words of a file: what to look up before validating it. */
export function hotlineLookups(table: Table): { caseNumbers: string[]; communityWords: string[] } {
  const { headerOf } = resolveColumns(table.headers, hotlineColumns, 'zh-CN');
  const cells = (field: HotlineField) => {
    const header = headerOf[field];
    return header === undefined ? [] : [...new Set(table.rows.map((r) => (r.values[header] ?? '').trim()).filter(Boolean))];
  };
  return { caseNumbers: cells('caseNumber'), communityWords: cells('community') };
}

const DATE_TIME = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Serials from 2000-01-01 to 9999-12-31: a smaller number is more likely a typo than a call. */
const EXCEL_SERIALS = { min: 36526, max: 2958465 };

/**
 * When the caller called, as the hotline writes it in China time: 'YYYY-MM-DD HH:mm' (seconds optional,
 * '/' or '.' between date parts), a date alone, or an Excel date serial from a cell formatted as General.
 */
export function parseCallTime(raw: string): Date | undefined {
  const text = raw.normalize('NFKC').trim();
  const m = DATE_TIME.exec(text);
  if (m) {
    const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0));
    const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    const exact = wall.getUTCFullYear() === year && wall.getUTCMonth() === month - 1 && wall.getUTCDate() === day
      && hour < 24 && minute < 60 && second < 60;
    return exact ? new Date(wall.getTime() - CHINA_OFFSET_MS) : undefined;
  }
  const serial = parseDecimal(text);
  if (serial === undefined || serial < EXCEL_SERIALS.min || serial > EXCEL_SERIALS.max) return undefined;
  const wallMs = Math.round((EXCEL_EPOCH_MS + serial * DAY_MS) / 1000) * 1000;
  return new Date(wallMs - CHINA_OFFSET_MS);
}

/** A row error worded from the catalogue's detail messages, placed like the registry imports' row errors. */
export function hotlineRowError(code: DetailCode | 'OUT_OF_SCOPE', locale: Locale, at: RowLocation, params: Record<string, string | number> = {}): ErrorDetail {
  const text = code === 'OUT_OF_SCOPE' ? errorMessage(code, locale) : localizeDetail({ path: '', code, params }, locale).message;
  return { row: at.row, column: at.column, code, message: locationPrefix(at, locale) + text };
}

const matches = (text: string, names: readonly string[]) => names.some((name) => normalizeHeader(name) === normalizeHeader(text));

/** One row being read: the shared field readers, plus this file's own problems. */
function rowReader(row: TableRow, headerOf: Partial<Record<HotlineField, string>>, locale: Locale, errors: ErrorDetail[]) {
  const scope = rowScope(row, headerOf, hotlineColumns, {}, locale, errors);
  let failed = false;
  const columnOf = (field: HotlineField) => headerOf[field] ?? hotlineColumns.find((c) => c.field === field)![locale === 'en' ? 'en' : 'zh'];
  return {
    scope,
    problem(field: HotlineField, code: DetailCode | 'OUT_OF_SCOPE', params?: Record<string, string | number>) {
      failed = true;
      errors.push(hotlineRowError(code, locale, { row: row.rowNumber, column: columnOf(field) }, params));
    },
    get failed() {
      return failed || scope.failed;
    },
  };
}
type RowReader = ReturnType<typeof rowReader>;

function readCallTime(r: RowReader, now: Date): Date | undefined {
  const text = r.scope.text('callTime');
  const at = text === '' ? undefined : parseCallTime(text);
  if (text === '') r.scope.fail('callTime', 'REQUIRED');
  else if (!at) r.problem('callTime', 'HOTLINE_CALL_TIME_INVALID', { value: text });
  else if (at > now) r.problem('callTime', 'HOTLINE_CALL_TIME_FUTURE');
  else return at;
  return undefined;
}

function readCategory(r: RowReader, ctx: HotlineContext, locale: Locale): string | undefined {
  const text = r.scope.text('category');
  if (text === '') {
    r.scope.fail('category', 'REQUIRED');
    return undefined;
  }
  const found = ctx.categories.find((c) => matches(text, [c.code, c.name.zh, c.name.en]));
  if (found) return found.code;
  const allowed = ctx.categories.map((c) => (locale === 'en' ? c.name.en : c.name.zh)).join(locale === 'en' ? ', ' : '、');
  r.problem('category', 'HOTLINE_CATEGORY_UNKNOWN', { value: text, allowed });
  return undefined;
}

function readUrgency(r: RowReader, locale: Locale): Urgency | undefined {
  const text = r.scope.text('urgency');
  if (text === '') return 'normal';
  const found = urgencyChoices.find((c) => matches(text, [c.value, c.zh, c.en]));
  if (!found) r.problem('urgency', 'HOTLINE_URGENCY_INVALID', { value: text, allowed: allowedList(urgencyChoices, locale) });
  return found?.value;
}

function readContact(r: RowReader): HotlineCase['contact'] {
  const name = optionalText(r.scope, 'contactName', limits.contactName) ?? undefined;
  const phoneText = r.scope.text('contactPhone').normalize('NFKC');
  if (phoneText === '') return { name };
  if (!isValidPhone(phoneText)) r.scope.fail('contactPhone', 'INVALID_PHONE');
  return { name, phone: normalizePhone(phoneText) };
}

/** Both coordinates or neither; undefined when the row has no (usable) point. */
function readPoint(r: RowReader): { given: boolean; point?: { lon: number; lat: number } } {
  const lon = optionalNumber(r.scope, 'lon', { min: -180, max: 180 });
  const lat = optionalNumber(r.scope, 'lat', { min: -90, max: 90 });
  const lonGiven = r.scope.text('lon') !== '';
  const latGiven = r.scope.text('lat') !== '';
  if (lonGiven !== latGiven) r.problem(lonGiven ? 'lat' : 'lon', 'HOTLINE_POINT_INCOMPLETE');
  return { given: lonGiven || latGiven, point: lon !== null && lat !== null ? { lon, lat } : undefined };
}

function readCommunity(r: RowReader, ctx: HotlineContext): { id: number; name: string } | undefined {
  const text = r.scope.text('community');
  if (text === '') return undefined;
  const byCode = ctx.communities.filter((c) => c.code === text);
  const found = byCode.length ? byCode : ctx.communities.filter((c) => c.name === text);
  if (found.length === 1) return found[0];
  r.problem('community', found.length ? 'HOTLINE_COMMUNITY_AMBIGUOUS' : 'HOTLINE_COMMUNITY_UNKNOWN', { value: text });
  return undefined;
}

/** Where the case belongs: its point (which must lie in the community, when one is named too), else its community. */
async function readPlacement(r: RowReader, ctx: HotlineContext): Promise<{ placement?: Placement; point?: HotlineCase['point'] }> {
  const { given, point } = readPoint(r);
  const community = readCommunity(r, ctx);
  if (!given && r.scope.text('community') === '') {
    r.problem('community', 'HOTLINE_COMMUNITY_REQUIRED');
    return {};
  }
  if (!point) return { placement: community && { communityId: community.id, gridId: null } };
  const placed = await ctx.place(point);
  if (community && placed?.communityId !== community.id) r.problem('lon', 'HOTLINE_POINT_NOT_IN_COMMUNITY', { community: community.name });
  else if (!placed) r.problem('lon', 'HOTLINE_POINT_OUTSIDE');
  else return { placement: placed, point };
  return {};
}

/**
 * Validates the rows of a hotline file. A case already imported is skipped, not checked again (the
 * hotline sends its list again with new cases added); the rest become cases only when wholly valid.
 */
export async function validateHotlineRows(
  table: Table,
  ctx: HotlineContext,
  locale: Locale,
): Promise<{ cases: HotlineCase[]; skipped: SkippedCase[]; errors: ErrorDetail[] }> {
  const { headerOf, errors } = resolveColumns(table.headers, hotlineColumns, locale);
  const cases: HotlineCase[] = [];
  const skipped: SkippedCase[] = [];
  if (errors.length > 0) return { cases, skipped, errors };
  const firstRowOf = new Map<string, number>();
  for (const row of table.rows) {
    const r = rowReader(row, headerOf, locale, errors);
    const caseNumber = requiredText(r.scope, 'caseNumber', limits.caseNumber);
    const ticketId = caseNumber === undefined ? undefined : ctx.imported.get(caseNumber);
    if (caseNumber !== undefined && ticketId !== undefined) {
      skipped.push({ row: row.rowNumber, caseNumber, ticketId });
      continue;
    }
    const firstRow = caseNumber === undefined ? undefined : firstRowOf.get(caseNumber);
    if (firstRow !== undefined) r.problem('caseNumber', 'HOTLINE_CASE_REPEATED', { firstRow });
    else if (caseNumber !== undefined) firstRowOf.set(caseNumber, row.rowNumber);
    const callTime = readCallTime(r, ctx.now);
    const categoryCode = readCategory(r, ctx, locale);
    const description = requiredText(r.scope, 'description', limits.description);
    const address = optionalText(r.scope, 'address', limits.address) ?? undefined;
    const contact = readContact(r);
    const priority = readUrgency(r, locale);
    const { placement, point } = await readPlacement(r, ctx);
    if (placement && !ctx.mayHandle(placement)) r.problem(r.scope.text('community') ? 'community' : 'lon', 'OUT_OF_SCOPE');
    if (r.failed || !caseNumber || !callTime || !categoryCode || !description || !priority || !placement) continue;
    cases.push({ rowNumber: row.rowNumber, caseNumber, callTime, categoryCode, description, address, point, placement, contact, priority });
  }
  return { cases, skipped, errors };
}
