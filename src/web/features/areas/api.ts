import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  ZAreaDetail,
  ZAreaList,
  ZFeatureCollection,
  ZGenerationList,
  type TArea,
} from '../../../contracts/areas';
import { api, query } from '../../app/api';

export type TAreaDetail = z.infer<typeof ZAreaDetail>;
export type TLineageEntry = TAreaDetail['formedFrom'][number];
export type TGeneration = z.infer<typeof ZGenerationList>['items'][number];
export type TFeatureCollection = z.infer<typeof ZFeatureCollection>;
export type { TArea };

const AREAS_KEY = 'areas';
// Areas change only with a reform; cache them for a while.
const STALE = 10 * 60_000;

export function useGenerations() {
  return useQuery({
    queryKey: [AREAS_KEY, 'generations'],
    queryFn: () => api.get('/api/areas/generations', ZGenerationList),
    staleTime: STALE,
  });
}

export interface AreaListParams {
  date: string;
  q?: string;
  level?: number;
  parentCode?: string;
  limit: number;
  offset: number;
}

export function useAreaList(params: AreaListParams) {
  return useQuery({
    queryKey: [AREAS_KEY, 'list', params],
    queryFn: () => api.get(`/api/areas${query({ ...params, province: '01' })}`, ZAreaList),
    placeholderData: keepPreviousData,
    staleTime: STALE,
  });
}

/** Search for a Select: up to 20 areas of the date's generation matching q (name without diacritics or code). */
export function useAreaSearch(q: string, date: string | undefined) {
  return useQuery({
    queryKey: [AREAS_KEY, 'search', q, date],
    queryFn: () => api.get(`/api/areas${query({ q, date, limit: 20 })}`, ZAreaList),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: STALE,
  });
}

export function useAreaDetail(code: string | null, date: string) {
  return useQuery({
    queryKey: [AREAS_KEY, 'detail', code, date],
    queryFn: () => api.get(`/api/areas/${encodeURIComponent(code ?? '')}${query({ date })}`, ZAreaDetail),
    enabled: code !== null,
    staleTime: STALE,
  });
}

export function useAreaGeoJson(date: string) {
  return useQuery({
    queryKey: [AREAS_KEY, 'geojson', date],
    queryFn: () => api.get(`/api/areas/geojson${query({ date, detail: 'display', outline: 'true' })}`, ZFeatureCollection),
    staleTime: STALE,
  });
}

/** The link to an area on the date of its generation (codes are reused across generations). */
export function areaPath(code: string, date: string): string {
  return `/areas/${encodeURIComponent(code)}${query({ date })}`;
}
