import type {
  TStatBreakdown,
  TStatDensityQuery,
  TStatDensityResult,
  TStatDrill,
  TStatHotspotQuery,
  TStatHotspotResult,
  TStatQuery,
  TStatResult,
} from '../../../contracts/stats';
import { densityCells, DENSITY_MAX_CELLS } from '../../../domain/stats/density';
import { attachRates } from '../../../domain/stats/rates';
import { emptyBBox, extendBBox, isEmptyBBox } from '../../../domain/geo/bbox';
import { findArea, type AreaIndex } from '../../../domain/areas/lineage';
import { addYears, formatDateVi, hcmDateOf } from '../../../domain/calendar/dates';
import { EVENT_LEVEL_LABELS, EVENT_TYPE_LABELS, type EventLevel, type EventType } from '../../../domain/events/model';
import { TRAFFIC_SEVERITY_LABELS } from '../../../domain/incidents/traffic-severity';
import { INCIDENT_KIND_LABELS, type IncidentKind } from '../../../domain/incidents/kinds';
import {
  describeArticle,
  findArticle,
  GROUP_LABELS,
  SEVERITY_LABELS,
  type SeverityClass,
  type StatisticalGroup,
} from '../../../domain/law/penal-code';
import {
  customPeriod,
  likeForLike,
  periodContaining,
  periodOut,
  type LikeForLike,
  type Period,
  type PeriodKind,
} from '../../../domain/periods';
import { formatNumberEn, formatNumberVi, type Comparison } from '../../../domain/stats';
import { requirePermission } from '../../platform/access';
import type { Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import type { AreaService } from '../areas/areas.service';
import type { EventService } from '../events/events.service';
import type { ScopeRanges, UnitService } from '../units/units.service';
import { communeHotspots, gridHotspots, gridStep } from './stats.hotspots';
import * as repo from './stats.repository';
import * as windows from './stats.windows';
import { METRICS, type MetricDef } from './stats.metrics';
import {
  areaDrill,
  BREAKDOWN_DIMS,
  camel,
  childPairs,
  keysOf,
  monthEnd,
  plan,
  timeAligned,
  whereOf,
  windowRanges,
  WEEKDAYS_VI,
  type Filters,
  type Sides,
} from './stats.plan';
import {
  applyMatured,
  judgedTarget,
  maturedCounts,
  maturityBasisOf,
  maturityOf,
  maturityOut,
  type MaturedSides,
} from './stats.maturity';
import { compare, valueOf, type SmallNumbers } from './stats.values';
import { reformValue, singleSource, StatsReform, type ReformOutcome } from './stats.reform';
import { SMALL_NUMBER_DEFAULTS } from '../../../domain/stats/small-numbers';
import type { Dim, Measure, Source } from './stats.repository';

export { METRICS } from './stats.metrics';

export class StatsService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      units: UnitService;
      areas: AreaService;
      events: EventService;
      /** Answer from the window tables when they hold the question (default); false: day and month tables only. */
      useWindows?: boolean;
    },
  ) {
    this.reform = new StatsReform({ db: deps.db });
  }

  private unitNameCache: { at: number; names: Promise<Map<string, string>> } | null = null;
  /** Comparisons across boundary reforms and unit restructurings (stats.reform.ts). */
  private readonly reform: StatsReform;

  /**
   * Unit names for labels, read at most every 30 s (a thousand-row unit table would otherwise cost a lookup of a
   * thousand ids per question); a renamed unit shows its new name within that time.
   */
  private unitNames(): Promise<Map<string, string>> {
    const now = Date.now();
    if (!this.unitNameCache || now - this.unitNameCache.at > 30_000) {
      const names = repo.allUnitNames(this.deps.db);
      this.unitNameCache = { at: now, names };
      names.catch(() => (this.unitNameCache = null));
    }
    return this.unitNameCache.names;
  }

  private today() {
    return hcmDateOf(this.deps.clock.now());
  }

  private periodOf(q: TStatQuery): Period {
    if (q.period === 'custom') return customPeriod(q.from!, q.to!);
    return periodContaining(q.period as PeriodKind, q.date ?? this.today());
  }

  /** One metric × period (with comparison) × breakdown, within the actor's scope. */
  async query(actor: Actor, q: TStatQuery): Promise<TStatResult> {
    requirePermission(actor, 'stats.read');
    const def = METRICS[q.metric];
    const period = this.periodOf(q);
    const comparison = q.comparison as Comparison;
    // Like for like (src/domain/periods/like-for-like.ts): a running period is counted to today and compared
    // with the same elapsed span; `counted` holds the dates of the current side, `cmp` those of the other.
    const lfl = likeForLike(period, this.today(), comparison);
    const counted: Period = { ...period, start: lfl.current.start, end: lfl.current.end };
    const cmp = lfl.comparisonPeriod;
    if (def.events) return this.eventQuery(actor, q, def, period, lfl, comparison);
    // Rates are shown against their targets: read alongside the figures, not after them.
    const targetsRead = def.unit === 'percent' ? repo.targets(this.deps.db) : Promise.resolve([]);
    targetsRead.catch(() => undefined);
    const [scope, index] = await Promise.all([this.deps.units.scopeRanges(actor), this.deps.areas.index()]);

    const filters: Filters = {
      kind: q.kind,
      statGroup: q.statGroup,
      category: q.category,
      severity: q.severity,
      unitId: q.unitId,
    };
    if (q.areaCode)
      filters.area = q.areaCode.length === 5 ? { code: q.areaCode } : { pairs: childPairs(index, q.areaCode) };

    const needed = new Set<Dim>(BREAKDOWN_DIMS[q.breakdown]);
    const by2 = q.by2 === 'none' ? null : q.by2;
    if (by2) needed.add(by2);
    if (filters.kind || def.kind) needed.add('kind');
    if (filters.statGroup || def.statGroup) needed.add('stat_group');
    if (filters.category) needed.add('category');
    if (filters.severity) needed.add('severity');
    if (filters.unitId) needed.add('unit');
    if (filters.area) needed.add('area');
    if (!scope.all) {
      needed.add('area');
      needed.add('unit');
    }

    const partsList = [
      ...plan(counted, 'c', needed, q.breakdown, scope),
      ...(cmp ? plan(cmp, 'p', needed, q.breakdown, scope) : []),
    ];
    const keys = keysOf(q.breakdown);
    if (by2) keys.push({ name: 'k9', expr: (s) => repo.dimExpr(s, by2) });
    const measures: Measure[] = def.den ? [def.num, def.den] : [def.num];
    const where = (s: Source) => whereOf(s, def, filters, scope);
    const timeOrdered = q.breakdown === 'month' || q.breakdown === 'day' || q.breakdown === 'hour_weekday';
    const small: SmallNumbers = {
      minCases: q.minCases ?? SMALL_NUMBER_DEFAULTS.minCases,
      minBase: q.minBase ?? SMALL_NUMBER_DEFAULTS.minBase,
    };
    // Areas and units across a reform are placed on one generation before they are ranked.
    const reformed = await this.reform.applies(q.breakdown, period, cmp, index);
    // Cells ranked in SQL when the answer is a plain ranking (not time buckets, not re-aggregated areas).
    const ranked = keys.length > 0 && !timeOrdered && !reformed;
    // Rates: the rows with too few cases after the others (they are listed apart, not ranked).
    const rank = ranked
      ? { limit: q.limit, num: def.num, den: def.den, minDen: def.den ? small.minCases : undefined }
      : undefined;
    const fromWindow = await this.fromWindow(q, def, filters, scope, lfl, measures, rank);
    const result = fromWindow?.result ?? (await repo.runParts(this.deps.db, partsList, keys, measures, where, rank));
    const rows = result.rows;

    // Fold the rows into cells keyed by the breakdown.
    const cells = new Map<string, MaturedSides & { keys: string[] }>();
    const total: MaturedSides = { c: { num: 0, den: 0 }, p: { num: 0, den: 0 } };
    const timeBuckets = q.breakdown === 'month' || q.breakdown === 'day';
    // Time buckets compare with the same bucket a year before (cùng kỳ); against another period they do not align.
    const rowsHaveCmp = cmp !== null && (!timeBuckets || comparison === 'same_period');
    // Row field names once, not per row.
    const keyFields = keys.map((key) => camel(key.name));
    const numField = camel(def.num);
    const denField = def.den ? camel(def.den) : null;
    // A comparison cell's keys placed on the cell it compares with.
    const alignP = (k: string[]) => [
      ...timeAligned(q.breakdown, comparison, by2 ? k.slice(0, -1) : k),
      ...(by2 ? [k.at(-1)!] : []),
    ];
    for (const r of rows) {
      const side = r.side as 'c' | 'p';
      let k = keyFields.map((f) => String(r[f]));
      if (side === 'p') k = alignP(k);
      const num = Number(r[numField] ?? 0);
      const den = denField ? Number(r[denField] ?? 0) : 0;
      if (!result.totals) {
        total[side].num += num;
        total[side].den += den;
      }
      if (keys.length === 0 || (side === 'p' && !rowsHaveCmp)) continue;
      const id = k.join('|');
      const cell = cells.get(id) ?? { keys: k, c: { num: 0, den: 0 }, p: { num: 0, den: 0 } };
      cell[side].num += num;
      cell[side].den += den;
      cells.set(id, cell);
    }

    if (result.totals) {
      for (const side of ['c', 'p'] as const) {
        total[side].num = result.totals[side][def.num] ?? 0;
        total[side].den = def.den ? (result.totals[side][def.den] ?? 0) : 0;
      }
    }

    // Clearance and resolution rates: the comparison as it stood at the same distance from its range (rows too).
    const basis = maturityBasisOf(def);
    const maturity = basis
      ? maturityOf({ basis, today: this.today(), periodEnd: period.end, comparisonEnd: cmp?.end ?? null })
      : null;
    if (maturity?.comparisonCutoff && cmp) {
      const rowKeys = rowsHaveCmp && keys.length > 0;
      const matured = await maturedCounts(this.deps.db, {
        def,
        from: cmp.start,
        to: cmp.end,
        cutoff: maturity.comparisonCutoff,
        keys: rowKeys ? keys : [],
        where,
      });
      applyMatured(total, cells, matured, rowKeys ? alignP : null);
    }

    // The incident list of what was counted (a running period: to today).
    const baseDrill: TStatDrill = {
      from: counted.start,
      to: counted.end,
      ...(def.kind || q.kind ? { kind: def.kind ?? q.kind } : {}),
      ...(q.areaCode ? { areaCode: q.areaCode } : {}),
      ...(q.unitId ? { unitId: q.unitId } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(def.statGroup || q.statGroup ? { statGroup: def.statGroup ?? q.statGroup } : {}),
      ...(q.severity ? { severity: q.severity } : {}),
    };

    let outRows: TStatResult['rows'] = [];
    let preTruncated = ranked ? Math.max(0, (result.cells ?? 0) - cells.size) : 0;
    let unresolved: Record<string, number> | undefined;
    const hasCmp = cmp !== null;
    let reform: ReformOutcome | null = null;
    if (reformed) {
      reform = await this.reform.apply({
        breakdown: q.breakdown as 'area' | 'area_current' | 'unit',
        cells,
        index,
        targetDate: (q.breakdown === 'area_current' && q.targetDate) || period.end,
        period,
        cmp: rowsHaveCmp ? cmp : null,
        def,
        keys,
        measures,
        where,
      });
      cells.clear();
      for (const [id, cell] of reform.cells) cells.set(id, cell);
    }
    // A row as the reform allows it to be read (no significance for approximate rows, no zero the reform made).
    const acrossReform = (cell: { keys: string[] }, row: TStatResult['rows'][number]): TStatResult['rows'][number] => {
      const note = reform?.rows.get(cell.keys.join('|'));
      if (!note) return row;
      return {
        ...reformValue(row, note.status),
        reform: { status: note.status, approximateShare: note.approximateShare },
      };
    };
    if (q.breakdown === 'area_current') {
      const targetDate = reform!.summary.targetDate;
      unresolved = reform!.unresolved;
      outRows = [...cells.values()].map((cell) => {
        const code = cell.keys[0]!;
        const note = reform!.rows.get(cell.keys.join('|'))!;
        const source = singleSource(index, note.sources);
        return acrossReform(cell, {
          key: code,
          label: findArea(index, code, targetDate)?.fullName ?? code,
          ...valueOf(def, cell, hasCmp, comparison, small),
          approximateShare: note.approximateShare.current,
          drill: source ? areaDrill(index, baseDrill, source.code, source.validFrom) : null,
        });
      });
    } else if (keys.length) {
      // Rank the cells on their raw sums first and build (labels, change, phrases, drills) only the rows returned:
      // a CompStat grid has tens of thousands of cells, the screen shows a few hundred.
      let list = [...cells.values()];
      if (!timeOrdered) {
        const cur = (c: Sides) => (def.den ? (c.c.den === 0 ? -1 : c.c.num / c.c.den) : c.c.num);
        // Rates: rows with too few cases after the others (the screen lists them apart).
        const few = (c: Sides) => (def.den && c.c.den < small.minCases ? 1 : 0);
        // Ties in key order, element by element, as the SQL ranking (collate "C").
        const byKeys = (a: string[], b: string[]) => {
          for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
          return 0;
        };
        list = list
          .map((c) => ({ c, v: cur(c), f: few(c) }))
          .sort((a, b) => a.f - b.f || b.v - a.v || byKeys(a.c.keys, b.c.keys))
          .map((x) => x.c);
        preTruncated += Math.max(0, list.length - q.limit);
        list = list.slice(0, q.limit);
      }
      const unitLabels = q.breakdown === 'unit' ? await this.unitNames() : new Map<string, string>();
      outRows = list.map((cell) => {
        const main = this.describeKey(
          q.breakdown,
          by2 ? cell.keys.slice(0, -1) : cell.keys,
          baseDrill,
          period,
          index,
          unitLabels,
        );
        if (!by2)
          return acrossReform(cell, {
            key: main.key,
            label: main.label,
            ...valueOf(def, cell, rowsHaveCmp, comparison, small),
            drill: main.drill,
            ...(q.breakdown === 'month' ? { bucket: monthBucket(main.key, lfl) } : {}),
          });
        const second = this.describeKey(
          by2 === 'kind' ? 'none' : by2,
          [cell.keys.at(-1)!],
          baseDrill,
          period,
          index,
          unitLabels,
        );
        const v2 = cell.keys.at(-1)!;
        const field = { category: 'category', stat_group: 'statGroup', severity: 'severity', kind: 'kind' }[by2];
        return acrossReform(cell, {
          key: `${main.key}|${v2}`,
          label: `${main.label} · ${by2 === 'kind' ? (INCIDENT_KIND_LABELS[v2 as IncidentKind]?.vi ?? v2) : second.label}`,
          ...valueOf(def, cell, rowsHaveCmp, comparison, small),
          drill: main.drill && v2 !== '' ? { ...main.drill, [field]: v2 } : null,
          ...(q.breakdown === 'month' ? { bucket: monthBucket(main.key, lfl) } : {}),
        });
      });
    }
    // Time buckets in time order; re-aggregated areas by value (ranked rows are in order already).
    if (timeOrdered) outRows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    else if (q.breakdown === 'area_current') {
      const few = (r: (typeof outRows)[number]) => (r.tooFewCases ? 1 : 0);
      outRows.sort((a, b) => few(a) - few(b) || (b.current ?? -1) - (a.current ?? -1) || (a.key < b.key ? -1 : 1));
    }
    const truncated = preTruncated + Math.max(0, outRows.length - q.limit);
    outRows = outRows.slice(0, q.limit);

    const value = {
      ...valueOf(def, total, hasCmp, comparison, small),
      ...(maturity ? { maturity: maturityOut(maturity, total) } : {}),
    };
    const targets = await targetsRead;
    const t = targets.find((x) => x.metric === q.metric);

    return {
      metric: q.metric,
      unit: def.unit,
      label: def.label,
      period: periodOut(period),
      comparisonPeriod: cmp ? periodOut(cmp) : null,
      comparison,
      ranges: rangesOut(lfl),
      breakdown: q.breakdown,
      scoped: !scope.all,
      value,
      drill: baseDrill,
      target: t
        ? {
            op: t.op,
            value: t.value,
            met: value.current === null ? null : compare(value.current, t.op, t.value),
            label: { vi: t.labelVi, en: t.labelEn },
            source: t.source,
            ...(maturity ? judgedTarget(t, total, value.current, maturity) : {}),
          }
        : null,
      rows: outRows,
      truncated,
      ...(unresolved ? { unresolved } : {}),
      sources: fromWindow ? [fromWindow.table] : [...new Set(partsList.map((p) => p.source.table))],
      smallNumbers: small,
      ...(reform ? { reform: reform.summary } : {}),
    };
  }

  /**
   * Event metrics: protected (closed) events by their first day, absolutely safe ones (no linked incident) and
   * the safe share, from the event module within the actor's event scope; unit = lead unit, area = venue's area.
   */
  private async eventQuery(
    actor: Actor,
    q: TStatQuery,
    def: MetricDef,
    period: Period,
    lfl: LikeForLike,
    comparison: Comparison,
  ): Promise<TStatResult> {
    const cmp = lfl.comparisonPeriod;
    const BY: Partial<Record<TStatBreakdown, 'type' | 'level' | 'unit' | 'month'>> = {
      event_type: 'type',
      event_level: 'level',
      unit: 'unit',
      month: 'month',
    };
    const by: 'type' | 'level' | 'unit' | 'month' | 'none' = BY[q.breakdown] ?? 'none';
    let areaCodes: string[] | undefined;
    if (q.areaCode)
      areaCodes =
        q.areaCode.length === 5 ? [q.areaCode] : childPairs(await this.deps.areas.index(), q.areaCode).map(([c]) => c);
    const filter = { leadUnitId: q.unitId, areaCodes, by };
    const [cur, prev] = await Promise.all([
      this.deps.events.protectedCounts(actor, { from: lfl.current.start, to: lfl.current.end, ...filter }),
      cmp ? this.deps.events.protectedCounts(actor, { from: cmp.start, to: cmp.end, ...filter }) : null,
    ]);
    const pick = (r: { protected: number; safe: number }) =>
      def.events === 'protected'
        ? { num: r.protected, den: 0 }
        : def.events === 'safe'
          ? { num: r.safe, den: 0 }
          : { num: r.safe, den: r.protected };
    const total: Sides = { c: { num: 0, den: 0 }, p: { num: 0, den: 0 } };
    const cells = new Map<string, Sides>();
    const rowsHaveCmp = cmp !== null && (by !== 'month' || comparison === 'same_period');
    for (const [side, list] of [
      ['c', cur.rows],
      ['p', prev?.rows ?? []],
    ] as const) {
      for (const r of list) {
        const v = pick(r);
        total[side].num += v.num;
        total[side].den += v.den;
        if (by === 'none' || (side === 'p' && !rowsHaveCmp)) continue;
        const key = side === 'p' && by === 'month' ? addYears(`${r.key}-01`, 1).slice(0, 7) : r.key;
        const cell = cells.get(key) ?? { c: { num: 0, den: 0 }, p: { num: 0, den: 0 } };
        cell[side].num += v.num;
        cell[side].den += v.den;
        cells.set(key, cell);
      }
    }
    const unitNames = by === 'unit' ? await this.unitNames() : new Map<string, string>();
    const labelOf = (key: string) =>
      by === 'type'
        ? (EVENT_TYPE_LABELS[key as EventType]?.vi ?? key)
        : by === 'level'
          ? (EVENT_LEVEL_LABELS[key as EventLevel]?.vi ?? key)
          : by === 'unit'
            ? (unitNames.get(key) ?? key)
            : `${key.slice(5)}/${key.slice(0, 4)}`;
    const hasCmp = cmp !== null;
    let rows = [...cells].map(([key, sides]) => ({
      key,
      label: labelOf(key),
      ...valueOf(def, sides, rowsHaveCmp, comparison),
      drill: null,
      ...(by === 'month' ? { bucket: monthBucket(key, lfl) } : {}),
    }));
    rows.sort(
      by === 'month'
        ? (a, b) => (a.key < b.key ? -1 : 1)
        : (a, b) => (b.current ?? -1) - (a.current ?? -1) || (a.key < b.key ? -1 : 1),
    );
    const truncated = Math.max(0, rows.length - q.limit);
    rows = rows.slice(0, q.limit);
    return {
      metric: q.metric,
      unit: def.unit,
      label: def.label,
      period: periodOut(period),
      comparisonPeriod: cmp ? periodOut(cmp) : null,
      comparison,
      ranges: rangesOut(lfl),
      breakdown: q.breakdown,
      scoped: cur.scoped,
      value: valueOf(def, total, hasCmp, comparison),
      drill: null,
      target: null,
      rows,
      truncated,
      sources: ['event'],
    };
  }

  private describeKey(
    breakdown: TStatBreakdown,
    k: string[],
    base: TStatDrill,
    period: Period,
    index: AreaIndex,
    unitLabels: Map<string, string>,
  ): { key: string; label: string; drill: TStatDrill | null } {
    const v = k[0]!;
    switch (breakdown) {
      case 'area': {
        const area = index.byCode.get(v)?.find((a) => a.validFrom === k[1]);
        return { key: `${v}@${k[1]}`, label: area?.fullName ?? v, drill: areaDrill(index, base, v, k[1]!, period) };
      }
      case 'unit':
        return { key: v, label: unitLabels.get(v) ?? v, drill: { ...base, unitId: v } };
      case 'category': {
        const label = v === '' ? '(không xác định)' : findArticle(v) ? describeArticle(v) : v;
        return { key: v, label, drill: v === '' ? null : { ...base, category: v } };
      }
      case 'stat_group':
        return {
          key: v,
          label: GROUP_LABELS[v as StatisticalGroup]?.vi ?? (v || '(không phân nhóm)'),
          drill: v === '' ? null : { ...base, statGroup: v },
        };
      case 'severity': {
        const label =
          SEVERITY_LABELS[v as SeverityClass]?.vi ??
          TRAFFIC_SEVERITY_LABELS[v as keyof typeof TRAFFIC_SEVERITY_LABELS]?.vi ??
          (v || '(không phân loại)');
        return { key: v, label, drill: v === '' ? null : { ...base, severity: v } };
      }
      case 'month': {
        const start = `${v}-01`;
        const from = start > base.from ? start : base.from;
        const end = monthEnd(start);
        const to = end < base.to ? end : base.to;
        return { key: v, label: `${v.slice(5)}/${v.slice(0, 4)}`, drill: { ...base, from, to } };
      }
      case 'day':
        return { key: v, label: formatDateVi(v), drill: { ...base, from: v, to: v } };
      case 'hour_weekday':
        return {
          key: `${k[1]}-${v.padStart(2, '0')}`,
          label: `${WEEKDAYS_VI[Number(k[1])]} ${v.padStart(2, '0')}h`,
          drill: null,
        };
      default:
        return { key: v, label: v, drill: null };
    }
  }

  async targets(actor: Actor) {
    requirePermission(actor, 'stats.read');
    const rows = await repo.targets(this.deps.db);
    return {
      items: rows.map((t) => ({
        metric: t.metric,
        op: t.op as '>',
        value: t.value,
        label: { vi: t.labelVi, en: t.labelEn },
        source: t.source,
      })),
    };
  }

  async updateTarget(
    actor: Actor,
    metric: string,
    input: { op: string; value: number; labelVi?: string; labelEn?: string; source?: string },
  ) {
    requirePermission(actor, 'plans.write');
    // Targets are the city's: only users who see the whole city change them.
    if (!(await this.deps.units.scopeRanges(actor)).all) throw new AppError('FORBIDDEN');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const before = (await repo.targets(trx)).find((t) => t.metric === metric);
      if (!before) throw new AppError('NOT_FOUND');
      await repo.updateTarget(trx, metric, input, now);
      const after = (await repo.targets(trx)).find((t) => t.metric === metric);
      await appendAudit(
        trx,
        actor,
        {
          action: 'stat_target.updated',
          entityType: 'stat_target',
          entityId: metric,
          before: { ...before },
          after: { ...after },
        },
        now,
      );
    });
    return this.targets(actor);
  }

  /**
   * Hot spots of a count metric over a period: on the communes of the current map (counts re-aggregated through
   * the lineage, from the aggregate tables) or on a square grid of the incidents' points (the raw table, within
   * the period's dates). A scoped user's analysis covers the communes of their scope only.
   */
  async hotspots(actor: Actor, q: TStatHotspotQuery): Promise<TStatHotspotResult> {
    requirePermission(actor, 'stats.read');
    const def = METRICS[q.metric];
    const period =
      q.period === 'custom'
        ? customPeriod(q.from!, q.to!)
        : periodContaining(q.period as PeriodKind, q.date ?? this.today());
    const [scope, index, generationDate] = await Promise.all([
      this.deps.units.scopeRanges(actor),
      this.deps.areas.index(),
      this.deps.areas.newestGeometryDate(),
    ]);
    const geo = generationDate ? await this.deps.areas.geometryOn(generationDate) : null;
    const base = {
      metric: q.metric,
      level: q.level,
      period: periodOut(period),
      generationDate,
      cellMeters: q.level === 'grid' ? q.cellMeters : null,
      scoped: !scope.all,
      method: {
        vi:
          (q.level === 'commune'
            ? 'Getis-Ord Gi* trên các xã, phường theo ranh giới hiện hành (lân cận: chung ranh giới hoặc góc)'
            : `Getis-Ord Gi* trên lưới ô vuông ${formatNumberVi(q.cellMeters)} m (lân cận: 8 ô xung quanh)`) +
          '; số vụ biến đổi Anscombe 2√(x + 3/8); hiệu chỉnh tỷ lệ phát hiện sai Benjamini–Hochberg ở mức 90/95/99%',
        en:
          (q.level === 'commune'
            ? 'Getis-Ord Gi* over the communes on the current boundaries (neighbours share a border or a corner)'
            : `Getis-Ord Gi* over a ${formatNumberEn(q.cellMeters)} m square grid (neighbours: the 8 surrounding cells)`) +
          '; counts Anscombe-transformed 2√(x + 3/8); Benjamini–Hochberg false-discovery-rate correction at 90/95/99%',
      },
    };
    const empty = {
      features: 0,
      total: 0,
      withoutPoint: 0,
      hot: { 90: 0, 95: 0, 99: 0 },
      cold: { 90: 0, 95: 0, 99: 0 },
      cells: [],
    };
    if (!geo || !generationDate) return { ...base, ...empty };
    // The communes analysed: every commune of the map, or those of the scope on the map's boundaries.
    const inScope = scope.all
      ? () => true
      : (code: string) => scope.ranges.some((r) => r.code === code && r.to >= generationDate);
    const codes = geo.codes.filter(inScope);

    if (q.level === 'commune') {
      const r = await this.query(actor, {
        metric: q.metric,
        period: q.period,
        date: q.date,
        from: q.from,
        to: q.to,
        comparison: 'none',
        breakdown: 'area_current',
        by2: 'none',
        targetDate: generationDate,
        kind: q.kind,
        category: q.category,
        limit: 5000,
      });
      const counts = new Map(r.rows.map((row) => [row.key, row.current ?? 0]));
      const s = communeHotspots({
        codes,
        counts,
        adjacency: geo.adjacency,
        bboxOf: geo.bboxOf,
        labelOf: (code) => findArea(index, code, generationDate)?.fullName ?? code,
      });
      return { ...base, ...s, withoutPoint: 0 };
    }

    const { dLon, dLat } = gridStep(q.cellMeters);
    const where = whereOf(repo.INCIDENT_SOURCE, def, { kind: q.kind, category: q.category }, scope);
    const rows = await repo.gridCounts(this.deps.db, { from: period.start, to: period.end, dLon, dLat, where });
    const counts = new Map<string, number>();
    let withoutPoint = 0;
    for (const row of rows) {
      if (row.row === null || row.col === null) withoutPoint += row.n;
      else counts.set(`${row.row}:${row.col}`, row.n);
    }
    const extent = emptyBBox();
    for (const code of codes) {
      const b = geo.bboxOf(code);
      if (b) extendBBox(extendBBox(extent, b[0], b[1]), b[2], b[3]);
    }
    if (isEmptyBBox(extent)) return { ...base, ...empty, withoutPoint };
    const inside = new Set(codes);
    const s = gridHotspots({
      cellMeters: q.cellMeters,
      counts,
      extent,
      locate: geo.locate,
      inside: (code) => inside.has(code),
    });
    return { ...base, ...s, withoutPoint };
  }

  /**
   * The same question from a window table (migration 0011) when one holds it: the actor sees everything, the
   * period is the current one of a kept kind (rolling 7/28 days, year to date…) compared with the same period
   * last year or nothing, and the table has the breakdown, the filters and the measures. Null otherwise, or
   * when the windows could not be moved to today (writers held the incident table): the day and month tables
   * answer then.
   */
  private async fromWindow(
    q: TStatQuery,
    def: MetricDef,
    f: Filters,
    scope: ScopeRanges,
    lfl: LikeForLike,
    measures: Measure[],
    rank: repo.Rank | undefined,
  ): Promise<{ table: string; result: repo.PartsResult } | null> {
    if (!this.useWindows() || !scope.all || def.statGroup || f.statGroup || f.severity) return null;
    // Without a comparison, a ranked answer counts only the cells of the current side (the tables count both).
    if (q.comparison !== 'same_period' && !(q.comparison === 'none' && !rank)) return null;
    if (def.kind && f.kind && def.kind !== f.kind) return null;
    const today = this.today();
    if (
      q.period === 'custom' ||
      !(windows.WINDOW_TABLES as readonly { windows: readonly string[] }[]).some((t) => t.windows.includes(q.period))
    )
      return null;
    // The window holds the question when its two ranges are the dates this question counts.
    const w = windowRanges(q.period, today);
    if (w.c.from !== lfl.current.start || w.c.to !== lfl.current.end) return null;
    if (lfl.comparison && (w.p.from !== lfl.comparison.start || w.p.to !== lfl.comparison.end)) return null;
    const by2 = q.by2 === 'none' ? null : q.by2;
    const keys: { name: string; column: string }[] = {
      none: [],
      area: [
        { name: 'k0', column: 'area_code' },
        { name: 'k1', column: 'area_valid_from' },
      ],
      unit: [{ name: 'k0', column: 'unit_id' }],
      category: [{ name: 'k0', column: 'category' }],
    }[q.breakdown === 'area_current' ? 'area' : (q.breakdown as 'none')];
    if (!keys || (by2 && by2 !== 'category')) return null;
    if (by2) keys.push({ name: 'k9', column: 'category' });
    const equals: Record<string, string> = {};
    if (f.category) equals.category = f.category;
    if (f.unitId) equals.unit_id = f.unitId;
    if (f.area && 'code' in f.area) equals.area_code = f.area.code;
    const columns = new Set([...keys.map((k) => k.column), ...Object.keys(equals), ...(f.area ? ['area_code'] : [])]);
    // The smallest table that has everything.
    const table = [...windows.WINDOW_TABLES]
      .sort((a, b) => a.dims.length - b.dims.length)
      .find(
        (t) =>
          t.windows.includes(q.period) &&
          [...columns].every((c) => t.dims.includes(c)) &&
          measures.every((m) => t.measures.includes(m)),
      );
    if (!table) return null;
    if (!(await this.windowsOn(today))) return null;
    const result = await windows.windowParts(this.deps.db, {
      table: table.name,
      win: q.period,
      kind: def.kind ?? f.kind ?? '',
      keys,
      measures,
      equals,
      ...(f.area && 'pairs' in f.area ? { areaPairs: f.area.pairs } : {}),
      rank,
    });
    if (q.comparison === 'none') {
      result.rows = result.rows.filter((r) => r.side === 'c');
      if (result.totals) result.totals.p = {};
    }
    return { table: table.name, result };
  }

  /**
   * Moves the window tables to today ahead of the first question (the server calls it when it starts and every
   * minute, so that no user waits for the move after midnight). Not an API: no actor, changes no figure.
   */
  prepareWindows(): Promise<boolean> {
    return this.useWindows() ? this.windowsOn(this.today()) : Promise.resolve(false);
  }

  private useWindows() {
    return this.deps.useWindows !== false;
  }

  /** Whether every window is on `today`, moving them there first if needed (false: writers held the lock too long). */
  private async windowsOn(today: string): Promise<boolean> {
    const stale = (await windows.windowStates(this.deps.db)).filter(
      (w) => w.anchor !== today || !windows.sameRanges(w.ranges, windowRanges(w.win, today)),
    );
    try {
      // One transaction per window: writers wait for one window's move at a time (seconds at national scale).
      for (const w of stale)
        await this.deps.db
          .transaction()
          .execute((trx) => windows.moveWindows(trx, today, (win) => windowRanges(win, today), w));
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === '55P03') return false;
      throw err;
    }
  }

  /** Empties the aggregates and recomputes them from the raw incidents, in one transaction. */
  async rebuild(actor: Actor): Promise<Record<string, number>> {
    requirePermission(actor, 'users.manage');
    const now = this.deps.clock.now();
    const today = this.today();
    return this.deps.db.transaction().execute(async (trx) => {
      const counts = await repo.rebuild(trx);
      // The windows again from the rebuilt day tables, on today.
      await windows.resetWindows(trx);
      await windows.moveWindows(trx, today, (win) => windowRanges(win, today));
      await appendAudit(
        trx,
        actor,
        { action: 'stats.rebuilt', entityType: 'stats', entityId: 'aggregates', after: counts },
        now,
      );
      return counts;
    });
  }

  /** Compares every aggregate with a raw GROUP BY; `ok` is false when any cell differs. */
  async check(actor: Actor): Promise<{ ok: boolean; tables: repo.CheckResult[] }> {
    requirePermission(actor, 'stats.read');
    const tables = [...(await repo.check(this.deps.db)), ...(await windows.checkWindows(this.deps.db))];
    return { ok: tables.every((t) => t.differences === 0), tables };
  }

  /**
   * `GET /api/stats`: the query, and with `per=population` (count metrics by area_current) each row's rate
   * per 10,000 inhabitants from the population figures of the communes of the target date (each commune's
   * latest year not after that date's year), with the years used and the rows that have none.
   */
  async queryWithRates(actor: Actor, q: TStatQuery): Promise<TStatResult> {
    const result = await this.query(actor, q);
    if (!q.per || q.breakdown !== 'area_current') return result;
    const date = q.targetDate ?? result.period.end;
    const figures = await this.deps.areas.populationFigures(date);
    const r = attachRates(result.rows, figures);
    return {
      ...result,
      rows: r.rows,
      population: {
        date,
        year: r.years.at(-1) ?? null,
        years: r.years,
        missing: r.missing,
        known: figures.size,
        sources: [...new Set(result.rows.flatMap((row) => figures.get(row.key)?.source ?? []))].sort(),
      },
    };
  }

  /**
   * The density map: incidents with a point counted on the hot spots' square grid within the period and the
   * actor's scope (the same condition as the grid hot spots), as cell centres largest first, at most 20,000.
   */
  async density(actor: Actor, q: TStatDensityQuery): Promise<TStatDensityResult> {
    requirePermission(actor, 'stats.read');
    const def = METRICS[q.metric];
    const period =
      q.period === 'custom'
        ? customPeriod(q.from!, q.to!)
        : periodContaining(q.period as PeriodKind, q.date ?? this.today());
    const scope = await this.deps.units.scopeRanges(actor);
    const step = gridStep(q.cellMeters);
    const where = whereOf(repo.INCIDENT_SOURCE, def, { kind: q.kind, category: q.category }, scope);
    const rows = await repo.gridCounts(this.deps.db, {
      from: period.start,
      to: period.end,
      dLon: step.dLon,
      dLat: step.dLat,
      where,
    });
    const s = densityCells(rows, step, DENSITY_MAX_CELLS);
    return {
      metric: q.metric,
      period: periodOut(period),
      cellMeters: q.cellMeters,
      scoped: !scope.all,
      total: s.total,
      withoutPoint: s.withoutPoint,
      maxCount: s.maxCount,
      cells: s.cells,
      truncated: s.truncated,
    };
  }
}

/** The result's statement of what was counted (contracts/stats.ts ZStatRanges). */
function rangesOut(l: LikeForLike): TStatResult['ranges'] {
  return { asOf: l.asOf, running: l.running, current: l.current, comparison: l.comparison, wording: l.wording };
}

/** A month bucket's counted days: the month cut by the counted range; partial when that is not the whole month. */
function monthBucket(key: string, l: LikeForLike): { start: string; end: string; partial: boolean } {
  const first = `${key}-01`;
  const last = monthEnd(first);
  const start = first > l.current.start ? first : l.current.start;
  const end = last < l.current.end ? last : l.current.end;
  return { start, end, partial: start !== first || end !== last };
}
