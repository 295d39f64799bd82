import { sql, type RawBuilder } from 'kysely';
import type { TStatBreakdown, TStatDrill } from '../../../contracts/stats';
import type { AreaIndex } from '../../../domain/areas/lineage';
import { addDays, addMonths, addYears } from '../../../domain/calendar/dates';
import { likeForLike, periodContaining, type Period, type PeriodKind } from '../../../domain/periods';
import type { Comparison } from '../../../domain/stats';
import type { ScopeRanges } from '../units/units.service';
import * as repo from './stats.repository';
import type { Dim, Key, Part, Source } from './stats.repository';
import type { MetricDef } from './stats.metrics';
import type * as windows from './stats.windows';

/** Query planning: which tables answer a period, the filters as SQL, the keys of a breakdown, area folding. */

export const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const WEEKDAYS_VI = ['', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];

export const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
export const monthEnd = (d: string) => addDays(addMonths(monthStart(d), 1), -1);

/** The dimensions a breakdown groups by. */
export const BREAKDOWN_DIMS: Record<TStatBreakdown, Dim[]> = {
  none: [],
  area: ['area'],
  area_current: ['area'],
  unit: ['unit'],
  category: ['category'],
  stat_group: ['stat_group'],
  severity: ['severity'],
  month: [],
  day: [],
  hour_weekday: ['hour', 'weekday'],
  event_type: [],
  event_level: [],
};

export interface Filters {
  kind?: string;
  statGroup?: string;
  category?: string;
  severity?: string;
  unitId?: string;
  /** A commune code, or the communes (code, validFrom) under a district / province code. */
  area?: { code: string } | { pairs: [string, string][] };
}

export interface Sides {
  c: { num: number; den: number };
  p: { num: number; den: number };
}

/** Communes (code, validFrom) whose parent is `code` (as the incident list's filter). */
export function childPairs(index: AreaIndex, code: string): [string, string][] {
  const out: [string, string][] = [];
  for (const list of index.byCode.values())
    for (const a of list) if (a.parentCode === code) out.push([a.code, a.validFrom]);
  return out;
}

/** The drill of an area cell: the code, the dates clipped to the area's validity (codes are reused). */
export function areaDrill(
  index: AreaIndex,
  base: TStatDrill,
  code: string,
  validFrom: string,
  _period?: Period,
): TStatDrill | null {
  const area = index.byCode.get(code)?.find((a) => a.validFrom === validFrom);
  const from = validFrom > base.from ? validFrom : base.from;
  const to = area?.validTo && area.validTo < base.to ? area.validTo : base.to;
  if (from > to) return null;
  return { ...base, areaCode: code, from, to };
}

/**
 * A window's ranges on `today`: its current period as counted like for like (a running reporting month to today)
 * and the same span a year earlier (cùng kỳ), as /api/stats counts them (src/domain/periods/like-for-like.ts).
 */
export function windowRanges(win: string, today: string): windows.WindowRanges {
  const l = likeForLike(periodContaining(win as PeriodKind, today), today, 'same_period');
  return { c: { from: l.current.start, to: l.current.end }, p: { from: l.comparison!.start, to: l.comparison!.end } };
}

/** Keys of a breakdown (as text). */
export function keysOf(b: TStatBreakdown): Key[] {
  const dim = (d: Dim) => (s: Source) => repo.dimExpr(s, d);
  switch (b) {
    case 'none':
      return [];
    case 'area':
    case 'area_current':
      return [
        { name: 'k0', expr: dim('area') },
        { name: 'k1', expr: (s) => (s.table === 'incident' ? sql`area_valid_from` : sql`area_valid_from`) },
      ];
    case 'unit':
    case 'category':
    case 'stat_group':
    case 'severity':
      return [{ name: 'k0', expr: dim(b === 'unit' ? 'unit' : b) }];
    case 'month':
      return [{ name: 'k0', expr: (s) => sql`to_char(${repo.timeExpr(s)}, 'YYYY-MM')` }];
    case 'day':
      return [{ name: 'k0', expr: (s) => repo.timeExpr(s) }];
    case 'hour_weekday':
      return [
        { name: 'k0', expr: dim('hour') },
        { name: 'k1', expr: dim('weekday') },
      ];
    case 'event_type':
    case 'event_level':
      return [];
  }
}

