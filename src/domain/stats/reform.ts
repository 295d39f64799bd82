/**
 * Comparisons across boundary reforms and unit restructurings (issue 12, item 3). When the two sides of a
 * comparison (or one period) fall in different generations of communes (579 → 526 → 126 in Hanoi, reform of
 * 2025-07-01) or of police units (district police ended 2025-03-01, ward stations replaced 2025-07-01), the
 * figures of the older generation are placed on the generation of a target date (the current period's end):
 *
 * - areas: an incident with a point goes to the commune whose boundary contains it (exact); otherwise the lineage
 *   decides: the area itself, `same` or `full` links are exact; a split commune (several `partial` links) goes
 *   whole to the successor chosen by the documented rule of `resolveArea`, and is **approximate**;
 * - units: through the predecessor → successor links; one successor is exact, several are approximate (the
 *   successor with the longest common code prefix, then the lowest code), none means the unit **ended**.
 *
 * Every count goes whole to one row, so the rows and the counts that could not be placed add up to the totals.
 * A row that received approximate counts, or that is one of the candidates of a split whose counts went by the
 * rule (its share may have gone to a neighbour), is `affected`: its comparison stays shown with its share of
 * approximate counts, but no significance is claimed for it. Pure: the caller reads the cells and the points.
 */
import { areaKey, findArea, isResolveError, resolveArea, type AreaIndex, type ResolveResult } from '../areas/lineage';
import type { IsoDate } from '../areas/types';

export type Side = 'c' | 'p';

export interface Amount {
  num: number;
  den: number;
}

export interface ReformCell {
  /** The breakdown's keys: the area (code, validFrom) or the unit id first, then any second dimension. */
  readonly keys: readonly string[];
  readonly c: Amount;
  readonly p: Amount;
}

/** Incidents of an area cell that have a point, grouped by point (part of the cell's amounts). */
export interface PointedAmount {
  readonly side: Side;
  readonly keys: readonly string[];
  readonly point: readonly [number, number];
  readonly num: number;
  readonly den: number;
}

export interface ReformRow {
  /** Keys on the target generation: the area (code, validFrom) or the unit id, then the second dimension. */
  keys: string[];
  c: Amount;
  p: Amount;
  /** Part of each side placed by the rule at a split (no point, several candidates). */
  approx: Record<Side, Amount>;
  /** Part of each side placed by an incident's point. */
  byPoint: Record<Side, Amount>;
  /** This row may hold too much or too little of a split's counts (see the module comment). */
  affected: Record<Side, boolean>;
  /** The older areas or units gathered into the row (for drills and notes). */
  sources: string[];
}

export interface ReformMethods {
  /** Amounts already on the target generation (or linked by `same`). */
  same: Amount;
  /** Placed by their point. */
  point: Amount;
  /** Placed by an exact link (`full`, one successor). */
  lineage: Amount;
  /** Placed by the rule at a split: approximate. */
  rule: Amount;
  /** Not placed (an unmapped commune, a unit that ended without successor stays in its own row). */
  unresolved: Amount;
}

export interface ReformResult {
  rows: ReformRow[];
  /** Amounts of each side that could not be placed, by reason (they stay in the totals). */
  unresolved: Record<Side, Record<string, Amount>>;
  methods: Record<Side, ReformMethods>;
}

const zero = (): Amount => ({ num: 0, den: 0 });
const add = (a: Amount, b: { num: number; den: number }) => {
  a.num += b.num;
  a.den += b.den;
};
const methodsZero = (): ReformMethods => ({
  same: zero(),
  point: zero(),
  lineage: zero(),
  rule: zero(),
  unresolved: zero(),
});

class Rows {
  readonly byId = new Map<string, ReformRow>();
  readonly affected = new Map<string, Set<Side>>();
  readonly unresolved: Record<Side, Record<string, Amount>> = { c: {}, p: {} };
  readonly methods: Record<Side, ReformMethods> = { c: methodsZero(), p: methodsZero() };

  row(keys: string[]): ReformRow {
    const id = keys.join('|');
    let r = this.byId.get(id);
    if (!r) {
      r = {
        keys,
        c: zero(),
        p: zero(),
        approx: { c: zero(), p: zero() },
        byPoint: { c: zero(), p: zero() },
        affected: { c: false, p: false },
        sources: [],
      };
      this.byId.set(id, r);
    }
    return r;
  }

