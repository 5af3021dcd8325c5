/**
 * Registry exports as files staff open in Excel or a GIS: CSV, XLSX and GeoJSON. Callers pass
 * numbers as numbers and identifiers (ID numbers, phones, room numbers) as strings; the writers
 * keep strings as text so Excel neither computes them nor rounds them.
 */
import ExcelJS from 'exceljs';
import type { ExportFeature } from './geojson.ts';

export type Cell = string | number | null;

const UTF8_BOM = '\uFEFF';
// OWASP's list of characters that make Excel or LibreOffice read a cell as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;
// Long digit strings (ID numbers, mobiles) and leading zeros (landlines, rooms "0101") that
// Excel would turn into rounded numbers when it opens a CSV.
const NUMBER_LOOKALIKE = /^(\d{11,}|0\d+)$/;

function csvCell(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else {
    // A leading ' makes Excel show the text instead of running it; the import strips it again.
    text = FORMULA_START.test(value) ? `'${value}` : value;
    // A trailing tab is the usual way to make Excel keep digits as text; the import trims it.
    if (NUMBER_LOOKALIKE.test(value)) text += '\t';
  }
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV with a UTF-8 BOM (so Excel reads Chinese), CRLF lines and RFC 4180 quoting. */
export function writeCsv(headers: string[], rows: Cell[][]): Buffer {
  const lines = [headers, ...rows].map((row) => row.map(csvCell).join(','));
  return Buffer.from(UTF8_BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

/** What Excel allows in a sheet name: 31 characters, none of []:*?/\ */
function safeSheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31);
  return cleaned || 'Sheet1';
}

/** Roughly how many Latin characters wide a text is: CJK characters take two. */
function displayWidth(value: Cell): number {
  if (value === null) return 0;
  let width = 0;
  for (const ch of String(value)) width += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return width;
}

function styleColumns(sheet: ExcelJS.Worksheet, headers: string[], rows: Cell[][]): void {
  headers.forEach((header, i) => {
    const values = rows.map((r) => r[i] ?? null);
    const column = sheet.getColumn(i + 1);
    column.width = Math.min(50, Math.max(8, ...[header, ...values].map(displayWidth)) + 2);
    // A column with no numbers is formatted as text, so what staff add in Excel stays text too
    // (an ID number typed into a General cell loses its last digits).
    if (values.every((v) => typeof v !== 'number')) column.numFmt = '@';
  });
}

/** An .xlsx workbook with one sheet: bold, frozen header row and columns sized to their content. */
export async function writeXlsx(sheetName: string, headers: string[], rows: Cell[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(headers);
  // NaN and Infinity have no xlsx representation; an empty cell is the honest export.
  const cellOf = (value: Cell | undefined) => (typeof value === 'number' && !Number.isFinite(value) ? null : (value ?? null));
  for (const row of rows) sheet.addRow(headers.map((_, i) => cellOf(row[i])));
  styleColumns(sheet, headers, rows);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A GeoJSON FeatureCollection, UTF-8 without BOM as RFC 7946 asks. */
export function writeFeatureCollection(features: readonly ExportFeature[]): Buffer {
  return Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }), 'utf8');
}
