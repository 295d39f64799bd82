import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  ZCreateDirective,
  ZCreateGroup,
  ZCreatePlan,
  ZCreateTarget,
  ZCreateTask,
  ZDirective,
  ZDirectiveList,
  ZMyTasks,
  ZNotifications,
  ZPlanList,
  ZPlanTree,
  ZProgressReport,
  ZScoreboard,
  ZTarget,
  ZTargetList,
  ZTaskDetail,
  type TDirective,
  type TPlanTree,
  type TTarget,
  type TTaskDetail,
  type TTaskNode,
} from '../../../contracts/plans';
import { api, query } from '../../app/api';

export type { TDirective, TPlanTree, TTarget, TTaskDetail, TTaskNode };
export type TMyTask = z.infer<typeof ZMyTasks>['items'][number];
export type TCreateTaskBody = z.input<typeof ZCreateTask>;
export type TCreateDirectiveBody = z.input<typeof ZCreateDirective>;
export type TCreateTargetBody = z.input<typeof ZCreateTarget>;
export type TProgressBody = z.input<typeof ZProgressReport>;
export type TCreateGroupBody = z.input<typeof ZCreateGroup>;
export type TCreatePlanBody = z.input<typeof ZCreatePlan>;

const KEY = 'plans';

export const usePlans = () => useQuery({ queryKey: [KEY, 'list'], queryFn: () => api.get('/api/plans', ZPlanList) });
export const usePlanTree = (id: string | undefined) =>
  useQuery({
    queryKey: [KEY, 'tree', id],
    queryFn: () => api.get(`/api/plans/${id}`, ZPlanTree),
    enabled: Boolean(id),
  });
export const useTask = (id: string | null) =>
  useQuery({
    queryKey: [KEY, 'task', id],
    queryFn: () => api.get(`/api/plans/tasks/${id}`, ZTaskDetail),
    enabled: Boolean(id),
  });
export const useMyTasks = (scope: 'unit' | 'subtree', status: 'open' | 'overdue' | 'all') =>
  useQuery({
    queryKey: [KEY, 'mine', scope, status],
    queryFn: () => api.get(`/api/plans/my-tasks${query({ scope, status })}`, ZMyTasks),
  });
export const useDirectives = () =>
  useQuery({ queryKey: [KEY, 'directives'], queryFn: () => api.get('/api/directives', ZDirectiveList) });
export const useTargets = (planId: string | undefined) =>
  useQuery({
    queryKey: [KEY, 'targets', planId ?? 'all'],
    queryFn: () => api.get(`/api/plans/targets${query({ planId })}`, ZTargetList),
  });
export const useScoreboard = (planId: string | undefined) =>
  useQuery({
    queryKey: [KEY, 'scoreboard', planId],
    queryFn: () => api.get(`/api/plans/scoreboard${query({ planId })}`, ZScoreboard),
    enabled: Boolean(planId),
  });
export const useNotifications = (enabled: boolean) =>
  useQuery({
    queryKey: [KEY, 'notifications'],
    queryFn: () => api.get('/api/plans/notifications', ZNotifications),
    enabled,
    refetchInterval: 60_000,
  });

/** Every plan write refreshes everything under the `plans` key (trees, lists, targets, notifications). */
export function usePlanMutations() {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: [KEY] });
  return {
    createPlan: useMutation({ mutationFn: (b: TCreatePlanBody) => api.post('/api/plans', ZPlanTree, b), onSuccess }),
    createGroup: useMutation({
      mutationFn: (v: { planId: string; body: TCreateGroupBody }) =>
        api.post(`/api/plans/${v.planId}/groups`, ZPlanTree, v.body),
      onSuccess,
    }),
    createTask: useMutation({
      mutationFn: (v: { groupId?: string; parentId?: string; body: TCreateTaskBody }) =>
        v.parentId
          ? api.post(`/api/plans/tasks/${v.parentId}/subtasks`, ZTaskDetail, v.body)
          : api.post(`/api/plans/groups/${v.groupId}/tasks`, ZTaskDetail, v.body),
      onSuccess,
    }),
    changeStatus: useMutation({
      mutationFn: (v: { id: string; status: string; note?: string }) =>
        api.post(`/api/plans/tasks/${v.id}/status`, ZTaskDetail, { status: v.status, note: v.note ?? '' }),
      onSuccess,
    }),
    report: useMutation({
      mutationFn: (v: { id: string; body: TProgressBody }) =>
        api.post(`/api/plans/tasks/${v.id}/progress`, ZTaskDetail, v.body),
      onSuccess,
    }),
    createDirective: useMutation({
      mutationFn: (b: TCreateDirectiveBody) => api.post('/api/directives', ZDirective, b),
      onSuccess,
    }),
    closeItem: useMutation({
      mutationFn: (v: { id: string; report: string }) =>
        api.post(`/api/directives/items/${v.id}/close`, ZDirective, { report: v.report }),
      onSuccess,
    }),
    createTarget: useMutation({
      mutationFn: (b: TCreateTargetBody) => api.post('/api/plans/targets', ZTarget, b),
      onSuccess,
    }),
    markSeen: useMutation({
      mutationFn: (keys: string[]) => api.post('/api/plans/notifications/seen', ZNotifications, { keys }),
      onSuccess,
    }),
  };
}

/** Downloads a file from a GET endpoint (same-origin session cookie). */
export async function download(path: string, fileName: string): Promise<void> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}
