import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { ZAreaList, ZLocateResult } from '../../../contracts/areas';
import {
  ZArticleList,
  ZClockEventRequest,
  ZCreateIncident,
  ZIncident,
  ZIncidentCount,
  ZIncidentDueCounts,
  ZIncidentHistory,
  ZIncidentList,
  type TCreateIncident,
  type TIncident,
  type TIncidentKind,
  type TUpdateIncident,
} from '../../../contracts/incidents';
import { api, query } from '../../app/api';
import { currentLanguage } from '../../app/i18n';

export type { TIncident, TIncidentKind };
export type TIncidentListItem = z.infer<typeof ZIncidentList>['items'][number];
export type TArticle = z.infer<typeof ZArticleList>['items'][number];
export type TClockEvent = z.input<typeof ZClockEventRequest>;
export type TIncidentVersion = z.infer<typeof ZIncidentHistory>['items'][number];
export type TCreateIncidentBody = z.input<typeof ZCreateIncident>;
export type { TCreateIncident, TUpdateIncident };

const KEY = 'incidents';
export const PAGE_SIZE = 50;

/** The list filters, exactly as they travel in the page URL and in the API query. */
export interface IncidentFilters {
  kind?: string;
  from?: string;
  to?: string;
  areaCode?: string;
  unitId?: string;
  category?: string;
  statGroup?: string;
  severity?: string;
  status?: string;
  overdue?: string;
  dueWithinDays?: string;
  q?: string;
  /** 'due': open crime reports first by resolution due date (most days overdue first); default newest first. */
  sort?: string;
}

export const FILTER_KEYS = [
  'kind',
  'from',
  'to',
  'areaCode',
  'unitId',
  'category',
  'statGroup',
  'severity',
  'status',
  'overdue',
  'dueWithinDays',
  'q',
  'sort',
] as const satisfies readonly (keyof IncidentFilters)[];

export function filtersFromParams(params: URLSearchParams): IncidentFilters {
  const out: IncidentFilters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** Keyset paging: each "Xem thêm" sends the previous page's nextCursor. */
export function useIncidentList(filters: IncidentFilters) {
  return useInfiniteQuery({
    queryKey: [KEY, 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api.get(`/api/incidents${query({ ...filters, limit: PAGE_SIZE, cursor: pageParam })}`, ZIncidentList),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/**
 * The list's total for the filters (the sort does not change it): exact up to the server's bound, above it
 * an estimate (`exact: false`) until `exact` asks for the full count.
 */
export function useIncidentTotal(filters: IncidentFilters, exact: boolean) {
  const { sort: _sort, ...rest } = filters;
  return useQuery({
    queryKey: [KEY, 'count', rest, exact],
    queryFn: () => api.get(`/api/incidents/count${query({ ...rest, exact: exact ? 'true' : undefined })}`, ZIncidentCount),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** Home: exact counts of the crime reports overdue and due soon in the user's scope, with the list query of each. */
export function useIncidentDueCounts() {
  return useQuery({
    queryKey: [KEY, 'due-counts'],
    queryFn: () => api.get('/api/incidents/due-counts', ZIncidentDueCounts),
    staleTime: 60_000,
  });
}

/** The export link: the list's filters and the app's language (a plain link cannot send it as a header). */
export function exportUrl(format: 'csv' | 'xlsx', filters: IncidentFilters): string {
  return `/api/incidents/export${query({ format, ...filters, lang: currentLanguage() })}`;
}

export function useIncident(id: string) {
  return useQuery({
    queryKey: [KEY, 'detail', id],
    queryFn: () => api.get(`/api/incidents/${encodeURIComponent(id)}`, ZIncident),
  });
}

export function useIncidentHistory(id: string) {
  return useQuery({
    queryKey: [KEY, 'history', id],
    queryFn: () => api.get(`/api/incidents/${encodeURIComponent(id)}/history`, ZIncidentHistory),
  });
}

/** Penal Code articles in force on `date`, matching q (number or title). */
export function useArticles(q: string, date: string | undefined) {
  return useQuery({
    queryKey: ['law', 'articles', q, date],
    queryFn: () => api.get(`/api/law/articles${query({ q, date })}`, ZArticleList),
    placeholderData: keepPreviousData,
    staleTime: 60 * 60_000,
  });
}

/** Communes (level 3) valid on `date` whose name (with or without diacritics) or code matches q. */
export function useCommuneSearch(q: string, date: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['areas', 'communes', q, date],
    queryFn: () => api.get(`/api/areas${query({ q, date, level: 3, limit: 30 })}`, ZAreaList),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 10 * 60_000,
  });
}

/** The commune holding a point on a date (null outside every boundary). */
export function locatePoint(lon: number, lat: number, date: string) {
  return api.get(`/api/areas/locate${query({ lon, lat, date })}`, ZLocateResult);
}

export function useIncidentMutations(id?: string) {
  const queryClient = useQueryClient();
  const refresh = async (inc: TIncident) => {
    queryClient.setQueryData([KEY, 'detail', inc.id], inc);
    await queryClient.invalidateQueries({ queryKey: [KEY] });
  };
  const path = `/api/incidents/${encodeURIComponent(id ?? '')}`;
  return {
    create: useMutation({
      mutationFn: (body: TCreateIncidentBody) => api.post('/api/incidents', ZIncident, body),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: (body: TUpdateIncident) => api.patch(path, ZIncident, body),
      onSuccess: refresh,
    }),
    clock: useMutation({
      mutationFn: (body: TClockEvent) => api.post(`${path}/clock`, ZIncident, body),
      onSuccess: refresh,
    }),
    clear: useMutation({
      mutationFn: (body: { version: number; cleared: boolean; clearedOn: string | null }) => api.post(`${path}/clear`, ZIncident, body),
      onSuccess: refresh,
    }),
  };
}
