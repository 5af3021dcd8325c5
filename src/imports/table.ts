/**
 * Reads an uploaded registry spreadsheet (CSV or XLSX) into a header row and data rows of
 * trimmed strings. Row numbers are the ones a person sees in Excel, so errors can point at them.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { AppError, type ErrorCode, type Locale } from '../platform/errors.ts';
import { TableFormatError } from './rowErrors.ts';

export { TableFormatError } from './rowErrors.ts';

export interface TableRow {
  /** The row number in the spreadsheet: the header is row 1 in a plain file. */
  rowNumber: number;
  /** Trimmed cell text by header text; a header with no cell in this row is absent. */
  values: Record<string, string>;
}

export interface Table {
  headers: string[];
  rows: TableRow[];
}

export type ProgressCallback = (done: number, total: number) => void;

const PROGRESS_EVERY = 1000;

/** Reads a .csv or .xlsx upload; throws TableFormatError when the file cannot be read. */
export async function readTable(input: Buffer, fileName: string, onProgress?: ProgressCallback): Promise<Table> {
  const ext = (/\.([^.]+)$/.exec(fileName.trim())?.[1] ?? '').toLowerCase();
  if (ext === 'csv' || ext === 'txt') return tableFromGrid(readCsvGrid(input), onProgress);
  if (ext === 'xls') throw new TableFormatError('LEGACY_XLS');
  if (ext === 'xlsx') return tableFromGrid(await readXlsxGrid(input), onProgress);
  throw new TableFormatError('UNKNOWN_EXTENSION', { ext: ext ? `.${ext}` : fileName });
}

/**
 * Reads a spreadsheet uploaded for a one-transaction import: at most `maxRows` rows (else `tooLarge`, so the
 * transaction stays short), and an unreadable file as IMPORT_FORMAT in the caller's language.
 */
export async function readUploadedTable(
  upload: { file: Buffer; fileName: string; locale: Locale }, limit: { maxRows: number; tooLarge: ErrorCode },
): Promise<Table> {
  try {
    const table = await readTable(upload.file, upload.fileName);
    if (table.rows.length > limit.maxRows) throw new AppError(limit.tooLarge, { max: limit.maxRows, rows: table.rows.length });
    return table;
  } catch (err) {
    if (err instanceof TableFormatError) throw new AppError('IMPORT_FORMAT', { reason: err.reasonIn(upload.locale) });
    throw err;
  }
}

/**
 * Excel in a Chinese locale saves "CSV" as GB18030/GBK, and "Unicode text" as UTF-16 with
 * tabs; UTF-8 is tried strictly first because GB18030 decodes almost any bytes without error.
 */
export function decodeText(input: Buffer): string {
  if (input[0] === 0xff && input[1] === 0xfe) return new TextDecoder('utf-16le').decode(input.subarray(2));
  if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) return new TextDecoder('utf-8').decode(input.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return new TextDecoder('gb18030').decode(input);
  }
}

/** A physical row of a sheet: its number as Excel shows it, and its cells from column A. */
interface GridRow {
  rowNumber: number;
  cells: string[];
}

function readCsvGrid(input: Buffer): GridRow[] {
  const text = decodeText(input);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Tab-separated "Unicode text" from Excel has tabs and usually no commas in its header.
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? '?';
    throw new TableFormatError('UNREADABLE_CSV', { line });
  }
  // Each record is one spreadsheet row (blank lines included), so the index is the row number.
  return records.map((cells, index) => ({ rowNumber: index + 1, cells }));
}

async function readXlsxGrid(input: Buffer): Promise<GridRow[]> {
  if (input[0] === 0xd0 && input[1] === 0xcf) throw new TableFormatError('LEGACY_XLS');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's Buffer type predates Node's generic Buffer; the bytes are what it wants.
    await workbook.xlsx.load(input as unknown as ArrayBuffer);
  } catch {
    throw new TableFormatError('UNREADABLE_XLSX');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new TableFormatError('EMPTY');
  const grid: GridRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    grid.push({ rowNumber, cells: Array.from(cells, (c) => c ?? '') });
  });
  return grid;
}

/** Any exceljs cell value as the text a person would type; numbers keep all their digits. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    return result === undefined ? '' : cellText(result as ExcelJS.CellValue);
  }
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return '';
}

function numberText(n: number): string {
  // String(1e21) is "1e+21"; a whole number that large (a mangled ID number) reads better as digits.
  if (Number.isInteger(n) && Math.abs(n) >= 1e21) return BigInt(n).toString();
  return String(n);
}

function dateText(d: Date): string {
  // exceljs gives spreadsheet dates as UTC midnights; local time would shift them by a day.
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/**
 * Our exports prefix a ' to text that Excel would run as a formula; take it off again so an
 * exported file imports back unchanged.
 */
function unguard(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

function tableFromGrid(grid: GridRow[], onProgress?: ProgressCallback): Table {
  const isBlank = (row: GridRow) => row.cells.every((c) => c.trim() === '');
  const headerIndex = grid.findIndex((row) => !isBlank(row));
  if (headerIndex < 0) throw new TableFormatError('EMPTY');
  const headers = grid[headerIndex].cells.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of headers) {
    if (h && seen.has(h)) throw new TableFormatError('DUPLICATE_HEADER', { header: h });
    seen.add(h);
  }
  const dataRows = grid.slice(headerIndex + 1);
  const rows: TableRow[] = [];
  dataRows.forEach((row, i) => {
    if (!isBlank(row)) rows.push({ rowNumber: row.rowNumber, values: rowValues(headers, row.cells) });
    if (onProgress && ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === dataRows.length)) onProgress(i + 1, dataRows.length);
  });
  return { headers: headers.filter((h) => h !== ''), rows };
}

function rowValues(headers: string[], cells: string[]): Record<string, string> {
  const entries: [string, string][] = [];
  headers.forEach((header, col) => {
    // A column without a header cannot be mapped to a field, so its cells are dropped.
    if (header && col < cells.length) entries.push([header, unguard(cells[col].trim())]);
  });
  // fromEntries defines own properties, so a header such as "__proto__" cannot reach the prototype.
  return Object.fromEntries(entries);
}
