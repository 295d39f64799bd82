import type { RawBuilder } from 'kysely';
import type { TStatBreakdown, TStatResult } from '../../../contracts/stats';
import { areaKey, findArea, isResolveError, resolveArea, type AreaIndex } from '../../../domain/areas/lineage';
import type { Period } from '../../../domain/periods';
import {
  endsBetween,
  reaggregateAreaCells,
  reaggregateUnitCells,
  type PointedAmount,
  type ReformMethods,
  type ReformResult,
  type ReformRow,
  type UnitNode,
} from '../../../domain/stats/reform';
import type { Db } from '../../platform/db/database';
import type { MetricDef } from './stats.metrics';
import type { Sides } from './stats.plan';
import * as repo from './stats.repository';
import type { Key, Measure, Source } from './stats.repository';

/**
 * Comparisons across boundary reforms and unit restructurings (issue 12, item 3), the server's part: decides when
 * a breakdown must be placed on one generation, reads the points of the incidents of split communes (the raw
 * table, those cells only), and turns the pure re-aggregation (`domain/stats/reform.ts`) into cells for the
 * service and notes for its rows.
 *
 * - `area` (communes on the boundaries of the time) with a comparison: when a reform lies between the start of the
 *   earlier side and the current period's end, both sides are placed on the communes valid on the period's end.
 *   A period that stays within one generation keeps its rows exactly as before.
 * - `area_current`: always placed on the generation of its target date (as before), now by point for the
 *   incidents of split communes that have one.
 * - `unit` with a comparison: when a unit valid at the start ended before the period's end, units are followed to
 *   their successors valid on the period's end. A unit that ended without a successor (district police, 2025-03-01)
 *   keeps its own row, flagged `ended`; a unit that started after the comparison began, with no predecessor or beside
 *   units that ended without one, is
 *   `new` (no comparison).
 */

export type CellMap = Map<string, Sides & { keys: string[] }>;

type TRowReform = NonNullable<TStatResult['rows'][number]['reform']>;
type TResultReform = NonNullable<TStatResult['reform']>;

export interface ReformOutcome {
  /** The cells on the target generation (keys: area code and validFrom, or unit id; then the second dimension). */
  cells: CellMap;
  /** Per cell id (keys joined by '|'): the row's note. */
  rows: Map<string, TRowReform & { sources: string[] }>;
  /** Counts of the current side that could not be placed, by reason (area_current's `unresolved`). */
  unresolved: Record<string, number>;
  summary: TResultReform;
}

export class StatsReform {
  private unitCache: { at: number; graph: Promise<UnitGraph> } | null = null;

  constructor(private readonly deps: { db: Db }) {}

  /**
   * Units, successions and which units have predecessors, read at most every 30 s (a few thousand rows even
   * nationally; a unit created since shows within that time).
   */
  private unitGraph(): Promise<UnitGraph> {
    const now = Date.now();
    if (!this.unitCache || now - this.unitCache.at > 30_000) {
      const graph = repo.unitSuccessions(this.deps.db).then(({ units, links }) => {
        const map = new Map<string, UnitNode>(units.map((u) => [u.id, u]));
        const successors = new Map<string, string[]>();
        const hasPredecessor = new Set<string>();
        for (const l of links) {
          successors.set(l.predecessorId, [...(successors.get(l.predecessorId) ?? []), l.successorId]);
          hasPredecessor.add(l.successorId);
        }
        return { units: map, successors, hasPredecessor };
      });
      this.unitCache = { at: now, graph };
      graph.catch(() => (this.unitCache = null));
    }
    return this.unitCache.graph;
  }

  /**
   * Whether the breakdown is placed on one generation (known before reading, so that the ranking is done on the
   * placed rows, not in SQL on the rows of the time).
   */
  async applies(breakdown: TStatBreakdown, period: Period, cmp: Period | null, index: AreaIndex): Promise<boolean> {
    if (breakdown === 'area_current') return true;
    if (!cmp || (breakdown !== 'area' && breakdown !== 'unit')) return false;
    const from = cmp.start < period.start ? cmp.start : period.start;
    if (breakdown === 'area') return endsBetween(allAreas(index), from, period.end);
    return endsBetween((await this.unitGraph()).units.values(), from, period.end);
  }

