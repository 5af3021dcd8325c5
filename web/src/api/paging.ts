import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, type QueryParams } from './client.ts';
import type { Page } from './types.ts';

/** Filters of a list endpoint: its query schema less the cursor, which paging owns. */
export type ListFilters<Q> = Omit<Q, 'cursor'>;

/**
 * A cursor-paged list: pages are fetched one after another with `nextCursor`; `items` is every
 * row loaded so far, and `fetchNextPage` loads the next page ("load more").
 */
export function usePagedList<T, Q extends object>(path: string, filters: ListFilters<Q>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [path, filters],
    queryFn: ({ pageParam }) => api.get<Page<T>>(path, { ...(filters as QueryParams), cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  return { ...query, items };
}

export type PagedList<T> = ReturnType<typeof usePagedList<T, object>>;
