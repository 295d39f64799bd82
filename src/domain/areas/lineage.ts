/**
 * Lineage between generations of areas, and resolution of a (code, date) onto the generation valid on
 * another date — forward (old records onto today's communes) and backward (today's onto the old ones).
 *
 * Pure: point location is injected as a function (see geo/pip.ts `buildLocator`), so the domain never
 * reads a boundary file.
 */
import type { PreReformWardRow, WardMappingRow } from './parse';
import type { Generation } from './generations';
import type { Area, IsoDate, LineageLink, UnmappedArea } from './types';

/** Returns the code of the area containing (lon, lat), or null when the point is in none. */
export type PointLocator = (lon: number, lat: number) => string | null;

/** A point locator and the dates its boundaries are valid for. */
export interface LocatorBinding {
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
  readonly locate: PointLocator;
}

/**
 * 579 → 526 (2025-01-01): keep only what the two lists prove. A commune with the same code and the same
 * name in both is linked `same`. A commune whose code is reused in the next list under another name (it
 * absorbed neighbours and was renamed) or that is missing from it (it was merged into a neighbour) is
 * reported as unmapped with the reason: the lists do not say where its territory went, and no link is
 * invented. Resolution 1318/NQ-UBTVQH15 holds the answer; it is not among the shipped sources.
 */
export function linkPreReformGenerations(
  older: readonly PreReformWardRow[],
  newer: readonly PreReformWardRow[],
  from: Generation,
  to: Generation,
): { links: LineageLink[]; unmapped: UnmappedArea[] } {
  const next = new Map(newer.map((w) => [w.wardCode, w]));
  const links: LineageLink[] = [];
  const unmapped: UnmappedArea[] = [];
  for (const w of older) {
    const n = next.get(w.wardCode);
    if (n && n.wardFullName === w.wardFullName) {
      links.push({
        fromCode: w.wardCode,
        fromValidFrom: from.validFrom,
        toCode: n.wardCode,
        toValidFrom: to.validFrom,
        relation: 'same',
      });
    } else if (n) {
      unmapped.push({
        code: w.wardCode,
        validFrom: from.validFrom,
        fullName: w.wardFullName,
        reason: 'code-reused-with-other-name',
        nextFullName: n.wardFullName,
      });
    } else {
      unmapped.push({
        code: w.wardCode,
        validFrom: from.validFrom,
        fullName: w.wardFullName,
        reason: 'missing-from-next-generation',
      });
    }
  }
  return { links, unmapped };
}

/**
 * Links from the old→new mapping of the 2025-07-01 reform (`full` / `partial`), optionally restricted to
 * one new province. Throws on a repeated (old, new) pair.
 */
export function linksFromMapping(
  rows: readonly WardMappingRow[],
  from: Generation,
  to: Generation,
  provinceCode?: string,
): LineageLink[] {
  const seen = new Set<string>();
  const links: LineageLink[] = [];
  for (const r of rows) {
    if (provinceCode !== undefined && r.newProvinceCode !== provinceCode) continue;
    const pair = `${r.oldWardCode}>${r.newWardCode}`;
    if (seen.has(pair)) throw new Error(`ward mapping: pair ${r.oldWardCode} → ${r.newWardCode} appears twice`);
    seen.add(pair);
    links.push({
      fromCode: r.oldWardCode,
      fromValidFrom: from.validFrom,
      toCode: r.newWardCode,
      toValidFrom: to.validFrom,
      relation: r.relation,
    });
  }
  return links;
}

/** Areas and links indexed for resolution. Build once, reuse for every record. */
export interface AreaIndex {
  /** Areas by code, each list sorted by validFrom. */
  readonly byCode: ReadonlyMap<string, readonly Area[]>;
  /** Links by their old end (`code@validFrom`). */
  readonly forward: ReadonlyMap<string, readonly LineageLink[]>;
  /** Links by their new end (`code@validFrom`). */
  readonly backward: ReadonlyMap<string, readonly LineageLink[]>;
  readonly locators: readonly LocatorBinding[];
}

