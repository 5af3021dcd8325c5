import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from 'kysely';
import type { Scope } from '../platform/actor.ts';

/**
 * The tenant filter every scoped store query applies: rows of the scope's communities,
 * or of its single grids. An empty scope matches nothing.
 */
export function scopeFilter<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  scope: Scope,
  communityColumn: string,
  gridColumn: string | null,
): ExpressionWrapper<DB, TB, SqlBool> {
  const ref = eb.ref as (column: string) => never;
  const parts: ExpressionWrapper<DB, TB, SqlBool>[] = [];
  if (scope.communityIds.length) parts.push(eb(ref(communityColumn), 'in', scope.communityIds as never));
  if (gridColumn && scope.gridIds.length) parts.push(eb(ref(gridColumn), 'in', scope.gridIds as never));
  if (!parts.length) return eb.val(false) as unknown as ExpressionWrapper<DB, TB, SqlBool>;
  return eb.or(parts);
}
