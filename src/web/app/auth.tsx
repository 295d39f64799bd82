import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ZSessionResponse,
  type TLoginRequest,
  type TSessionResponse,
  type TSessionUser,
} from '../../contracts/auth';
import type { TPermission } from '../../domain/access/roles';
import { api, isApiError, setCsrfToken } from './api';

export const SESSION_QUERY_KEY = ['session'] as const;

/** GET /api/auth/me; a 401 means "nobody signed in", which is a normal answer here, not an error. */
async function fetchSession(): Promise<TSessionResponse | null> {
  try {
    const session = await api.get('/api/auth/me', ZSessionResponse);
    setCsrfToken(session.csrfToken);
    return session;
  } catch (err) {
    if (isApiError(err, 'UNAUTHENTICATED')) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

interface AuthContextValue {
  user: TSessionUser | null;
  isLoading: boolean;
  error: unknown;
  refetch: () => void;
  can: (permission: TPermission) => boolean;
  login: (body: TLoginRequest) => Promise<TSessionUser>;
  logout: (everywhere?: boolean) => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession, staleTime: 5 * 60_000 });
  const user = session.data?.user ?? null;

  const login = useCallback(
    async (body: TLoginRequest) => {
      const res = await api.post('/api/auth/login', ZSessionResponse, body);
      setCsrfToken(res.csrfToken);
      // Drop anything cached for a previous user before showing the new one's screens.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_QUERY_KEY[0] });
      queryClient.setQueryData(SESSION_QUERY_KEY, res);
      return res.user;
    },
    [queryClient],
  );

  const logout = useCallback(
    async (everywhere = false) => {
      try {
        await api.postVoid(everywhere ? '/api/auth/logout-all' : '/api/auth/logout');
      } catch (err) {
        // An expired session is already logged out; anything else is worth surfacing.
        if (!isApiError(err, 'UNAUTHENTICATED')) throw err;
      }
      setCsrfToken(null);
      // Keep the session query itself (its observer lives on); just empty it and drop the rest.
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_QUERY_KEY[0] });
    },
    [queryClient],
  );

  const value = useMemo<AuthContextValue>(
    () => ({
      user,
      isLoading: session.isPending,
      error: session.error,
      refetch: () => void session.refetch(),
      can: (permission) => user?.permissions.includes(permission) ?? false,
      login,
      logout,
    }),
    [user, session, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user, for screens rendered only behind RequireAuth. */
export function useUser(): TSessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a session');
  return user;
}