  place(
    keys: string[],
    side: Side,
    amount: Amount,
    how: 'same' | 'point' | 'lineage' | 'rule',
    source: string,
    candidates?: string[][],
  ) {
    if (amount.num === 0 && amount.den === 0) return;
    const r = this.row(keys);
    add(r[side], amount);
    add(this.methods[side][how], amount);
    if (how === 'rule') {
      add(r.approx[side], amount);
      for (const k of candidates ?? [keys]) {
        const id = k.join('|');
        const set = this.affected.get(id) ?? new Set<Side>();
        set.add(side);
        this.affected.set(id, set);
      }
    }
    if (how === 'point') add(r.byPoint[side], amount);
    if (!r.sources.includes(source)) r.sources.push(source);
  }

  lost(side: Side, reason: string, amount: Amount) {
    if (amount.num === 0 && amount.den === 0) return;
    const u = (this.unresolved[side][reason] ??= zero());
    add(u, amount);
    add(this.methods[side].unresolved, amount);
  }

  result(): ReformResult {
    for (const [id, sides] of this.affected) {
      const r = this.byId.get(id);
      if (r) for (const s of sides) r.affected[s] = true;
    }
    return { rows: [...this.byId.values()], unresolved: this.unresolved, methods: this.methods };
  }
}

/**
 * Places area cells (keys: code, validFrom, then any second dimension) on the communes valid on `targetDate`.
 * `pointed` holds, for cells of areas not valid on the target date, their incidents with a point (grouped by
 * point): each goes to the commune containing it, and the rest of the cell goes by the lineage.
 */
export function reaggregateAreaCells(
  index: AreaIndex,
  cells: readonly ReformCell[],
  pointed: readonly PointedAmount[],
  targetDate: IsoDate,
): ReformResult {
  const rows = new Rows();
  const byLineage = new Map<string, ResolveResult>();
  const lineageOf = (code: string, validFrom: string) => {
    const k = areaKey(code, validFrom);
    let r = byLineage.get(k);
    if (!r) {
      r = resolveArea(index, { code, date: validFrom }, targetDate);
      byLineage.set(k, r);
    }
    return r;
  };
  const target = (code: string) => findArea(index, code, targetDate)?.validFrom ?? targetDate;
  const pointsOf = new Map<string, PointedAmount[]>();
  for (const p of pointed) {
    const id = `${p.side}|${p.keys.join('|')}`;
    const list = pointsOf.get(id) ?? [];
    list.push(p);
    pointsOf.set(id, list);
  }
  for (const cell of cells) {
    const [code, validFrom, ...rest] = cell.keys as [string, string, ...string[]];
    const source = areaKey(code, validFrom);
    const lineage = lineageOf(code, validFrom);
    for (const side of ['c', 'p'] as const) {
      const left = { ...cell[side] };
      if (left.num === 0 && left.den === 0) continue;
      if (!isResolveError(lineage) && lineage.method === 'same') {
        rows.place([lineage.code, target(lineage.code), ...rest], side, left, 'same', source);
        continue;
      }
      // Points first: each goes to the commune containing it (or by the lineage when it lies outside every one).
      for (const p of pointsOf.get(`${side}|${cell.keys.join('|')}`) ?? []) {
        const amount = { num: Math.min(p.num, left.num), den: Math.min(p.den, left.den) };
        const r = resolveArea(index, { code, date: validFrom, point: p.point }, targetDate);
        left.num -= amount.num;
        left.den -= amount.den;
        if (isResolveError(r)) rows.lost(side, r.error, amount);
        else placeResolved(rows, r, rest, side, amount, source, target, r.method === 'polygon' ? 'point' : undefined);
      }
      if (isResolveError(lineage)) rows.lost(side, lineage.error, left);
      else placeResolved(rows, lineage, rest, side, left, source, target);
    }
  }
  return rows.result();
}

function placeResolved(
  rows: Rows,
  r: Exclude<ResolveResult, { error: string }>,
  rest: string[],
  side: Side,
  amount: Amount,
  source: string,
  target: (code: string) => string,
  how?: 'point',
) {
  const keys = [r.code, target(r.code), ...rest];
  if (how) return rows.place(keys, side, amount, how, source);
  if (r.approximate) {
    const candidates = (r.candidates ?? [r.code]).map((c) => [c, target(c), ...rest]);
    return rows.place(keys, side, amount, 'rule', source, candidates);
  }
  rows.place(keys, side, amount, r.method === 'same' ? 'same' : 'lineage', source);
}

