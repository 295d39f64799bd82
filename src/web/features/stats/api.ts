import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  ZStatDensityResult,
  ZStatHotspotResult,
  ZStatResult,
  ZStatTargets,
  type TStatDensityResult,
  type TStatHotspotResult,
  type TStatMetric,
  type TStatResult,
} from '../../../contracts/stats';
import { api, query } from '../../app/api';

export type { TStatDensityResult, TStatHotspotResult, TStatResult };
export type TStatRow = TStatResult['rows'][number];
export type TStatTarget = z.infer<typeof ZStatTargets>['items'][number];
export type TStatParams = Record<string, string | number | undefined>;

const KEY = 'stats';
// Aggregates move with every write; a minute keeps the dashboard fresh without refetching on each click.
const STALE = 60_000;

export function statsPath(params: TStatParams): string {
  return `/api/stats${query(params)}`;
}

export function useStats(params: TStatParams, enabled = true) {
  return useQuery({
    queryKey: [KEY, params],
    queryFn: () => api.get(statsPath(params), ZStatResult),
    placeholderData: keepPreviousData,
    staleTime: STALE,
    enabled,
  });
}

/** One query per tile (breakdown none), run in parallel. */
export function useTileStats(metrics: readonly TStatMetric[], base: TStatParams) {
  return useQueries({
    queries: metrics.map((metric) => {
      const params = { ...base, metric, breakdown: 'none' };
      return {
        queryKey: [KEY, params],
        queryFn: () => api.get(statsPath(params), ZStatResult),
        placeholderData: keepPreviousData,
        staleTime: STALE,
      };
    }),
  });
}

export function useStatTargets() {
  return useQuery({
    queryKey: [KEY, 'targets'],
    queryFn: () => api.get('/api/stats/targets', ZStatTargets),
    staleTime: STALE,
  });
}

/** Hot spots (Getis-Ord Gi*, FDR-corrected) over today's communes, for count metrics. */
export function useHotspots(params: TStatParams, enabled: boolean) {
  return useQuery({
    queryKey: [KEY, 'hotspots', params],
    queryFn: () => api.get(`/api/stats/hotspots${query(params)}`, ZStatHotspotResult),
    placeholderData: keepPreviousData,
    staleTime: STALE,
    enabled,
  });
}

/** The density map (incidents with a point per grid cell) over the caller's scope, for count metrics. */
export function useDensity(params: TStatParams, enabled: boolean) {
  return useQuery({
    queryKey: [KEY, 'density', params],
    queryFn: () => api.get(`/api/stats/density${query(params)}`, ZStatDensityResult),
    placeholderData: keepPreviousData,
    staleTime: STALE,
    enabled,
  });
}
