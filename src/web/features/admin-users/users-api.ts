import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  ZUnitList,
  ZUser,
  ZUserList,
  type TCreateUserRequest,
  type TUpdateUserRequest,
} from '../../../contracts/users';
import { api, query } from '../../app/api';
import { todayIso } from '../../app/format';

export type TUnit = z.infer<typeof ZUnitList>['items'][number];

const USERS_KEY = 'users';

export function useUserList(params: { q: string; limit: number; offset: number }) {
  return useQuery({
    queryKey: [USERS_KEY, params],
    queryFn: () => api.get(`/api/users${query(params)}`, ZUserList),
    placeholderData: keepPreviousData,
  });
}

/** The units a user can be placed in: those valid today (the list answers a superset of ZUnitList's fields). */
export function useUnits() {
  const today = todayIso();
  return useQuery({
    queryKey: ['units', 'picker', today],
    queryFn: () => api.get(`/api/units${query({ date: today })}`, ZUnitList),
    staleTime: 10 * 60_000,
  });
}

/** Every user mutation refreshes the list; callers add their own success and error handling. */
export function useUserMutations() {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: [USERS_KEY] });
  return {
    create: useMutation({
      mutationFn: (body: TCreateUserRequest) => api.post('/api/users', ZUser, body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: TUpdateUserRequest }) =>
        api.patch(`/api/users/${encodeURIComponent(id)}`, ZUser, body),
      onSuccess,
    }),
    resetPassword: useMutation({
      mutationFn: ({ id, newPassword }: { id: string; newPassword: string }) =>
        api.postVoid(`/api/users/${encodeURIComponent(id)}/reset-password`, { newPassword }),
      onSuccess,
    }),
    resetTotp: useMutation({
      mutationFn: (id: string) => api.post(`/api/users/${encodeURIComponent(id)}/reset-totp`, ZUser),
      onSuccess,
    }),
    unlock: useMutation({
      mutationFn: (id: string) => api.post(`/api/users/${encodeURIComponent(id)}/unlock`, ZUser),
      onSuccess,
    }),
  };
}

export interface UnitTreeNode {
  value: string;
  title: string;
  children: UnitTreeNode[];
}

/** Builds the TreeSelect data from the flat unit list (parentId links); orphans become roots. */
export function buildUnitTree(units: TUnit[]): UnitTreeNode[] {
  const nodes = new Map<string, UnitTreeNode>();
  for (const u of units) nodes.set(u.id, { value: u.id, title: `${u.name} (${u.code})`, children: [] });
  const roots: UnitTreeNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.id);
    if (!node) continue;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
