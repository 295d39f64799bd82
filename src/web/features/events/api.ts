import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  ZBoard,
  ZCreateEvent,
  ZEvent,
  ZEventList,
  ZEventStats,
  ZLogEntryInput,
  ZStatusChange,
  ZUpdateEvent,
  ZVenues,
  type TEvent,
  type TEventListItem,
} from '../../../contracts/events';
import { api, query } from '../../app/api';

export type { TEvent, TEventListItem };
export type TCreateEventBody = z.input<typeof ZCreateEvent>;
export type TUpdateEventBody = z.input<typeof ZUpdateEvent>;
export type TStatusBody = z.input<typeof ZStatusChange>;
export type TLogBody = z.input<typeof ZLogEntryInput>;

const KEY = 'events';

export interface EventFilters {
  from?: string;
  to?: string;
  type?: string;
  level?: string;
  status?: string;
  unitId?: string;
  q?: string;
}

export function useEventList(filters: EventFilters, limit = 2000, enabled = true) {
  return useQuery({
    queryKey: [KEY, 'list', filters, limit],
    queryFn: () => api.get(`/api/events${query({ ...filters, limit })}`, ZEventList),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEvent(id: string) {
  return useQuery({
    queryKey: [KEY, 'detail', id],
    queryFn: () => api.get(`/api/events/${encodeURIComponent(id)}`, ZEvent),
  });
}

export function useBoard() {
  return useQuery({
    queryKey: [KEY, 'board'],
    queryFn: () => api.get('/api/events/board', ZBoard),
    refetchInterval: 30_000,
  });
}

export function useEventStats(params: { period: string; date?: string; breakdown?: string }) {
  return useQuery({
    queryKey: [KEY, 'stats', params],
    queryFn: () => api.get(`/api/events/stats${query(params)}`, ZEventStats),
    staleTime: 60_000,
  });
}

export function useVenues(date: string | undefined) {
  return useQuery({
    queryKey: [KEY, 'venues', date],
    queryFn: () => api.get(`/api/events/venues${query({ date })}`, ZVenues),
    staleTime: 10 * 60_000,
  });
}

export function useEventMutations(id?: string) {
  const queryClient = useQueryClient();
  const refresh = async (e: TEvent) => {
    queryClient.setQueryData([KEY, 'detail', e.id], e);
    await queryClient.invalidateQueries({ queryKey: [KEY] });
  };
  const path = `/api/events/${encodeURIComponent(id ?? '')}`;
  return {
    create: useMutation({
      mutationFn: (body: TCreateEventBody) => api.post('/api/events', ZEvent, body),
      onSuccess: refresh,
    }),
    update: useMutation({ mutationFn: (body: TUpdateEventBody) => api.patch(path, ZEvent, body), onSuccess: refresh }),
    status: useMutation({
      mutationFn: (body: TStatusBody) => api.post(`${path}/status`, ZEvent, body),
      onSuccess: refresh,
    }),
    log: useMutation({ mutationFn: (body: TLogBody) => api.post(`${path}/log`, ZEvent, body), onSuccess: refresh }),
    link: useMutation({
      mutationFn: (incidentId: string) => api.post(`${path}/incidents`, ZEvent, { incidentId }),
      onSuccess: refresh,
    }),
    addAction: useMutation({
      mutationFn: (body: { title: string; ownerUnitId: string; dueOn: string }) =>
        api.post(`${path}/actions`, ZEvent, body),
      onSuccess: refresh,
    }),
    updateAction: useMutation({
      mutationFn: (b: { actionId: string; status: 'open' | 'done'; note?: string }) =>
        api.patch(`${path}/actions/${b.actionId}`, ZEvent, { status: b.status, note: b.note ?? '' }),
      onSuccess: refresh,
    }),
    clone: useMutation({
      mutationFn: (body: { startsAt: string; name?: string }) => api.post(`${path}/clone`, ZEvent, body),
      onSuccess: refresh,
    }),
  };
}
