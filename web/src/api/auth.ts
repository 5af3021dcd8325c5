import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from './client.ts';
import { changeLocale, deviceChoice } from '../i18n/index.ts';
import type { LoginBody, Me, PasswordBody, Permission, PublicConfig } from './types.ts';

export const meKey = ['me'] as const;

export function useConfig() {
  return useQuery({ queryKey: ['config'], queryFn: () => api.get<PublicConfig>('/api/config'), staleTime: Infinity });
}

/** The logged-in user, or null; remembers the CSRF token that every later change must carry. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api.get<Me>('/api/auth/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (isApiError(error, 'UNAUTHENTICATED')) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
}

/** Forgets the session locally: the router then sends the user to the login page. */
export function forgetSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.setQueryData(meKey, null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' && query.queryKey[0] !== 'config' });
}

/**
 * After login, one language for device and account: a choice made on this device (even on the login
 * page) is saved to the account; a device where nobody chose takes the account's.
 */
async function settleLocale(me: Me): Promise<Me> {
  const chosen = deviceChoice();
  if (chosen && chosen !== me.locale) return api.patch<Me>('/api/auth/me', { locale: chosen });
  await changeLocale(me.locale);
  return me;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api.post<Me>('/api/auth/login', body),
    onSuccess: async (me) => {
      setCsrfToken(me.csrfToken);
      queryClient.setQueryData(meKey, await settleLocale(me));
    },
  });
}

export function useLogout(everywhere = false) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>(everywhere ? '/api/auth/logout-all' : '/api/auth/logout'),
    onSettled: () => forgetSession(queryClient),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: PasswordBody) => api.post<{ ok: true }>('/api/auth/password', body),
  });
}

export function hasPermission(me: Me | null | undefined, permission: Permission): boolean {
  return !!me?.permissions.includes(permission);
}

/** A resident account with no staff role uses the phone pages under /m. */
export function isResidentOnly(me: Me): boolean {
  return me.roles.length > 0 && me.roles.every((grant) => grant.role === 'resident');
}

/** The user inside pages guarded by RequireAuth, where it is always known. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser is only for pages behind RequireAuth');
  return data;
}