/** Comparison rows of time breakdowns are placed on the bucket they compare with (a year later for cùng kỳ). */
export function timeAligned(b: TStatBreakdown, comparison: Comparison, k: string[]): string[] {
  if (comparison !== 'same_period') return k;
  if (b === 'month') return [addYears(`${k[0]}-01`, 1).slice(0, 7)];
  if (b === 'day') return [addYears(k[0]!, 1)];
  return k;
}

/**
 * Splits a period into parts: whole months from a month table when one has the needed dimensions (and
 * the scope is month-aligned), the edges and everything else from the first day table that has them.
 */
export function plan(
  period: Period,
  side: 'c' | 'p',
  needed: Set<Dim>,
  breakdown: TStatBreakdown,
  scope: ScopeRanges,
): Part[] {
  const has = (s: Source) => [...needed].every((d) => s.dims.has(d));
  const day = repo.DAY_SOURCES.find(has)!;
  const scopeMonthAligned =
    scope.all ||
    scope.ranges.every((r) => r.from.endsWith('-01') && (r.to === '9999-12-31' || r.to === monthEnd(r.to)));
  // A compact day table (few rows a day) is only worth leaving for a compact month table.
  const month =
    breakdown === 'day' || !scopeMonthAligned
      ? undefined
      : repo.MONTH_SOURCES.find((s) => has(s) && (!day.compact || s.compact));
  if (!month) return [{ source: day, side, from: period.start, to: period.end }];
  const firstWhole = period.start.endsWith('-01') ? period.start : monthStart(addMonths(period.start, 1));
  const lastEnd = monthEnd(period.end) === period.end ? period.end : addDays(monthStart(period.end), -1);
  if (firstWhole > lastEnd) return [{ source: day, side, from: period.start, to: period.end }];
  const out: Part[] = [{ source: month, side, from: firstWhole, to: monthStart(lastEnd) }];
  if (period.start < firstWhole) out.push({ source: day, side, from: period.start, to: addDays(firstWhole, -1) });
  if (lastEnd < period.end) out.push({ source: day, side, from: addDays(lastEnd, 1), to: period.end });
  return out;
}

export function whereOf(s: Source, def: MetricDef, f: Filters, scope: ScopeRanges): RawBuilder<boolean> {
  const conds: RawBuilder<unknown>[] = [];
  const d = (dim: Dim) => repo.dimExpr(s, dim);
  if (def.kind) conds.push(sql`${d('kind')} = ${def.kind}`);
  if (f.kind) conds.push(sql`${d('kind')} = ${f.kind}`);
  if (def.statGroup) conds.push(sql`${d('stat_group')} = ${def.statGroup}`);
  if (f.statGroup) conds.push(sql`${d('stat_group')} = ${f.statGroup}`);
  if (f.category) conds.push(sql`${d('category')} = ${f.category}`);
  if (f.severity) conds.push(sql`${d('severity')} = ${f.severity}`);
  if (f.unitId) conds.push(sql`unit_id = ${f.unitId}`);
  if (f.area) {
    if ('code' in f.area) conds.push(sql`area_code = ${f.area.code}`);
    else if (f.area.pairs.length === 0) conds.push(sql`false`);
    else {
      // The codes let the (area_code, day) indexes find the rows; the pairs, joined by hash, keep the right
      // generation. A plain IN list of pairs is compared row by row (0.7 s for a city's 126 communes at 10M).
      const codes = [...new Set(f.area.pairs.map(([c]) => c))];
      conds.push(sql`area_code in (${sql.join(codes)})`);
      conds.push(
        sql`(area_code, area_valid_from) in (select c, d from (values ${sql.join(f.area.pairs.map(([c, v]) => sql`(${c}::text, ${v}::date)`))}) v(c, d))`,
      );
    }
  }
  if (!scope.all) {
    const t = repo.timeExpr(s);
    const month = s.grain === 'month';
    const ors = [
      ...(scope.unitIds.length ? [sql`unit_id in (${sql.join(scope.unitIds)})`] : []),
      ...scope.ranges.map((r) =>
        month
          ? sql`(area_code = ${r.code} and ${t} between ${monthStart(r.from)} and ${monthStart(r.to)})`
          : sql`(area_code = ${r.code} and ${t} between ${r.from} and ${r.to})`,
      ),
    ];
    conds.push(ors.length ? sql`(${sql.join(ors, sql` or `)})` : sql`false`);
  }
  return conds.length ? sql<boolean>`${sql.join(conds, sql` and `)}` : sql<boolean>`true`;
}
