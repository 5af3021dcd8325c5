import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { forgetSession, meKey } from './auth.ts';
import { ApiError, isApiError } from './client.ts';

/** One cache for the app; an expired session anywhere sends the user back to the login page. */
export function createQueryClient(): QueryClient {
  const onError = (error: Error) => {
    if (isApiError(error, 'UNAUTHENTICATED')) forgetSession(client);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => query.queryKey[0] !== meKey[0] && onError(error) }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // A 4xx answer will not change by asking again; network trouble and 5xx may.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
  return client;
}
