/**
 * Shared pieces of the row validators: matching a file's headers to fields by their zh/en
 * names, and reading one cell as text, number or a choice while collecting row errors.
 * Spreadsheet rows and GeoJSON features both go through the same FieldScope.
 */
import type { ErrorDetail, Locale } from '../platform/errors.ts';
import type { TableRow } from './table.ts';
import { rowError, type RowErrorCode, type RowErrorParams, type RowLocation } from './rowErrors.ts';

export interface ColumnSpec<F extends string> {
  field: F;
  /** The zh-CN header, written by zh exports and always accepted. */
  zh: string;
  /** The English header, written by en exports and always accepted. */
  en: string;
  aliases?: readonly string[];
  required?: boolean;
}

/** Case, spaces and the * that templates put on required columns do not matter. */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').trim().replace(/^\*+|\*+$/g, '').trim().toLowerCase();
}

/**
 * Finds which header of the file holds each field. Missing required columns and two headers
 * for one field are file-level errors on row 1; unknown headers are ignored (remarks columns).
 */
export function resolveColumns<F extends string>(
  headers: readonly string[],
  specs: readonly ColumnSpec<F>[],
  locale: Locale,
): { headerOf: Partial<Record<F, string>>; errors: ErrorDetail[] } {
  const byName = new Map<string, ColumnSpec<F>>();
  for (const spec of specs) for (const name of [spec.zh, spec.en, ...(spec.aliases ?? [])]) byName.set(normalizeHeader(name), spec);
  const headerOf: Partial<Record<F, string>> = {};
  const errors: ErrorDetail[] = [];
  for (const header of headers) {
    const spec = byName.get(normalizeHeader(header));
    if (!spec) continue;
    const other = headerOf[spec.field];
    if (other === undefined) headerOf[spec.field] = header;
    else errors.push(rowError('DUPLICATE_COLUMN', locale, { row: 1, column: header }, { other }));
  }
  for (const spec of specs) {
    if (!spec.required || headerOf[spec.field] !== undefined) continue;
    const column = locale === 'en' ? spec.en : spec.zh;
    const aliases = [spec.zh, spec.en, ...(spec.aliases ?? [])].filter((n) => n !== column).join(locale === 'en' ? ', ' : '、');
    errors.push(rowError('MISSING_COLUMN', locale, { row: 1, column }, { aliases }));
  }
  return { headerOf, errors };
}

/** One row or feature being validated: reads fields and records errors against it. */
export interface FieldScope<F extends string> {
  readonly row: number;
  /** Trimmed text of a field, '' when absent. */
  text(field: F): string;
  fail(field: F, code: RowErrorCode, params?: RowErrorParams): void;
  /** True once any error was recorded for this row. */
  readonly failed: boolean;
}

export function createScope<F extends string>(options: {
  row: number;
  where: RowLocation['where'];
  locale: Locale;
  errors: ErrorDetail[];
  get(field: F): string;
  columnOf(field: F): string;
}): FieldScope<F> {
  let failed = false;
  return {
    row: options.row,
    text: (field) => options.get(field).trim(),
    fail(field, code, params = {}) {
      failed = true;
      const at = { row: options.row, column: options.columnOf(field), where: options.where };
      options.errors.push(rowError(code, options.locale, at, params));
    },
    get failed() {
      return failed;
    },
  };
}

/** Reads the values of one row through the columns found in the file. */
export function rowScope<F extends string>(
  row: TableRow,
  headerOf: Partial<Record<F, string>>,
  specs: readonly ColumnSpec<F>[],
  defaults: Partial<Record<F, string>>,
  locale: Locale,
  errors: ErrorDetail[],
): FieldScope<F> {
  return createScope<F>({
    row: row.rowNumber,
    where: 'row',
    locale,
    errors,
    get(field) {
      const header = headerOf[field];
      const value = header === undefined ? '' : (row.values[header] ?? '').trim();
      return value === '' ? (defaults[field] ?? '') : value;
    },
    // A column missing from the file is named as our zh or en header.
    columnOf: (field) => headerOf[field] ?? specs.find((s) => s.field === field)?.[locale === 'en' ? 'en' : 'zh'] ?? field,
  });
}

/** Required text; undefined (with an error) when blank or too long. */
export function requiredText<F extends string>(scope: FieldScope<F>, field: F, maxLength: number): string | undefined {
  const value = scope.text(field);
  if (value === '') scope.fail(field, 'REQUIRED');
  else if (Array.from(value).length > maxLength) scope.fail(field, 'TOO_LONG', { max: maxLength });
  else return value;
  return undefined;
}

/** Optional text; null when blank. */
export function optionalText<F extends string>(scope: FieldScope<F>, field: F, maxLength: number): string | null {
  const value = scope.text(field);
  if (value === '') return null;
  if (Array.from(value).length > maxLength) scope.fail(field, 'TOO_LONG', { max: maxLength });
  return value;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A number as people type it: full-width digits and 1,200.5 thousands separators allowed. */
export function parseDecimal(raw: string): number | undefined {
  const text = raw.normalize('NFKC').trim();
  if (GROUPED.test(text)) return Number(text.replaceAll(',', ''));
  return DECIMAL.test(text) ? Number(text) : undefined;
}

export interface NumberRule {
  integer?: boolean;
  /** Strictly greater than 0, for sizes. */
  positive?: boolean;
  min?: number;
  max?: number;
}

/** Optional number; null when blank or (with an error) invalid. */
export function optionalNumber<F extends string>(scope: FieldScope<F>, field: F, rule: NumberRule): number | null {
  const text = scope.text(field);
  if (text === '') return null;
  const value = parseDecimal(text);
  if (value === undefined) scope.fail(field, rule.integer ? 'INVALID_INTEGER' : 'INVALID_NUMBER', { value: text });
  else if (rule.integer && !Number.isInteger(value)) scope.fail(field, 'INVALID_INTEGER', { value: text });
  else if (rule.positive && value <= 0) scope.fail(field, 'NOT_POSITIVE');
  else if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
    scope.fail(field, 'OUT_OF_RANGE', { min: rule.min ?? '-∞', max: rule.max ?? '∞' });
  } else return value;
  return null;
}

/** A closed list of values with what staff call them. */
export interface Choice<T extends string> {
  value: T;
  zh: string;
  en: string;
  aliases?: readonly string[];
}

export function choiceLabel<T extends string>(choices: readonly Choice<T>[], value: T, locale: Locale): string {
  const choice = choices.find((c) => c.value === value);
  return choice ? (locale === 'en' ? choice.en : choice.zh) : value;
}

export function allowedList<T extends string>(choices: readonly Choice<T>[], locale: Locale): string {
  return choices.map((c) => (locale === 'en' ? c.en : c.zh)).join(locale === 'en' ? ', ' : '、');
}

/** The choice matching a cell by code, zh or en label (any case); the fallback when blank. */
export function choiceValue<F extends string, T extends string>(
  scope: FieldScope<F>,
  field: F,
  choices: readonly Choice<T>[],
  options: { fallback: T | null; code: RowErrorCode; locale: Locale },
): T | null {
  const text = scope.text(field);
  if (text === '') return options.fallback;
  const key = normalizeHeader(text);
  const found = choices.find((c) => [c.value, c.zh, c.en, ...(c.aliases ?? [])].some((name) => normalizeHeader(name) === key));
  if (found) return found.value;
  scope.fail(field, options.code, { value: text, allowed: allowedList(choices, options.locale) });
  return null;
}
