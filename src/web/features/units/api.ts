import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  ZUnit,
  ZUnitDetail,
  ZUnitList2,
  type TUnit,
  type TUnitKind,
  ZCreateUnitRequest,
  ZUpdateUnitRequest,
  ZAddJurisdictionRequest,
} from '../../../contracts/units';
import { api, query } from '../../app/api';

export type { TUnit, TUnitKind };
export type TUnitDetail = z.infer<typeof ZUnitDetail>;
export type TUnitRef = TUnitDetail['children'][number];
export type TCreateUnitRequest = z.input<typeof ZCreateUnitRequest>;
export type TUpdateUnitRequest = z.input<typeof ZUpdateUnitRequest>;
export type TAddJurisdictionRequest = z.input<typeof ZAddJurisdictionRequest>;

// The admin-users picker caches ['units', 'picker', …]; everything here lives under the same root key.
const UNITS_KEY = 'units';

/** Units in the user's scope: valid on `date`, or of every period when `date` is undefined. */
export function useUnitList(date: string | undefined) {
  return useQuery({
    queryKey: [UNITS_KEY, 'list', date ?? 'all'],
    queryFn: () => api.get(`/api/units${query({ date })}`, ZUnitList2),
    placeholderData: keepPreviousData,
  });
}

export function useUnitDetail(id: string | null) {
  return useQuery({
    queryKey: [UNITS_KEY, 'detail', id],
    queryFn: () => api.get(`/api/units/${encodeURIComponent(id ?? '')}`, ZUnitDetail),
    enabled: id !== null,
  });
}

/** Every unit write refreshes the unit lists and details (and the areas' "units in charge"). */
export function useUnitMutations() {
  const queryClient = useQueryClient();
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: [UNITS_KEY] });
    await queryClient.invalidateQueries({ queryKey: ['areas', 'detail'] });
  };
  return {
    create: useMutation({
      mutationFn: (body: TCreateUnitRequest) => api.post('/api/units', ZUnit, body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: TUpdateUnitRequest }) =>
        api.patch(`/api/units/${encodeURIComponent(id)}`, ZUnit, body),
      onSuccess,
    }),
    addJurisdiction: useMutation({
      mutationFn: ({ id, body }: { id: string; body: TAddJurisdictionRequest }) =>
        api.post(`/api/units/${encodeURIComponent(id)}/jurisdiction`, ZUnitDetail, body),
      onSuccess,
    }),
  };
}

/** Valid on the day: from ≤ day and (no end or day ≤ end). validTo is the last day of validity. */
export function isValidOn(u: { validFrom: string; validTo: string | null }, day: string): boolean {
  return u.validFrom <= day && (u.validTo === null || day <= u.validTo);
}

export interface UnitNode {
  key: string;
  unit: TUnit;
  children: UnitNode[];
}

/** A forest from parentId links, children sorted by code; units whose parent is not in the list become roots. */
export function buildUnitForest(units: TUnit[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>();
  for (const u of units) nodes.set(u.id, { key: u.id, unit: u, children: [] });
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.unit.code.localeCompare(b.unit.code, 'vi'));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