export const areaKey = (code: string, validFrom: IsoDate): string => `${code}@${validFrom}`;

/** Index areas, links and point locators. Throws when a link names an area that does not exist. */
export function buildAreaIndex(
  areas: readonly Area[],
  links: readonly LineageLink[],
  locators: readonly LocatorBinding[] = [],
): AreaIndex {
  const byCode = new Map<string, Area[]>();
  const byKey = new Set<string>();
  for (const a of areas) {
    const list = byCode.get(a.code) ?? [];
    list.push(a);
    byCode.set(a.code, list);
    byKey.add(areaKey(a.code, a.validFrom));
  }
  for (const list of byCode.values())
    list.sort((x, y) => (x.validFrom < y.validFrom ? -1 : x.validFrom > y.validFrom ? 1 : 0));
  const forward = new Map<string, LineageLink[]>();
  const backward = new Map<string, LineageLink[]>();
  for (const l of links) {
    const from = areaKey(l.fromCode, l.fromValidFrom);
    const to = areaKey(l.toCode, l.toValidFrom);
    if (!byKey.has(from)) throw new Error(`lineage: link from unknown area ${from}`);
    if (!byKey.has(to)) throw new Error(`lineage: link to unknown area ${to}`);
    push(forward, from, l);
    push(backward, to, l);
  }
  return { byCode, forward, backward, locators };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** True when `date` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

export const isValidOn = (area: Area, date: IsoDate): boolean =>
  area.validFrom <= date && (area.validTo === null || date <= area.validTo);

/** The area with this code valid on this date, if any. */
export function findArea(index: AreaIndex, code: string, date: IsoDate): Area | undefined {
  return index.byCode.get(code)?.find((a) => isValidOn(a, date));
}

export type ResolveMethod = 'same' | 'polygon' | 'full' | 'partial-rule' | 'chain';

export interface Resolved {
  readonly code: string;
  /** True when the target was chosen by the rule among several candidates (a split or merge). */
  readonly approximate: boolean;
  /**
   * `same`: the area itself, or only `same` links crossed. `polygon`: the point's polygon in the target
   * generation. `full`: one link that determines the target. `partial-rule`: one link step where the target
   * was chosen among several by the rule. `chain`: two or more generation steps (579 → 526 → 126).
   */
  readonly method: ResolveMethod;
  /** Every area the record may belong to in the target generation, when there is more than one. */
  readonly candidates?: readonly string[];
}

export type ResolveErrorCode = 'invalid-date' | 'unknown-area' | 'unmapped' | 'no-target';

export interface ResolveError {
  readonly error: ResolveErrorCode;
  readonly message: string;
}

export type ResolveResult = Resolved | ResolveError;

export interface AreaRef {
  readonly code: string;
  /** The date the code is valid on (the record's date). */
  readonly date: IsoDate;
  /** Optional WGS84 [lon, lat]. */
  readonly point?: readonly [number, number];
}

export const isResolveError = (r: ResolveResult): r is ResolveError => 'error' in r;

/**
 * Resolve an area code valid on `ref.date` to the area of the generation valid on `targetDate`.
 *
 * Order:
 * 1. the area itself when it is still valid on `targetDate` (`same`);
 * 2. with a point and a locator whose boundaries are valid on `targetDate`: the polygon containing the
 *    point (`polygon`, exact). A point outside every polygon falls through to lineage;
 * 3. lineage, one generation at a time, forward or backward, through as many generations as needed.
 *
 * The rule at a step with several candidates (an old commune split across new ones going forward, or a
 * new commune formed from several old ones going backward), which makes the result `approximate`:
 * - going forward, a `full` or `same` link wins if there is one (a consistent lineage has no other link
 *   then);
 * - else the candidate that kept the code of the area being resolved: every Hanoi commune code of
 *   2025-07-01 reuses the code of one predecessor, the one it is considered to continue;
 * - else the lowest code (codes are zero-padded, so string order is numeric order).
 * Going backward, a single source is exact (the whole new area lies in it); going forward, a single
 * `partial` link is marked approximate (the data says the old area was split but names one target).
 * When the chosen path dead-ends (an area with no further link, e.g. an unmapped 579-generation commune)
 * but other candidates reach the target generation, the same rule picks among those (approximate); when
 * none does, the result is the `unmapped` error.
 *
 * Deterministic: the same input always gives the same output.
 */
export function resolveArea(index: AreaIndex, ref: AreaRef, targetDate: IsoDate): ResolveResult {
  if (!isIsoDate(ref.date)) return { error: 'invalid-date', message: `invalid date "${ref.date}"` };
  if (!isIsoDate(targetDate)) return { error: 'invalid-date', message: `invalid target date "${targetDate}"` };
  const source = findArea(index, ref.code, ref.date);
  if (!source) return { error: 'unknown-area', message: `no area ${ref.code} valid on ${ref.date}` };
  if (isValidOn(source, targetDate)) return { code: source.code, approximate: false, method: 'same' };

  if (ref.point) {
    const [lon, lat] = ref.point;
    for (const binding of index.locators) {
      if (binding.validFrom > targetDate || (binding.validTo !== null && targetDate > binding.validTo)) continue;
      const code = Number.isFinite(lon) && Number.isFinite(lat) ? binding.locate(lon, lat) : null;
      const target = code === null ? undefined : findArea(index, code, targetDate);
      if (target && target.level === source.level) return { code: target.code, approximate: false, method: 'polygon' };
    }
  }
  return resolveByLineage(index, source, targetDate);
}

function resolveByLineage(index: AreaIndex, source: Area, targetDate: IsoDate): ResolveResult {
  let current = source;
  // Every area the record may be in, one generation at a time (for `candidates`).
  let frontier: Area[] = [source];
  let steps = 0;
  let allSame = true;
  let approximate = false;
  let lastStepAmbiguous = false;
  while (!isValidOn(current, targetDate)) {
    const forward = current.validTo !== null && targetDate > current.validTo;
    const nextFrontier = new Map<string, Area>();
    for (const a of frontier) {
      const links = (forward ? index.forward : index.backward).get(areaKey(a.code, a.validFrom)) ?? [];
      for (const l of links) {
        const other = forward ? findAt(index, l.toCode, l.toValidFrom) : findAt(index, l.fromCode, l.fromValidFrom);
        if (other) nextFrontier.set(areaKey(other.code, other.validFrom), other);
      }
    }
    frontier = [...nextFrontier.values()].sort((a, b) => compareCodes(a.code, b.code));
    steps++;
    const step = stepOnce(index, current, forward);
    if ('error' in step) {
      // The chosen path dead-ends; fall back to the rule among the other candidates, if any.
      const fallback = frontier.find((a) => a.code === source.code) ?? frontier[0];
      if (!fallback || step.error !== 'unmapped') return step;
      current = fallback;
      allSame = false;
      approximate = true;
      lastStepAmbiguous = true;
      continue;
    }
    current = step.next;
    if (step.relation !== 'same') allSame = false;
    lastStepAmbiguous = step.ambiguous;
    approximate ||= step.ambiguous;
  }
  const method: ResolveMethod = allSame ? 'same' : steps >= 2 ? 'chain' : lastStepAmbiguous ? 'partial-rule' : 'full';
  const codes = [...new Set(frontier.map((a) => a.code))].sort();
  return codes.length > 1
    ? { code: current.code, approximate, method, candidates: codes }
    : { code: current.code, approximate, method };
}

function findAt(index: AreaIndex, code: string, validFrom: IsoDate): Area | undefined {
  return index.byCode.get(code)?.find((a) => a.validFrom === validFrom);
}

function stepOnce(
  index: AreaIndex,
  area: Area,
  forward: boolean,
): { next: Area; relation: LineageLink['relation']; ambiguous: boolean } | ResolveError {
  const key = areaKey(area.code, area.validFrom);
  const links = (forward ? index.forward : index.backward).get(key);
  if (!links || links.length === 0) {
    return {
      error: 'unmapped',
      message: `${area.fullName} (${area.code}, from ${area.validFrom}) has no ${forward ? 'successor' : 'predecessor'} in the lineage`,
    };
  }
  const otherCode = (l: LineageLink) => (forward ? l.toCode : l.fromCode);
  const chosen = pickLink(links, area.code, otherCode, forward);
  const next = forward
    ? findAt(index, chosen.toCode, chosen.toValidFrom)
    : findAt(index, chosen.fromCode, chosen.fromValidFrom);
  if (!next) return { error: 'no-target', message: `lineage of ${key} names a missing area` };
  const ambiguous = links.length > 1 || (forward && chosen.relation === 'partial');
  return { next, relation: chosen.relation, ambiguous };
}

/** The documented rule (see resolveArea). */
function pickLink(
  links: readonly LineageLink[],
  code: string,
  otherCode: (l: LineageLink) => string,
  forward: boolean,
): LineageLink {
  if (links.length === 1) return links[0]!;
  const sorted = [...links].sort((a, b) => compareCodes(otherCode(a), otherCode(b)));
  return (
    (forward ? sorted.find((l) => l.relation !== 'partial') : undefined) ??
    sorted.find((l) => otherCode(l) === code) ??
    sorted[0]!
  );
}

const compareCodes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One counted record to re-aggregate: an area code valid on `date`, an optional point, a count. */
export interface AreaCountRecord {
  readonly code: string;
  readonly date: IsoDate;
  readonly point?: readonly [number, number];
  readonly count: number;
}

export interface ReaggregatedRow {
  readonly code: string;
  readonly count: number;
  /** Part of `count` placed by the rule at a split or merge (approximate). */
  readonly approximateCount: number;
}

export interface ReaggregateResult {
  /** Totals per target code, sorted by code. */
  readonly rows: readonly ReaggregatedRow[];
  /** Counts that could not be placed, by error code (they stay in `total`). */
  readonly unresolved: Readonly<Record<string, number>>;
  /** Sum of every input count: `Σ rows.count + Σ unresolved` equals it exactly. */
  readonly total: number;
  readonly approximateCount: number;
  /** approximateCount / total (0 when total is 0). */
  readonly approximateShare: number;
}

/**
 * Re-aggregate counted records onto the generation valid on `targetDate`. Each record goes whole to one
 * target (no fractional split), so totals stay exact integers; records that cannot be placed are counted
 * under `unresolved` by reason, never dropped.
 *
 * @throws Error when a count is not a non-negative safe integer (naming the record's index).
 */
export function reaggregate(
  records: readonly AreaCountRecord[],
  index: AreaIndex,
  targetDate: IsoDate,
): ReaggregateResult {
  const totals = new Map<string, { count: number; approximateCount: number }>();
  const unresolved: Record<string, number> = {};
  const cache = new Map<string, ResolveResult>();
  let total = 0;
  let approximateCount = 0;
  records.forEach((r, i) => {
    if (!Number.isSafeInteger(r.count) || r.count < 0) {
      throw new Error(`record ${i}: count must be a non-negative integer, got ${r.count}`);
    }
    total += r.count;
    let result: ResolveResult;
    if (r.point) {
      result = resolveArea(index, r, targetDate);
    } else {
      // Without a point the result depends only on the source area, not on the exact date inside it.
      const source = isIsoDate(r.date) ? findArea(index, r.code, r.date) : undefined;
      const key = source ? areaKey(source.code, source.validFrom) : `${r.code}|${r.date}`;
      result = cache.get(key) ?? resolveArea(index, r, targetDate);
      cache.set(key, result);
    }
    if (isResolveError(result)) {
      unresolved[result.error] = (unresolved[result.error] ?? 0) + r.count;
      return;
    }
    const row = totals.get(result.code) ?? { count: 0, approximateCount: 0 };
    row.count += r.count;
    if (result.approximate) {
      row.approximateCount += r.count;
      approximateCount += r.count;
    }
    totals.set(result.code, row);
  });
  const rows = [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, v]) => ({ code, count: v.count, approximateCount: v.approximateCount }));
  return { rows, unresolved, total, approximateCount, approximateShare: total === 0 ? 0 : approximateCount / total };
}