/** A police unit with its validity, for successions. */
export interface UnitNode {
  readonly id: string;
  readonly code: string;
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
}

export type UnitResolution =
  { id: string; approximate: boolean; method: 'same' | 'successor' | 'rule'; candidates?: string[] } | { ended: true };

const validOn = (u: UnitNode, date: IsoDate) => u.validFrom <= date && (u.validTo === null || date <= u.validTo);

/**
 * The unit(s) valid on `targetDate` that a unit's work passed to, through the succession links (transitively).
 * One: exact. Several: the rule picks the successor whose code shares the longest prefix with the unit's (a
 * station usually keeps its commune's code), then the lowest code — approximate. None: the unit ended.
 * A unit valid on the date (or not yet ended by it) is itself.
 */
export function resolveUnit(
  units: ReadonlyMap<string, UnitNode>,
  successors: ReadonlyMap<string, readonly string[]>,
  id: string,
  targetDate: IsoDate,
): UnitResolution {
  const start = units.get(id);
  if (!start || start.validTo === null || start.validTo >= targetDate)
    return { id, approximate: false, method: 'same' };
  let frontier = new Set([id]);
  const found = new Set<string>();
  const seen = new Set<string>([id]);
  while (frontier.size > 0) {
    const next = new Set<string>();
    for (const f of frontier)
      for (const s of successors.get(f) ?? []) {
        if (seen.has(s)) continue;
        seen.add(s);
        const u = units.get(s);
        if (!u) continue;
        if (validOn(u, targetDate) || u.validFrom > targetDate) found.add(s);
        else next.add(s);
      }
    frontier = next;
  }
  if (found.size === 0) return { ended: true };
  const list = [...found].map((x) => units.get(x)!);
  if (list.length === 1) return { id: list[0]!.id, approximate: false, method: 'successor' };
  const prefix = (a: string, b: string) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  list.sort((a, b) => prefix(b.code, start.code) - prefix(a.code, start.code) || (a.code < b.code ? -1 : 1));
  return {
    id: list[0]!.id,
    approximate: true,
    method: 'rule',
    candidates: list.map((u) => u.id).sort(),
  };
}

/**
 * Places unit cells (keys: unit id, then any second dimension) on the units valid on `targetDate`. A unit that
 * ended without a successor keeps its own row (its counts stay visible; `ended` lists it).
 */
export function reaggregateUnitCells(
  units: ReadonlyMap<string, UnitNode>,
  successors: ReadonlyMap<string, readonly string[]>,
  cells: readonly ReformCell[],
  targetDate: IsoDate,
): ReformResult & { ended: string[] } {
  const rows = new Rows();
  const cache = new Map<string, UnitResolution>();
  const ended = new Set<string>();
  for (const cell of cells) {
    const [id, ...rest] = cell.keys as [string, ...string[]];
    let r = cache.get(id);
    if (!r) {
      r = resolveUnit(units, successors, id, targetDate);
      cache.set(id, r);
    }
    for (const side of ['c', 'p'] as const) {
      const amount = { ...cell[side] };
      if ('ended' in r) {
        ended.add(id);
        rows.place([id, ...rest], side, amount, 'same', id);
        continue;
      }
      const how = r.method === 'same' ? 'same' : r.approximate ? 'rule' : 'lineage';
      rows.place(
        [r.id, ...rest],
        side,
        amount,
        how,
        id,
        r.candidates?.map((c) => [c, ...rest]),
      );
    }
  }
  return { ...rows.result(), ended: [...ended].sort() };
}

/**
 * Whether a reform or restructuring lies between `from` and `to`: some area (or unit) valid on `from` ended
 * before `to`. Cheap enough to ask before every comparison.
 */
export function endsBetween(
  items: Iterable<{ validFrom: IsoDate; validTo: IsoDate | null }>,
  from: IsoDate,
  to: IsoDate,
) {
  for (const a of items)
    if (a.validTo !== null && a.validTo >= from && a.validTo < to && a.validFrom <= a.validTo) return true;
  return false;
}
