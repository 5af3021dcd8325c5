import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';
import type { ApproveBody, ClaimBody, ClaimListQuery, ClaimView, MyClaim, RegisterBody, RejectBody, UserCreate, UserListQuery, UserView } from './types.ts';

/** The server's username rule (`Username` in accounts/schema.ts), checked in forms so the hint shows before sending. */
export const usernamePattern = /^[A-Za-z0-9_.-]{3,32}$/;

const claimsPath = '/api/claims';
const usersPath = '/api/users';

/** A resident signs up: an unbound account and a claim that staff, the grid worker or the building lead verify. */
export function useRegister() {
  return useMutation({
    mutationFn: (body: RegisterBody) => api.post<{ userId: number; claimId: number }>('/api/auth/register', body),
  });
}

/** The signed-in user's latest claim, or null when they never applied. */
export function useMyClaim() {
  return useQuery({ queryKey: ['my-claim'], queryFn: () => api.get<MyClaim>('/api/me/claim'), select: (answer) => answer.claim });
}

/** A signed-in, unbound resident applies again (after a rejection); the claim shown is then the new one. */
export function useReapply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ClaimBody) => api.post<ClaimView>('/api/me/claim', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['my-claim'] }),
  });
}

export function useClaims(filters: ListFilters<ClaimListQuery>) {
  return usePagedList<ClaimView, ClaimListQuery>(claimsPath, filters);
}

/** A decided claim leaves the pending list and joins another; a failure may mean someone else decided it first. */
function useClaimDecision<B>(action: 'approve' | 'reject') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: B & { id: number }) => api.post<ClaimView>(`${claimsPath}/${id}/${action}`, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [claimsPath] }),
  });
}

export function useApproveClaim() {
  return useClaimDecision<ApproveBody>('approve');
}

export function useRejectClaim() {
  return useClaimDecision<RejectBody>('reject');
}

export function useUsers(filters: ListFilters<UserListQuery>) {
  return usePagedList<UserView, UserListQuery>(usersPath, filters);
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => api.post<{ id: number }>(usersPath, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [usersPath] }),
  });
}
