import { addDays, hcmDateOf, parts, type DateString } from '../calendar/dates';
import { isTrongAn, severityOf, statisticalGroupOf } from '../law/penal-code';
import { reductionPct } from './rhythms';
import type { DemoIncident, DemoKind } from './types';

/**
 * Aggregates of demo records, the way the statistics engine counts them (by the Hanoi date of the
 * occurrence, receipt for crime reports), for tests and for the seed command's printout. Streams:
 * memory depends on the number of years, not of records.
 */

export interface ClearanceTally {
  cases: number;
  cleared: number;
  trongAn: number;
  trongAnCleared: number;
}

export interface ResolutionTally {
  received: number;
  /** Decided (case opened, no case, transferred) within the limit: 20 days, or a lawful extension. */
  withinLimit: number;
  /** Decided within the first 20 days (the stricter count, without extensions). */
  within20Days: number;
  pending: number;
}

export interface DemoSummary {
  total: number;
  /** Records per kind per calendar year of occurrence (Hanoi). */
  byKindYear: Record<DemoKind, Record<number, number>>;
  /** Social-order criminal cases per Decree 09 reporting year (15/12–14/12) of occurrence. */
  socialOrderByReportYear: Record<number, number>;
  /** Traffic deaths and injuries per calendar year. */
  trafficByYear: Record<number, { accidents: number; deaths: number; injuries: number }>;
  /** Criminal cases by calendar year and by National Assembly year (1/10 of Y−1 to 30/9 of Y = Y). */
  clearanceByYear: Record<number, ClearanceTally>;
  clearanceByNaYear: Record<number, ClearanceTally>;
  /** Crime reports by calendar year of receipt. */
  resolutionByYear: Record<number, ResolutionTally>;
  /** Records per hour of the day (Hanoi) per kind. */
  hourByKind: Record<DemoKind, number[]>;
  withPoint: number;
  mat: number;
}

const KINDS: readonly DemoKind[] = ['crime_report', 'criminal_case', 'traffic_accident', 'fire', 'online_fraud'];
const memo = new Map<string, { socialOrder: boolean; trongAn: boolean }>();

function classify(article: string, clause: number, date: DateString): { socialOrder: boolean; trongAn: boolean } {
  const key = `${article}:${clause}:${date >= '2025-07-01'}`;
  let v = memo.get(key);
  if (!v) {
    const g = statisticalGroupOf(article);
    const s = severityOf(article, clause, date);
    v = { socialOrder: g.ok && g.value === 'trat_tu_xa_hoi', trongAn: s.ok && isTrongAn(s.value) };
    memo.set(key, v);
  }
  return v;
}

const reportYear = (date: DateString) => {
  const { year, month, day } = parts(date);
  return month === 12 && day >= 15 ? year + 1 : year;
};
const naYear = (date: DateString) => {
  const { year, month } = parts(date);
  return month >= 10 ? year + 1 : year;
};
const tally = (): ClearanceTally => ({ cases: 0, cleared: 0, trongAn: 0, trongAnCleared: 0 });

export function summarise(records: Iterable<DemoIncident>): DemoSummary {
  const s: DemoSummary = {
    total: 0,
    byKindYear: Object.fromEntries(KINDS.map((k) => [k, {}])) as DemoSummary['byKindYear'],
    socialOrderByReportYear: {},
    trafficByYear: {},
    clearanceByYear: {},
    clearanceByNaYear: {},
    resolutionByYear: {},
    hourByKind: Object.fromEntries(KINDS.map((k) => [k, new Array<number>(24).fill(0)])) as DemoSummary['hourByKind'],
    withPoint: 0,
    mat: 0,
  };
  for (const r of records) {
    s.total++;
    const date = hcmDateOf(r.occurredAt);
    const year = Number(date.slice(0, 4));
    const byYear = s.byKindYear[r.kind];
    byYear[year] = (byYear[year] ?? 0) + 1;
    const hour = new Date(Date.parse(r.occurredAt) + 7 * 3_600_000).getUTCHours();
    s.hourByKind[r.kind][hour]!++;
    if (r.point) s.withPoint++;
    if (r.classification === 'mat') s.mat++;
    if (r.kind === 'criminal_case' && r.article !== undefined && r.clause !== undefined) {
      const c = classify(r.article, r.clause, date);
      if (c.socialOrder) {
        const ry = reportYear(date);
        s.socialOrderByReportYear[ry] = (s.socialOrderByReportYear[ry] ?? 0) + 1;
      }
      for (const [map, key] of [
        [s.clearanceByYear, year],
        [s.clearanceByNaYear, naYear(date)],
      ] as const) {
        const t = (map[key] ??= tally());
        t.cases++;
        if (r.cleared) t.cleared++;
        if (c.trongAn) {
          t.trongAn++;
          if (r.cleared) t.trongAnCleared++;
        }
      }
    } else if (r.kind === 'traffic_accident') {
      const t = (s.trafficByYear[year] ??= { accidents: 0, deaths: 0, injuries: 0 });
      t.accidents++;
      t.deaths += r.deaths ?? 0;
      t.injuries += r.injuries ?? 0;
    } else if (r.kind === 'crime_report') {
      const receivedOn = hcmDateOf(r.receivedAt);
      const ry = Number(receivedOn.slice(0, 4));
      const t = (s.resolutionByYear[ry] ??= { received: 0, withinLimit: 0, within20Days: 0, pending: 0 });
      t.received++;
      const d = r.decision;
      if (!d) t.pending++;
      else if (d.kind !== 'suspended') {
        // 20 days counted without the day of receipt would end a day later: the stricter count is used.
        const limit20 = addDays(receivedOn, 19);
        const limit = (r.extensions ?? []).reduce((m, e) => (e.until > m ? e.until : m), limit20);
        if (d.on <= limit20) t.within20Days++;
        if (d.on <= limit) t.withinLimit++;
      }
    }
  }
  return s;
}

/** Rate in percent, one decimal (0 when there is nothing to divide). */
export const ratePct = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10);

/** The published comparison: social-order crime in reporting year 2024 against 2023. */
export function reduction2024(summary: DemoSummary): { c2023: number; c2024: number; reductionPct: number } {
  const c2023 = summary.socialOrderByReportYear[2023] ?? 0;
  const c2024 = summary.socialOrderByReportYear[2024] ?? 0;
  return { c2023, c2024, reductionPct: reductionPct(c2023, c2024) };
}
