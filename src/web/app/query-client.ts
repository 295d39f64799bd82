import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, isApiError, setCsrfToken } from './api';
import { SESSION_QUERY_KEY } from './auth';

/**
 * One client for the app. A 401 on any call means the session ended (expired, or signed out
 * elsewhere): forget the session so RequireAuth sends the user to /login, remembering the page.
 */
export function createQueryClient(): QueryClient {
  const onError = (err: unknown) => {
    if (isApiError(err, 'UNAUTHENTICATED')) {
      setCsrfToken(null);
      client.setQueryData(SESSION_QUERY_KEY, null);
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // Client errors (4xx) will not fix themselves; retry only network and server failures.
        retry: (count, err) =>
          count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