  /** Places the cells on the generation of `targetDate` (see the module comment). */
  async apply(q: {
    breakdown: 'area' | 'area_current' | 'unit';
    cells: CellMap;
    index: AreaIndex;
    targetDate: string;
    period: Period;
    cmp: Period | null;
    def: MetricDef;
    keys: readonly Key[];
    measures: readonly Measure[];
    where: (s: Source) => RawBuilder<boolean>;
  }): Promise<ReformOutcome> {
    const cells = [...q.cells.values()];
    // Rates weigh their cases (the denominator), counts their own figure.
    const weight = (a: { num: number; den: number }) => (q.def.den ? a.den : a.num);
    let result: ReformResult & { ended?: string[] };
    const isNew = new Set<string>();
    if (q.breakdown === 'unit') {
      const g = await this.unitGraph();
      result = reaggregateUnitCells(g.units, g.successors, cells, q.targetDate);
      // A unit that started after the comparison began is new there when it has no predecessor, or when units that
      // ended without a successor (district police) handled part of the comparison's cases: what it does now was
      // partly theirs then, so its zero then is the restructuring's, not a baseline.
      const dissolved = (result.ended ?? []).length > 0;
      if (q.cmp)
        for (const r of result.rows) {
          const u = g.units.get(r.keys[0]!);
          if (u && u.validFrom > q.cmp.start && (!g.hasPredecessor.has(u.id) || dissolved)) isNew.add(r.keys.join('|'));
        }
    } else {
      const pointed = await this.pointsOfSplits(q, cells);
      result = reaggregateAreaCells(q.index, cells, pointed, q.targetDate);
      if (q.cmp)
        for (const r of result.rows) {
          const [code, validFrom] = r.keys as [string, string];
          if (!q.index.backward.has(areaKey(code, validFrom)) && validFrom > q.cmp.start) isNew.add(r.keys.join('|'));
        }
    }
    const ended = new Set(result.ended ?? []);
    const out: CellMap = new Map();
    const rows = new Map<string, TRowReform & { sources: string[] }>();
    const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
    let affectedRows = 0;
    for (const r of result.rows) {
      const id = r.keys.join('|');
      out.set(id, { keys: r.keys, c: r.c, p: r.p });
      const status = statusOf(r, ended.has(r.keys[0]!), isNew.has(id) && weight(r.p) === 0);
      if (status === 'approximate') affectedRows++;
      rows.set(id, {
        status,
        approximateShare: {
          current: share(weight(r.approx.c), weight(r.c)),
          comparison: share(weight(r.approx.p), weight(r.p)),
        },
        sources: r.sources,
      });
    }
    const unresolved: Record<string, number> = {};
    for (const [reason, a] of Object.entries(result.unresolved.c)) unresolved[reason] = a.num;
    const methods = (m: ReformMethods) => ({
      same: weight(m.same),
      point: weight(m.point),
      lineage: weight(m.lineage),
      rule: weight(m.rule),
      unresolved: weight(m.unresolved),
    });
    const whole = (m: ReformMethods) => weight(m.same) + weight(m.point) + weight(m.lineage) + weight(m.rule);
    return {
      cells: out,
      rows,
      unresolved,
      summary: {
        kind: q.breakdown === 'unit' ? 'unit' : 'area',
        targetDate: q.targetDate,
        methods: { current: methods(result.methods.c), comparison: methods(result.methods.p) },
        approximateShare: {
          current: share(weight(result.methods.c.rule), whole(result.methods.c)),
          comparison: share(weight(result.methods.p.rule), whole(result.methods.p)),
        },
        approximateRows: affectedRows,
        endedUnits: ended.size,
      },
    };
  }

  /**
   * The incidents with a point of the cells whose commune was split (its lineage to the target date is
   * approximate), grouped by point, per side: only those need a point to be placed exactly.
   */
  private async pointsOfSplits(
    q: {
      index: AreaIndex;
      targetDate: string;
      period: Period;
      cmp: Period | null;
      keys: readonly Key[];
      measures: readonly Measure[];
      where: (s: Source) => RawBuilder<boolean>;
    },
    cells: readonly (Sides & { keys: string[] })[],
  ): Promise<PointedAmount[]> {
    const split = new Map<string, [string, string]>();
    for (const c of cells) {
      const [code, validFrom] = c.keys as [string, string];
      const k = areaKey(code, validFrom);
      if (split.has(k)) continue;
      const r = resolveArea(q.index, { code, date: validFrom }, q.targetDate);
      if (!isResolveError(r) && r.approximate) split.set(k, [code, validFrom]);
    }
    if (split.size === 0) return [];
    const sides = [{ side: 'c' as const, period: q.period }, ...(q.cmp ? [{ side: 'p' as const, period: q.cmp }] : [])];
    const rows = await repo.pointedCells(this.deps.db, {
      sides: sides.map((s) => ({ side: s.side, from: s.period.start, to: s.period.end })),
      pairs: [...split.values()],
      keys: q.keys,
      measures: q.measures,
      where: q.where(repo.INCIDENT_SOURCE),
    });
    const [num, den] = q.measures;
    return rows.map((r) => ({
      side: r.side,
      keys: r.keys,
      point: [r.lon, r.lat] as const,
      num: r.measures[num!] ?? 0,
      den: den ? (r.measures[den] ?? 0) : 0,
    }));
  }
}

interface UnitGraph {
  units: Map<string, UnitNode>;
  successors: Map<string, string[]>;
  hasPredecessor: Set<string>;
}

function* allAreas(index: AreaIndex) {
  for (const list of index.byCode.values()) yield* list;
}

function statusOf(r: ReformRow, ended: boolean, isNew: boolean): TRowReform['status'] {
  if (ended) return 'ended';
  // A candidate of a split got its comparison by the rule (maybe none of it): approximate, not new.
  if (r.affected.c || r.affected.p) return 'approximate';
  return isNew ? 'new' : 'exact';
}

/**
 * A row's value as the reform allows it to be read: no significance for an approximate row (its baseline may
 * hold too much or too little of a split commune), no comparison at all for a new unit or area (its zero is the
 * reform's) or a unit that ended (its zero now is the reform's).
 */
export function reformValue<V extends TStatResult['value']>(value: V, status: TRowReform['status']): V {
  if (status === 'exact') return value;
  if (status === 'approximate')
    return value.change ? { ...value, change: { ...value.change, z: null, label: null } } : value;
  if (status === 'new') return { ...value, comparison: null, change: null };
  return { ...value, change: null };
}

/** The area of a re-aggregated row's single source, for its drill (null when it gathers several). */
export function singleSource(index: AreaIndex, sources: readonly string[]): { code: string; validFrom: string } | null {
  if (sources.length !== 1) return null;
  const [code, validFrom] = sources[0]!.split('@') as [string, string];
  return findArea(index, code, validFrom) ? { code, validFrom } : null;
}
