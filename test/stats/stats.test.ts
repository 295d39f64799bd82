import fc from 'fast-check';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEventMetric, STAT_BREAKDOWNS, STAT_METRICS, type TStatResult } from '../../src/contracts/stats';
import { isResolveError, resolveArea } from '../../src/domain/areas/lineage';
import { systemActor } from '../../src/server/platform/actor';
import { StatsService } from '../../src/server/modules/stats/stats.service';
import { createTestContext, TEST_NOW, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';
import { ARTICLES, insertIncidents, loadWorld, type World } from './generate';

/**
 * The statistics API against plain SQL over the raw incidents: for random metrics, periods, comparisons,
 * breakdowns and filters the numbers must be equal, whichever aggregate tables answered.
 */

// What each metric counts, written independently of the service: kind condition, numerator, denominator.
// Rates with a comparison: the comparison counts the cases cleared / decided by its cut-off (`matured`, same maturity).
const ORACLE: Record<string, { where: string; num: string; den?: string; matured?: (cut: string) => string }> = {
  incidents: { where: 'true', num: 'count(*)' },
  crime_reports: { where: `kind = 'crime_report'`, num: 'count(*)' },
  crime_cases: { where: `kind = 'criminal_case'`, num: 'count(*)' },
  social_order_crime: { where: `kind = 'criminal_case' and stat_group = 'trat_tu_xa_hoi'`, num: 'count(*)' },
  clearance_rate: {
    where: `kind = 'criminal_case'`,
    num: 'count(*) filter (where cleared)',
    den: 'count(*)',
    matured: (cut) => `count(*) filter (where cleared and cleared_on <= '${cut}')`,
  },
  clearance_rate_trong_an: {
    where: `kind = 'criminal_case'`,
    num: `count(*) filter (where cleared and severity in ('rat_nghiem_trong','dac_biet_nghiem_trong'))`,
    den: `count(*) filter (where severity in ('rat_nghiem_trong','dac_biet_nghiem_trong'))`,
    matured: (cut) => `count(*) filter (where cleared and cleared_on <= '${cut}' and severity in ('rat_nghiem_trong','dac_biet_nghiem_trong'))`,
  },
  report_resolution_rate: {
    where: `kind = 'crime_report'`,
    num: 'count(decided_on)',
    den: 'count(*)',
    matured: (cut) => `count(*) filter (where decided_on <= '${cut}')`,
  },
  traffic_accidents: { where: `kind = 'traffic_accident'`, num: 'count(*)' },
  traffic_deaths: { where: `kind = 'traffic_accident'`, num: 'coalesce(sum(deaths),0)' },
  traffic_injuries: { where: `kind = 'traffic_accident'`, num: 'coalesce(sum(injuries),0)' },
  fires: { where: `kind = 'fire'`, num: 'count(*)' },
  fire_deaths: { where: `kind = 'fire'`, num: 'coalesce(sum(deaths),0)' },
  fire_injuries: { where: `kind = 'fire'`, num: 'coalesce(sum(injuries),0)' },
  fire_damage: { where: `kind = 'fire'`, num: 'coalesce(sum(damage_vnd),0)' },
  fraud_reports: { where: `kind = 'online_fraud'`, num: 'count(*)' },
  fraud_losses: { where: `kind = 'online_fraud'`, num: 'coalesce(sum(amount_lost_vnd),0)' },
};
const ORACLE_KEY: Record<string, string | null> = {
  none: null,
  area: `area_code || '@' || area_valid_from::text`,
  area_current: `area_code || '@' || area_valid_from::text`,
  unit: 'unit_id::text',
  category: `coalesce(category, '')`,
  stat_group: `coalesce(stat_group, '')`,
  severity: `coalesce(severity, traffic_severity, '')`,
  month: `to_char(occurred_on, 'YYYY-MM')`,
  day: 'occurred_on::text',
  // Hanoi time through the time zone database (the service uses arithmetic on UTC+7).
  hour_weekday: `extract(isodow from occurred_at at time zone 'Asia/Ho_Chi_Minh')::text || '-' || lpad(extract(hour from occurred_at at time zone 'Asia/Ho_Chi_Minh')::text, 2, '0')`,
};

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

describe(`statistics engine (${ENGINE})`, () => {
  let t: TestContext;
  let commander: Session;
  let officer: Session;
  let world: World;
  let hoanKiemUnit: string;

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    commander = await t.login('lanhdao');
    officer = await t.login('canbo');
    hoanKiemUnit = (await t.database.db.selectFrom('unit').select('id').where('code', '=', 'CA-00070').executeTakeFirstOrThrow()).id;
    world = await loadWorld(t.database.db);
    await insertIncidents(t.database.db, world, 1500, 11);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const stats = async (session: Session, q: Record<string, string | number | undefined>): Promise<TStatResult> => {
    const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    const res = await t.as(session, 'GET', `/api/stats?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const raw = async (query: string) => (await sql.raw<Record<string, unknown>>(query).execute(t.database.db)).rows;
  const checkOk = async () => {
    const r = await t.services.stats.check(systemActor('test'));
    expect(r.tables.filter((x) => x.differences > 0)).toEqual([]);
    expect(r.ok).toBe(true);
  };

  it('should keep the aggregates equal to the raw incidents after bulk inserts', async () => {
    await checkOk();
    const n = await raw('select count(*)::int as n from incident');
    const s = await raw('select sum(n)::int as n from stat_month_area');
    expect(s[0]!.n).toBe(n[0]!.n);
    expect(n[0]!.n).toBe(1500);
  });

  it('should answer random questions exactly as a GROUP BY over the raw incidents (differential)', async () => {
    const index = await t.services.areas.index();
    const filterArb = fc.record(
      {
        kind: fc.constantFrom('crime_report', 'criminal_case', 'traffic_accident', 'fire', 'online_fraud'),
        areaCode: fc.constantFrom(...world.areas.map((a) => a.code), '001', '01'),
        unitId: fc.constantFrom(hoanKiemUnit, world.departments[0]!),
        statGroup: fc.constantFrom('trat_tu_xa_hoi', 'ma_tuy', 'kinh_te_tham_nhung_buon_lau'),
        category: fc.constantFrom(...ARTICLES.slice(0, 5), 'traffic', 'Zalo'),
      },
      { requiredKeys: [] },
    );
    const caseArb = fc.record({
      // Incident metrics (the event metrics have their own test in test/events).
      metric: fc.constantFrom(...STAT_METRICS.filter((m) => !isEventMetric(m))),
      period: fc.constantFrom('report_month', 'report_quarter', 'report_year', 'month', 'quarter', 'year', 'na_year', 'rolling_7', 'rolling_28', 'ytd', 'report_ytd', 'custom'),
      date: fc.integer({ min: 0, max: 1150 }).map((d) => new Date(Date.UTC(2023, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
      span: fc.integer({ min: 0, max: 500 }),
      comparison: fc.constantFrom('same_period', 'previous_period', 'none'),
      breakdown: fc.constantFrom(...STAT_BREAKDOWNS.filter((b) => b !== 'event_type' && b !== 'event_level')),
      by2: fc.constantFrom('none', 'none', 'category', 'stat_group', 'severity', 'kind'),
      filters: fc.oneof(fc.constant({}), filterArb),
    });
    let checked = 0;
    const sources = new Set<string>();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const to = new Date(Date.parse(c.date) + c.span * 86_400_000).toISOString().slice(0, 10);
        const q = {
          metric: c.metric,
          period: c.period,
          date: c.date,
          ...(c.period === 'custom' ? { from: c.date, to } : {}),
          comparison: c.comparison,
          breakdown: c.breakdown,
          by2: ['none', 'area_current', 'hour_weekday'].includes(c.breakdown) ? 'none' : c.by2,
          limit: 5000,
          ...c.filters,
        };
        const res = await stats(commander, q);
        res.sources.forEach((x) => sources.add(x));
        const o = ORACLE[c.metric]!;
        const f = c.filters as Record<string, string | undefined>;
        const conds = [o.where];
        if (f.kind) conds.push(`kind = ${lit(f.kind)}`);
        if (f.statGroup) conds.push(`stat_group = ${lit(f.statGroup)}`);
        if (f.category) conds.push(`category = ${lit(f.category)}`);
        if (f.unitId) conds.push(`unit_id = ${lit(f.unitId)}`);
        if (f.areaCode)
          conds.push(
            f.areaCode.length === 5
              ? `area_code = ${lit(f.areaCode)}`
              : `(area_code, area_valid_from) in (select code, valid_from from area where parent_code = ${lit(f.areaCode)})`,
          );
        const cut = res.value.maturity?.comparisonCutoff;
        const measureOf = (num: string) => `${num}::float8 as num${o.den ? `, ${o.den}::float8 as den` : ''}`;
        const measure = measureOf(o.num);
        // The dates the result states it counted (like for like: a running period to today), checked below.
        const sides: { side: 'current' | 'comparison'; start: string; end: string }[] = [{ side: 'current', ...res.ranges.current }];
        if (res.ranges.comparison) sides.push({ side: 'comparison', ...res.ranges.comparison });
        expect(res.comparisonPeriod && { start: res.comparisonPeriod.start, end: res.comparisonPeriod.end }).toEqual(res.ranges.comparison);
        await expectLikeForLike(res);
        for (const s of sides) {
          const where = `${conds.join(' and ')} and occurred_on between ${lit(s.start)} and ${lit(s.end)}`;
          const matured = s.side === 'comparison' && o.matured && cut ? o.matured(cut) : null;
          const [tot] = await raw(`select ${matured ? measureOf(matured) : measure} from incident where ${where}`);
          const rate = (x: Record<string, unknown>) => (Number(x.den) === 0 ? null : (Number(x.num) / Number(x.den)) * 100);
          const expected = o.den ? rate(tot!) : Number(tot!.num);
          const got = res.value[s.side];
          if (expected === null) expect(got, JSON.stringify(q)).toBeNull();
          else expect(got, JSON.stringify(q)).toBeCloseTo(expected, 6);
          const by2Expr = { none: null, category: `coalesce(category, '')`, stat_group: `coalesce(stat_group, '')`, severity: `coalesce(severity, traffic_severity, '')`, kind: 'kind' }[q.by2];
          const keyExpr = ORACLE_KEY[c.breakdown] && by2Expr ? `${ORACLE_KEY[c.breakdown]} || '|' || ${by2Expr}` : ORACLE_KEY[c.breakdown];
          if (!keyExpr || s.side === 'comparison') continue;
          const grouped = await raw(`select ${keyExpr} as k, ${measure} from incident where ${where} group by 1`);
          if (res.reform?.kind === 'unit') {
            // Units followed to their successors across a restructuring (stats.reform.ts): the rows keep the totals.
            const sum = (f: (r: TStatResult['rows'][number]) => number) => res.rows.reduce((t, r) => t + f(r), 0);
            const all = grouped.reduce((t, g) => t + Number(o.den ? g.den : g.num), 0);
            if (res.truncated === 0) expect(sum((r) => (o.den ? r.parts!.current.den : r.current!)), JSON.stringify(q)).toBeCloseTo(all, 6);
            continue;
          }
          if (c.breakdown === 'area_current' || res.reform) {
            // Re-aggregated through the lineage onto the generation of the period's end (the test's incidents
            // have no point); the area breakdown across a reform keys its rows by (code, validFrom) of that generation.
            const target = res.reform?.targetDate ?? res.period.end;
            const want = new Map<string, number>();
            for (const g of grouped) {
              const [place, second] = String(g.k).split('|') as [string, string | undefined];
              const [code, validFrom] = place.split('@') as [string, string];
              const r = resolveArea(index, { code, date: validFrom }, target);
              if (isResolveError(r)) continue;
              const on = index.byCode.get(r.code)!.find((a) => a.validFrom <= target && (!a.validTo || target <= a.validTo))!;
              const key = c.breakdown === 'area' ? `${r.code}@${on.validFrom}` : r.code;
              const k2 = second !== undefined ? `${key}|${second}` : key;
              want.set(k2, (want.get(k2) ?? 0) + Number(o.den ? g.den : g.num));
            }
            const got2 = new Map(res.rows.map((r) => [r.key, o.den ? r.parts!.current.den : r.current!]));
            for (const [k, v] of want) if (v !== 0) expect(got2.get(k), `${JSON.stringify(q)} ${k}`).toBe(v);
            continue;
          }
          const want = new Map(grouped.map((g) => [String(g.k), g]));
          const rowsByKey = new Map(res.rows.map((r) => [r.key, r]));
          for (const [k, g] of want) {
            const row = rowsByKey.get(k);
            const v = o.den ? rate(g) : Number(g.num);
            if (!o.den && v === 0 && !row) continue;
            expect(row, `${JSON.stringify(q)} missing ${k}`).toBeDefined();
            if (v === null) expect(row!.current).toBeNull();
            else expect(row!.current, `${JSON.stringify(q)} ${k}`).toBeCloseTo(v, 6);
          }
          for (const r of res.rows) if ((r.current ?? 0) !== 0) expect(want.has(r.key), `${JSON.stringify(q)} extra ${r.key}`).toBe(true);
        }
        checked++;
      }),
      {
        seed: 20261127,
        numRuns: 45,
        endOnFailure: true,
        examples: [
          [{ metric: 'incidents', period: 'report_quarter', date: '2024-05-03', span: 0, comparison: 'same_period', breakdown: 'hour_weekday', by2: 'none', filters: {} }],
          [{ metric: 'clearance_rate', period: 'custom', date: '2023-02-10', span: 700, comparison: 'previous_period', breakdown: 'area_current', by2: 'none', filters: {} }],
          [{ metric: 'incidents', period: 'rolling_28', date: '2025-11-20', span: 0, comparison: 'same_period', breakdown: 'area', by2: 'category', filters: {} }],
          [{ metric: 'clearance_rate', period: 'ytd', date: '2026-03-09', span: 0, comparison: 'same_period', breakdown: 'unit', by2: 'none', filters: {} }],
          [{ metric: 'crime_cases', period: 'custom', date: '2023-01-01', span: 1100, comparison: 'none', breakdown: 'month', by2: 'stat_group', filters: {} }],
        ],
      },
    );
    expect(checked).toBe(45);
    // Every kind of source answered some of the questions (whole months, edges, compact day tables, raw).
    expect([...sources].sort()).toEqual(['incident', 'stat_day_area', 'stat_day_kind', 'stat_day_unit', 'stat_month_area', 'stat_month_hour_weekday', 'stat_month_kind', 'stat_month_unit']);
  }, 300_000);

  /**
   * The stated ranges follow the like-for-like rule, checked with PostgreSQL's own date arithmetic: running
   * (start ≤ today < end) → counted to today; cùng kỳ = the counted dates − 1 year (29/02 → 28/02); kỳ trước of
   * a running period = as many days from the previous period's start, at most to the day before the period.
   */
  const expectLikeForLike = async (res: TStatResult) => {
    const asOf = '2026-03-10';
    const { period, ranges } = res;
    expect(ranges.asOf).toBe(asOf);
    expect(ranges.running).toBe(period.start <= asOf && asOf < period.end);
    expect(ranges.current).toEqual({ start: period.start, end: ranges.running ? asOf : period.end });
    if (!ranges.comparison) return expect(res.comparison).toBe('none');
    const c = ranges.current;
    if (res.comparison === 'same_period') {
      const [y] = await raw(
        `select (${lit(c.start)}::date - interval '1 year')::date::text as s, (${lit(c.end)}::date - interval '1 year')::date::text as e`,
      );
      if (ranges.running) expect(ranges.comparison).toEqual({ start: y!.s, end: y!.e });
      // Ended: the period of the same kind a year earlier, whole (a month ending 29/02 against the whole February).
      else expect(ranges.comparison.start).toBe(y!.s);
    } else {
      expect(ranges.comparison.end < c.start).toBe(true);
      const [d] = await raw(`select ${lit(c.end)}::date - ${lit(c.start)}::date as cur, ${lit(ranges.comparison.end)}::date - ${lit(ranges.comparison.start)}::date as cmp`);
      if (ranges.running) expect(Number(d!.cmp)).toBeLessThanOrEqual(Number(d!.cur));
    }
  };

  it('should count a running period to today and compare it like for like, as plain SQL over the stated dates (differential)', async () => {
    // Incidents up to today (TEST_NOW: 10/03/2026) and over the same days a year and two years earlier.
    await insertIncidents(t.database.db, world, 300, 31, { from: '2025-12-01', to: '2026-03-10' });
    await insertIncidents(t.database.db, world, 200, 32, { from: '2024-12-01', to: '2025-03-31' });
    const count = async (where: string, r: { start: string; end: string }) =>
      Number((await raw(`select count(*)::int as n from incident where ${where} and occurred_on between ${lit(r.start)} and ${lit(r.end)}`))[0]!.n);
    const COUNTS = ['incidents', 'crime_reports', 'crime_cases', 'social_order_crime', 'traffic_accidents', 'fires', 'fraud_reports'] as const;
    let running = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          metric: fc.constantFrom(...COUNTS),
          period: fc.constantFrom('report_month', 'report_quarter', 'report_half', 'report_year', 'month', 'quarter', 'year', 'na_year', 'custom'),
          // A day in the 120 days to today, and for custom periods an end 0–200 days later (mostly after today).
          back: fc.integer({ min: 0, max: 120 }),
          span: fc.integer({ min: 0, max: 200 }),
          comparison: fc.constantFrom('same_period', 'previous_period'),
          breakdown: fc.constantFrom('none', 'month', 'unit'),
        }),
        async (c) => {
          const date = new Date(Date.parse('2026-03-10') - c.back * 86_400_000).toISOString().slice(0, 10);
          const to = new Date(Date.parse(date) + c.span * 86_400_000).toISOString().slice(0, 10);
          const q = { metric: c.metric, period: c.period, date, ...(c.period === 'custom' ? { from: date, to } : {}), comparison: c.comparison, breakdown: c.breakdown, limit: 5000 };
          const res = await stats(commander, q);
          await expectLikeForLike(res);
          if (res.ranges.running) running++;
          const where = ORACLE[c.metric]!.where;
          expect(res.value.current, JSON.stringify(q)).toBe(await count(where, res.ranges.current));
          expect(res.value.comparison, JSON.stringify(q)).toBe(await count(where, res.ranges.comparison!));
          expect(res.drill).toMatchObject({ from: res.ranges.current.start, to: res.ranges.current.end });
          if (c.breakdown === 'month' && c.comparison === 'same_period') {
            // Each month bucket against the same days of that month a year earlier; the running one is partial.
            for (const row of res.rows) {
              const b = row.bucket!;
              const [m] = await raw(`select (date_trunc('month', ${lit(`${row.key}-01`)}::date) + interval '1 month - 1 day')::date::text as e`);
              expect(b.partial, JSON.stringify(row)).toBe(b.start !== `${row.key}-01` || b.end !== m!.e);
              expect(row.current, JSON.stringify(row)).toBe(await count(where, b));
              // The same month a year earlier within the comparison range: while running, the same days.
              const cr = res.ranges.comparison!;
              const [y] = await raw(
                `select greatest(${lit(`${row.key}-01`)}::date - interval '1 year', ${lit(cr.start)}::date)::date::text as s,
                        least(date_trunc('month', ${lit(`${row.key}-01`)}::date - interval '1 year') + interval '1 month - 1 day', ${lit(cr.end)}::date)::date::text as e`,
              );
              expect(row.comparison, JSON.stringify(row)).toBe(await count(where, { start: String(y!.s), end: String(y!.e) }));
              if (res.ranges.running && row.key === res.ranges.current.end.slice(0, 7)) expect(y!.e).toBe(cr.end);
            }
            if (res.ranges.running) expect(res.rows.find((r) => r.key === '2026-03')?.bucket?.partial ?? true).toBe(true);
          }
        },
      ),
      { seed: 20261203, numRuns: 40, endOnFailure: true },
    );
    // Most of these periods are still running on 10/03/2026.
    expect(running).toBeGreaterThanOrEqual(15);
  }, 300_000);

  it('should state the default dashboard tile like for like: a running reporting month to today against the same days last year', async () => {
    const res = await stats(commander, { metric: 'social_order_crime' });
    expect(res.period).toMatchObject({ kind: 'report_month', start: '2026-02-15', end: '2026-03-14' });
    expect(res.ranges).toEqual({
      asOf: '2026-03-10',
      running: true,
      current: { start: '2026-02-15', end: '2026-03-10' },
      comparison: { start: '2025-02-15', end: '2025-03-10' },
      wording: { vi: '15/02 – 10/03/2026 so với 15/02 – 10/03/2025', en: '15/02 – 10/03/2026 against 15/02 – 10/03/2025' },
    });
    expect(res.comparisonPeriod).toMatchObject({ start: '2025-02-15', end: '2025-03-10', label: { vi: 'Cùng kỳ (15/02 – 10/03/2025)' } });
    // A past reporting month: whole with whole.
    const past = await stats(commander, { metric: 'social_order_crime', date: '2026-01-20' });
    expect(past.ranges).toMatchObject({ running: false, current: { start: '2026-01-15', end: '2026-02-14' }, comparison: { start: '2025-01-15', end: '2025-02-14' } });
  });

  it('should return the largest cells first and count the rest as truncated, with the totals of every cell', async () => {
    for (const metric of ['incidents', 'clearance_rate'] as const) {
      const base = `/api/stats?metric=${metric}&period=custom&from=2023-01-01&to=2025-12-31&breakdown=area&by2=category`;
      const full = (await t.as(commander, 'GET', `${base}&limit=5000`)).json() as TStatResult;
      const top = (await t.as(commander, 'GET', `${base}&limit=7`)).json() as TStatResult;
      expect(full.truncated).toBe(0);
      expect(full.rows.length).toBeGreaterThan(20);
      expect(top.rows).toEqual(full.rows.slice(0, 7));
      expect(top.truncated).toBe(full.rows.length - 7);
      expect(top.value).toEqual(full.value);
      // Largest first; a rate's rows with too few cases (small numbers) come after the others, largest first too.
      for (const few of [false, true]) {
        const values = full.rows.filter((r) => Boolean(r.tooFewCases) === few).map((r) => r.current ?? -1);
        expect(values).toEqual([...values].sort((x, y) => y - x));
      }
      const firstFew = full.rows.findIndex((r) => r.tooFewCases);
      if (firstFew >= 0) expect(full.rows.slice(firstFew).every((r) => r.tooFewCases)).toBe(true);
    }
  });

  it('should drill from a cell to the incident list that reproduces it', async () => {
    for (const [breakdown, by2] of [['area', 'none'], ['category', 'none'], ['unit', 'none'], ['month', 'none'], ['severity', 'none'], ['area', 'category'], ['month', 'stat_group']] as const) {
      const res = await stats(commander, { metric: 'incidents', period: 'year', date: '2024-06-01', comparison: 'none', breakdown, by2 });
      const rows = res.rows.filter((r) => r.drill).slice(0, 3);
      expect(rows.length, breakdown).toBeGreaterThan(0);
      for (const r of rows) {
        let count = 0;
        let cursor: string | undefined;
        do {
          const qs = new URLSearchParams({ ...(r.drill as Record<string, string>), limit: '200', ...(cursor ? { cursor } : {}) });
          const list = (await t.as(commander, 'GET', `/api/incidents?${qs}`)).json();
          count += list.items.length;
          cursor = list.nextCursor ?? undefined;
        } while (cursor);
        expect(count, `${breakdown} ${r.key}`).toBe(r.current);
      }
    }
  });

  it('should give changes with the Poisson z, Vietnamese phrasing and targets met or not', async () => {
    const res = await stats(commander, { metric: 'crime_cases', period: 'report_year', date: '2025-06-01' });
    const c = res.value.change!;
    expect(c.absolute).toBe(res.value.current! - res.value.comparison!);
    expect(c.z).toBeCloseTo(2 * (Math.sqrt(res.value.current!) - Math.sqrt(res.value.comparison!)), 9);
    expect(c.phrase.vi).toMatch(/^(tăng|giảm) \d+(,\d)?% so với cùng kỳ$|^bằng cùng kỳ$/);
    const rate = await stats(commander, { metric: 'clearance_rate', period: 'year', date: '2025-06-01' });
    expect(rate.unit).toBe('percent');
    expect(rate.target).toMatchObject({ op: '>', value: 75, source: 'Nghị quyết 96/2019/QH14' });
    expect(rate.target!.met).toBe(rate.value.current! > 75);
    expect(rate.value.change!.phrase.vi).toMatch(/điểm phần trăm so với cùng kỳ$|^bằng cùng kỳ$/);
    // Targets are data: a commander edits one, and the answer follows.
    const put = await t.as(commander, 'PUT', '/api/stats/targets/clearance_rate', { op: '>', value: 10 });
    expect(put.statusCode, put.body).toBe(200);
    expect((await stats(commander, { metric: 'clearance_rate', period: 'year', date: '2025-06-01' })).target).toMatchObject({ value: 10, met: rate.value.current! > 10 });
    expect((await t.as(officer, 'PUT', '/api/stats/targets/clearance_rate', { op: '>', value: 5 })).statusCode).toBe(403);
    // A base of 0: no percentage.
    const none = await stats(commander, { metric: 'fires', period: 'custom', from: '2019-01-01', to: '2019-01-31', comparison: 'previous_period' });
    expect(none.value).toMatchObject({ current: 0, comparison: 0 });
    expect(none.value.change!.percent).toBeNull();
  });

  it('should show a ward officer only the numbers of their ward', async () => {
    const scope = await t.services.units.scopeRanges((await t.services.auth.authenticate(officer.cookie.split('=')[1]!, { requestId: 'x', ip: '127.0.0.1', userAgent: null }))!.actor);
    expect(scope.all).toBe(false);
    if (scope.all) return;
    const cond = `(unit_id in (${scope.unitIds.map(lit).join(',')}) ${scope.ranges.map((r) => `or (area_code = ${lit(r.code)} and occurred_on between ${lit(r.from)} and ${lit(r.to)})`).join(' ')})`;
    for (const [period, date] of [['year', '2024-05-01'], ['year', '2025-05-01'], ['ytd', '2026-03-09'], ['rolling_28', '2025-07-20']] as const) {
      const mine = await stats(officer, { metric: 'incidents', period, date, breakdown: 'area' });
      const all = await stats(commander, { metric: 'incidents', period, date });
      expect(mine.scoped).toBe(true);
      const [want] = await raw(`select count(*)::int as n from incident where ${cond} and occurred_on between ${lit(mine.period.start)} and ${lit(mine.period.end)}`);
      expect(mine.value.current, `${period} ${date}`).toBe(want!.n);
      expect(mine.value.current!).toBeLessThan(all.value.current!);
      // The same number as the officer's incident list.
      let count = 0;
      let cursor: string | undefined;
      do {
        const qs = new URLSearchParams({ from: mine.period.start, to: mine.period.end, limit: '200', ...(cursor ? { cursor } : {}) });
        const list = (await t.as(officer, 'GET', `/api/incidents?${qs}`)).json();
        count += list.items.length;
        cursor = list.nextCursor ?? undefined;
      } while (cursor);
      expect(count).toBe(mine.value.current);
    }
    const hours = await stats(officer, { metric: 'incidents', period: 'year', date: '2025-05-01', breakdown: 'hour_weekday' });
    expect(hours.rows.reduce((s, r) => s + r.current!, 0)).toBe(hours.value.current);
    expect(hours.sources).toEqual(['incident']);
  });

  describe('window tables (the current rolling 7/28 days, year to date, against the same period last year)', () => {
    // The same service on the day and month tables only: the window tables must give exactly its answers.
    const plain = () =>
      new StatsService({ db: t.database.db, clock: t.clock, units: t.services.units, areas: t.services.areas, events: t.services.events, useWindows: false });
    const actor = systemActor('test');
    const questions = (): Record<string, unknown>[] => [
      // The CompStat grid: a page from the ranking index, and every cell.
      { metric: 'incidents', period: 'rolling_28', breakdown: 'area', by2: 'category', limit: 7 },
      { metric: 'incidents', period: 'rolling_28', breakdown: 'area', by2: 'category', limit: 5000 },
      { metric: 'crime_cases', period: 'rolling_7', breakdown: 'area', by2: 'category', limit: 5 },
      { metric: 'incidents', period: 'rolling_28', breakdown: 'area', by2: 'category', areaCode: '01', limit: 10 },
      { metric: 'incidents', period: 'rolling_28', breakdown: 'area', by2: 'category', areaCode: '00070', limit: 5000 },
      { metric: 'incidents', period: 'rolling_28', breakdown: 'area', by2: 'category', category: '173', limit: 5000 },
      { metric: 'incidents', period: 'rolling_28', breakdown: 'category', by2: 'none', limit: 5000 },
      { metric: 'fires', period: 'rolling_28', breakdown: 'area_current', by2: 'none', limit: 5000 },
      { metric: 'incidents', kind: 'fire', period: 'rolling_7', breakdown: 'area', by2: 'none', limit: 3 },
      // Communes: the dashboard's default period, the map, rates ranked, a district.
      { metric: 'crime_cases', period: 'report_month', breakdown: 'area', by2: 'none', limit: 5000 },
      { metric: 'incidents', period: 'report_month', breakdown: 'area', by2: 'category', limit: 12 },
      { metric: 'traffic_injuries', period: 'ytd', breakdown: 'area_current', by2: 'none', limit: 5000 },
      { metric: 'clearance_rate', period: 'report_ytd', breakdown: 'area', by2: 'none', areaCode: '001', limit: 4 },
      // Units: clearance tables, rates ranked, sums, filters, no comparison.
      { metric: 'clearance_rate', period: 'ytd', breakdown: 'unit', by2: 'none', limit: 3 },
      { metric: 'clearance_rate_trong_an', period: 'report_ytd', breakdown: 'unit', by2: 'none', limit: 5000 },
      { metric: 'report_resolution_rate', period: 'rolling_28', breakdown: 'none', by2: 'none', limit: 5000 },
      { metric: 'traffic_deaths', period: 'ytd', breakdown: 'unit', by2: 'none', limit: 5000 },
      { metric: 'fraud_losses', period: 'ytd', breakdown: 'none', by2: 'none', comparison: 'none', limit: 5000 },
      { metric: 'crime_cases', period: 'ytd', breakdown: 'unit', by2: 'none', unitId: hoanKiemUnit, limit: 5000 },
      // Every kind: the grid's '' rows, or the kinds' rows of communes and units summed.
      { metric: 'incidents', period: 'ytd', breakdown: 'unit', by2: 'none', limit: 10 },
      { metric: 'incidents', period: 'report_month', breakdown: 'area', by2: 'none', limit: 5000 },
      { metric: 'incidents', period: 'rolling_7', breakdown: 'none', by2: 'none', limit: 5000 },
    ];
    const compare = async (label: string) => {
      for (const q0 of questions()) {
        const q = { comparison: 'same_period', ...q0 } as never;
        const [win, day] = await Promise.all([t.services.stats.query(actor, q), plain().query(actor, q)]);
        expect(win.sources, `${label} ${JSON.stringify(q0)}`).toEqual([expect.stringMatching(/^stat_win_/)]);
        expect(day.sources.some((s) => s.startsWith('stat_win_'))).toBe(false);
        expect(win, `${label} ${JSON.stringify(q0)}`).toEqual({ ...day, sources: win.sources });
      }
    };

    it('should answer the current windows from the window tables, exactly as the day and month tables', async () => {
      // Incidents in the current windows and in the same windows last year.
      await insertIncidents(t.database.db, world, 400, 21, { from: '2026-01-20', to: '2026-03-10' });
      await insertIncidents(t.database.db, world, 300, 22, { from: '2025-01-20', to: '2025-03-10' });
      await compare('filled');
      const grid = await t.services.stats.query(actor, { metric: 'incidents', period: 'rolling_28', comparison: 'same_period', breakdown: 'area', by2: 'category', limit: 7 } as never);
      expect(grid.sources).toEqual(['stat_win_area_category']);
      expect(grid.rows).toHaveLength(7);
      expect(grid.truncated).toBeGreaterThan(50);
      expect((await raw(`select distinct anchor::text as a from stat_window`)).map((r) => r.a)).toEqual(['2026-03-10']);
      await checkOk();
    });

    it('should keep the windows right through writes that move incidents in, out and across them', async () => {
      const db = t.database.db;
      const inWindow = (await raw(`select id from incident where occurred_on between '2026-02-11' and '2026-03-10' order by id limit 40`)).map((r) => String(r.id));
      // Out of the current side into the comparison side, out of every window, another kind, cleared, deleted.
      await sql`update incident set occurred_at = occurred_at - interval '365 days', occurred_on = occurred_on - 365 where id in (${sql.join(inWindow.slice(0, 8))})`.execute(db);
      await sql`update incident set occurred_at = occurred_at - interval '900 days', occurred_on = occurred_on - 900 where id in (${sql.join(inWindow.slice(8, 14))})`.execute(db);
      await db.updateTable('incident').set({ kind: 'fire', category: 'nha_o', statGroup: null, severity: null, article: null, clause: null }).where('id', 'in', inWindow.slice(14, 22)).execute();
      await db.updateTable('incident').set((eb) => ({ cleared: eb.not('cleared') })).where('id', 'in', inWindow.slice(22, 30)).execute();
      await db.updateTable('incident').set({ areaCode: '00070' }).where('id', 'in', inWindow.slice(30, 34)).execute();
      await db.deleteFrom('incident').where('id', 'in', inWindow.slice(34, 40)).execute();
      await checkOk();
      await compare('after writes');
      expect((await raw(`select count(*)::int as n from stat_win_area_category where c_n = 0 and p_n = 0`))[0]!.n).toBe(0);
    });

    it('should move the windows when the day changes (a day, weeks, a new year, back) and stay exact', async () => {
      try {
        for (const [at, day] of [
          ['2026-03-10T18:00:00Z', '2026-03-11'],
          ['2026-04-20T03:00:00Z', '2026-04-20'],
          ['2027-01-01T03:00:00Z', '2027-01-01'],
          [TEST_NOW.toISOString(), '2026-03-10'],
        ] as const) {
          t.clock.set(new Date(at));
          if (day === '2026-03-11') {
            // What the server does every minute: the windows follow the day before anyone asks.
            expect(await t.services.stats.prepareWindows()).toBe(true);
            expect((await raw(`select distinct anchor::text as a from stat_window`)).map((r) => r.a)).toEqual([day]);
            expect(await plain().prepareWindows()).toBe(false);
          }
          await compare(day);
          expect((await raw(`select distinct anchor::text as a from stat_window`)).map((r) => r.a)).toEqual([day]);
          await checkOk();
        }
      } finally {
        t.clock.set(TEST_NOW);
      }
    });
    it('should answer from the day tables while a writer holds the incident table past the lock timeout, and move after it commits', async () => {
      const gridQ = { metric: 'incidents', period: 'rolling_28', comparison: 'same_period', breakdown: 'area', by2: 'category', limit: 5000 } as never;
      const [moved] = await raw(`select id from incident where occurred_on = '2026-03-01' order by id limit 1`);
      try {
        t.clock.set(new Date('2026-03-11T03:00:00Z'));
        if (ENGINE === 'postgres') {
          // Another connection's open transaction has written an incident (into the new day): moving must wait for it.
          const writer = new pg.Client({ connectionString: t.url! });
          await writer.connect();
          try {
            await writer.query('begin');
            await writer.query(`update incident set occurred_at = '2026-03-11T02:00:00Z', occurred_on = '2026-03-11', received_at = greatest(received_at, '2026-03-11T02:00:00Z') where id = $1`, [moved!.id]);
            const res = await t.services.stats.query(actor, gridQ);
            expect(res.sources.some((x) => x.startsWith('stat_win_'))).toBe(false);
            expect((await raw(`select distinct anchor::text as a from stat_window`)).map((r) => r.a)).toEqual(['2026-03-10']);
            await writer.query('commit');
          } finally {
            await writer.end();
          }
        } else {
          // One connection: no other writer can hold the table; the write simply comes before the move.
          await sql`update incident set occurred_at = '2026-03-11T02:00:00Z', occurred_on = '2026-03-11', received_at = greatest(received_at, '2026-03-11T02:00:00Z'::timestamptz) where id = ${moved!.id}`.execute(t.database.db);
        }
        const [win, day] = await Promise.all([t.services.stats.query(actor, gridQ), plain().query(actor, gridQ)]);
        expect(win.sources).toEqual(['stat_win_area_category']);
        expect(win).toEqual({ ...day, sources: win.sources });
        expect((await raw(`select distinct anchor::text as a from stat_window`)).map((r) => r.a)).toEqual(['2026-03-11']);
        await checkOk();
      } finally {
        t.clock.set(TEST_NOW);
      }
    });
  });

  it('should keep the aggregates right through API writes, updates (area, kind, clearance, article) and deletes', async () => {
    const create = await t.as(officer, 'POST', '/api/incidents', {
      kind: 'criminal_case',
      occurredAt: '2026-03-01T22:30:00+07:00',
      receivedAt: '2026-03-02T09:00:00+07:00',
      areaCode: '00070',
      unitId: hoanKiemUnit,
      title: 'Cướp giật tài sản',
      article: '171',
      clause: 2,
    });
    expect(create.statusCode, create.body).toBe(200);
    const id = create.json().id as string;
    await checkOk();
    const before = await stats(commander, { metric: 'crime_cases', period: 'custom', from: '2026-03-01', to: '2026-03-01', comparison: 'none', breakdown: 'area' });
    const cleared = await t.as(officer, 'POST', `/api/incidents/${id}/clear`, { version: create.json().version, cleared: true, clearedOn: '2026-03-05' });
    expect(cleared.statusCode, cleared.body).toBe(200);
    await checkOk();
    const other = world.areas.find((a) => a.code !== '00070' && a.validFrom <= '2026-03-01' && !a.validTo)!.code;
    const patch = await t.as(commander, 'PATCH', `/api/incidents/${id}`, { version: cleared.json().version, article: '168', clause: 3, areaCode: other });
    expect(patch.statusCode, patch.body).toBe(200);
    await checkOk();
    const after = await stats(commander, { metric: 'crime_cases', period: 'custom', from: '2026-03-01', to: '2026-03-01', comparison: 'none', breakdown: 'area' });
    expect(after.value.current).toBe(before.value.current);
    const k = (r: TStatResult, key: string) => r.rows.find((x) => x.key.startsWith(key))?.current ?? 0;
    expect(k(after, '00070@')).toBe(k(before, '00070@') - 1);
    expect(k(after, `${other}@`)).toBe(k(before, `${other}@`) + 1);
    const ta = await stats(commander, { metric: 'clearance_rate_trong_an', period: 'custom', from: '2026-03-01', to: '2026-03-01', comparison: 'none' });
    const [want] = await raw(`select count(*) filter (where cleared)::int as c, count(*)::int as n from incident where kind = 'criminal_case' and occurred_on = '2026-03-01' and severity in ('rat_nghiem_trong','dac_biet_nghiem_trong')`);
    expect(ta.value.parts!.current).toEqual({ num: want!.c, den: want!.n });

    // Plain SQL writes (the importer, a repair script) go through the same triggers.
    const db = t.database.db;
    const someIds = (await db.selectFrom('incident').select('id').where('source', '=', 'import').orderBy('id').limit(40).execute()).map((r) => r.id);
    await db.updateTable('incident').set({ kind: 'fire', category: 'nha_o', statGroup: null, severity: null }).where('id', 'in', someIds.slice(0, 10)).execute();
    await checkOk();
    await db.updateTable('incident').set((eb) => ({ cleared: eb.not('cleared') })).where('id', 'in', someIds.slice(10, 20)).execute();
    await checkOk();
    await sql`update incident set occurred_at = occurred_at - interval '400 days', occurred_on = occurred_on - 400 where id in (${sql.join(someIds.slice(20, 25))})`.execute(db);
    await checkOk();
    await db.updateTable('incident').set({ title: 'chỉ sửa tiêu đề' }).where('id', 'in', someIds.slice(25, 30)).execute();
    await checkOk();
    await db.deleteFrom('incident').where('id', 'in', someIds.slice(30, 40)).execute();
    await checkOk();
    expect((await raw('select count(*)::int as n from stat_day_area where n = 0'))[0]!.n).toBe(0);
  });

  it('should report a damaged aggregate and repair it by rebuilding', async () => {
    await sql`update stat_month_area set n = n + 1 where month = (select min(month) from stat_month_area)`.execute(t.database.db);
    await sql`delete from stat_day_kind where day = (select max(day) from stat_day_kind)`.execute(t.database.db);
    // A window cell and a window total.
    await sql`update stat_win_unit set c_cleared = c_cleared + 1 where (win, kind, unit_id) in (select win, kind, unit_id from stat_win_unit limit 1)`.execute(t.database.db);
    await sql`update stat_win_area_category_total set cells = cells + 1 where win = 'rolling_28' and kind = ''`.execute(t.database.db);
    const bad = await t.services.stats.check(systemActor('test'));
    expect(bad.ok).toBe(false);
    expect(bad.tables.find((x) => x.table === 'stat_win_unit')!.differences).toBe(1);
    expect(bad.tables.find((x) => x.table === 'stat_win_area_category_total')!.differences).toBe(1);
    expect(bad.tables.find((x) => x.table === 'stat_win_area')!.differences).toBe(0);
    expect(bad.tables.find((x) => x.table === 'stat_month_area')!.differences).toBeGreaterThan(0);
    expect(bad.tables.find((x) => x.table === 'stat_day_kind')!.differences).toBeGreaterThan(0);
    const counts = await t.services.stats.rebuild(systemActor('test'));
    expect(counts.stat_day_kind).toBeGreaterThan(0);
    await checkOk();
  });

  it('should refuse bad questions with the field named', async () => {
    const bad = await t.as(commander, 'GET', '/api/stats?metric=crime_cases&period=custom&from=2025-02-01&to=2025-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toContain('query.from');
    expect((await t.as(commander, 'GET', '/api/stats?metric=nope')).statusCode).toBe(400);
    expect((await t.as(null, 'GET', '/api/stats?metric=fires')).statusCode).toBe(401);
  });
});
