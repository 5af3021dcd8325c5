/** Builds in-memory tables for the validator tests, numbered as a spreadsheet shows them. */
import { idNumberCheckChar } from '../people/identity.ts';
import type { Table } from './table.ts';

export function tableOf(headers: string[], rows: string[][]): Table {
  return {
    headers,
    rows: rows.map((cells, i) => ({
      rowNumber: i + 2,
      values: Object.fromEntries(headers.map((h, col) => [h, cells[col] ?? ''])),
    })),
  };
}

/** A valid ID number with the given region code and birth date (yyyymmdd). */
export function idNumber(birthDate: string, region = '330206', sequence = '123'): string {
  const first17 = region + birthDate + sequence;
  return first17 + idNumberCheckChar(first17);
}
