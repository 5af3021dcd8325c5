import { sql, type Compilable, type Expression, type RawBuilder } from 'kysely';

/**
 * Several writes as one statement: each runs as a part (a data-modifying CTE) of a statement whose final
 * select reads what they return. A statement is one round trip between Node and PostgreSQL however many
 * parts it has, and round trips, not rows, are what a busy transaction pays for. PostgreSQL runs the parts
 * on one snapshot and always to completion: no part, nor the final select, sees what another part writes,
 * so parts must be independent of each other, reading only what was committed before or written by an
 * earlier statement of the transaction.
 */

/** A query to run as one part of a statement, e.g. notifyUsersInsert or webhookEventInsert. */
export type Part = Compilable<unknown> | RawBuilder<unknown>;

/** `WITH name AS (query), … <final>`: the named parts, then the select that reads what they return. */
export function withParts(parts: [string, Part][], final: Expression<unknown>) {
  if (!parts.length) return sql`${final}`;
  return sql`WITH ${sql.join(parts.map(([name, query]) => sql`${sql.id(name)} AS (${query})`))} ${final}`;
}
