import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';

/**
 * Statements prepared once per connection. PostgreSQL parses, analyses and plans a statement anew each
 * time it comes unnamed, and for the few large statements that write a ticket's change (a dozen parts in
 * one WITH) that costs more than running them: a batch of five new tickets took 3.6 ms unnamed and 2.0 ms
 * prepared. Kysely sends every statement unnamed, so the statements worth it are marked (prepared()) and
 * the connection's client gives a marked one a name from its text: node-postgres then parses it once on
 * each connection and only binds and executes it after.
 *
 * Mark only statements whose text takes few shapes: values as parameters (rows as one JSON parameter, not
 * a parameter per list item), so that each shape is one prepared statement per connection. A process
 * prepares at most MAX_NAMES shapes; beyond that, marked statements go unnamed as any other.
 */

const MARK = '/* prepared */';
const MAX_NAMES = 200;
const names = new Map<string, string>();

/** The statement, marked to be prepared on each connection that runs it. */
export function prepared<T>(statement: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${sql.raw(MARK)} ${statement}`;
}

/** The prepared statement's name for a marked text; undefined for unmarked text, or when the process has prepared enough shapes. */
function nameOf(text: string): string | undefined {
  if (!text.startsWith(MARK)) return undefined;
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMES) {
    name = `linli_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}

type Query = pg.Client['query'];

/** A node-postgres client that runs marked statements as named (prepared) ones; for a pool's `Client` option. */
export class PreparingClient extends pg.Client {}

const plainQuery: Query = pg.Client.prototype.query;
// Kysely calls query(text, values); a marked text goes as query({ name, text, values }) instead.
PreparingClient.prototype.query = function query(this: pg.Client, config: unknown, values?: unknown, callback?: unknown) {
  const name = typeof config === 'string' ? nameOf(config) : undefined;
  const args = name ? [{ name, text: config, values }, callback] : [config, values, callback];
  return Reflect.apply(plainQuery, this, args);
} as Query;
