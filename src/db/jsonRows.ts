import { sql, type ColumnType, type Insertable, type RawBuilder } from 'kysely';
import type { DB } from './schema.ts';

/** A column's value as JSON carries it into jsonb_populate_recordset: a json or jsonb column's value itself, not its text. */
type JsonValueOf<C> = C extends ColumnType<infer S, infer I, unknown> ? ([I] extends [string | undefined] ? ([S] extends [string] ? I : S) : I) : C;

/** A row for insertJsonRows: what Kysely would insert, except that a json or jsonb column holds its value, not its text. */
export type JsonInsertable<T> = { [K in keyof Insertable<T>]: K extends keyof T ? JsonValueOf<T[K]> : never };

/**
 * A string with each lone surrogate (which a JSON request may carry as an escape) as U+FFFD: jsonb refuses
 * them, and a parameter sent as text always stored them so (UTF-8 has no lone surrogates).
 */
function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd') : value;
}

/**
 * `INSERT INTO table (columns) SELECT columns FROM jsonb_populate_recordset(NULL::table, rows)`, the rows sent
 * as one JSON parameter. Its text does not grow with the rows, so PostgreSQL parses and plans it as fast for a
 * thousand rows as for one (a VALUES list of thousands of parameters took longer to plan than to run), and
 * Node sends one string instead of thousands of values. The columns are the keys some row gives a value; a
 * row without a value for one of them gets NULL there, not the column's default. A Date goes as its ISO text.
 */
export function insertJsonRows<T extends keyof DB & string>(table: T, rows: readonly JsonInsertable<DB[T]>[]): RawBuilder<unknown> {
  const given = new Set<string>();
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) if (value !== undefined) given.add(column);
  }
  const columns = sql.join([...given].map((column) => sql.ref(column)));
  return sql`INSERT INTO ${sql.table(table)} (${columns})
    SELECT ${columns} FROM jsonb_populate_recordset(NULL::${sql.table(table)}, ${jsonOf(rows)}::jsonb)`;
}

/**
 * The rows as JSON, lone surrogates made U+FFFD. JSON.stringify writes a lone surrogate, and only that, as a
 * `\ud…` escape; text without one (nearly all) is not stringified again with the replacer, which costs a
 * call for every value.
 */
function jsonOf(rows: readonly unknown[]): string {
  const json = JSON.stringify(rows);
  return json.includes('\\ud') ? JSON.stringify(rows, wellFormed) : json;
}
