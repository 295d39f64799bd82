import { addDays, addYears, diffDays, formatDateVi, parts, type DateString } from '../calendar/dates';
import { previousPeriod, sameLastYear, type Period } from './periods';

/**
 * Like-for-like comparison of a period as of a day (so với cùng kỳ / so với kỳ trước) — the one rule that the
 * statistics endpoint, the dashboard, the events statistics and the targets follow.
 *
 * - **Running** (`start ≤ asOf < end`): the period is counted from its start to `asOf` only (the days after
 *   `asOf` have no data yet) and compared with the same elapsed span:
 *   - cùng kỳ: the same calendar dates a year earlier, `start − 1 year … asOf − 1 year`;
 *   - kỳ trước: the previous period's first `n` days, `n` = days elapsed (`asOf − start + 1`), clipped to the
 *     previous period's end when it is shorter (15/03–13/04 elapsed 30 days; the previous reporting month
 *     15/02–14/03 has 28: the whole of it is compared).
 * - **Ended** (`asOf ≥ end`, the end day included) or **not started** (`asOf < start`, nothing to cut): whole
 *   with whole — cùng kỳ is the period of the same kind a year earlier (Feb 2025 against the whole of Feb 2024,
 *   29 days), kỳ trước the whole previous period.
 * - **Leap days**: dates move one year back calendar date for calendar date, 29/02 → 28/02. So a running span
 *   ending 29/02/2024 is compared with one ending 28/02/2023 (one day fewer), and a running span ending
 *   28/02/2025 with one ending 28/02/2024 (the 29/02/2024 comes in the next day, when the span ends 01/03).
 *   A same-date rule keeps weekday-free seasonality (Tết aside) and never shifts the other days of the span.
 */

export type PeriodComparison = 'same_period' | 'previous_period' | 'none';

export interface DateSpan {
  start: DateString;
  end: DateString;
}

export interface LikeForLike {
  /** The day the comparison is made on (today, Hanoi). */
  asOf: DateString;
  /** The period still runs on `asOf` (its days after `asOf` are not counted). */
  running: boolean;
  /** The dates actually counted. */
  current: DateSpan;
  /** The dates compared with; null without a comparison. */
  comparison: DateSpan | null;
  /** The comparison as a labelled period (kind of the period; label says which span). */
  comparisonPeriod: Period | null;
  /** "15/11 – 03/12/2026 so với 15/11 – 03/12/2025". */
  wording: { vi: string; en: string };
}

/** "15/11 – 03/12/2026"; "15/12/2025 – 03/01/2026" across a year; "03/12/2026" for one day. */
export function formatSpan(s: DateSpan): string {
  if (s.start === s.end) return formatDateVi(s.start);
  if (parts(s.start).year === parts(s.end).year) return `${formatDateVi(s.start).slice(0, 5)} – ${formatDateVi(s.end)}`;
  return `${formatDateVi(s.start)} – ${formatDateVi(s.end)}`;
}

/** Whether the period is running on `asOf`: started, and its last day still to come. */
export function isRunning(period: DateSpan, asOf: DateString): boolean {
  return period.start <= asOf && asOf < period.end;
}

/** The period (as given) and its comparison, cut like for like as of `asOf` (see the module comment). */
export function likeForLike(period: Period, asOf: DateString, comparison: PeriodComparison): LikeForLike {
  const running = isRunning(period, asOf);
  const current: DateSpan = { start: period.start, end: running ? asOf : period.end };
  let cmp: Period | null = null;
  if (comparison === 'same_period') {
    if (!running) cmp = sameLastYear(period);
    else {
      const start = addYears(current.start, -1);
      const end = addYears(current.end, -1);
      const s = formatSpan({ start, end });
      cmp = { kind: period.kind, start, end, label: { vi: `Cùng kỳ (${s})`, en: `Same days last year (${s})` } };
    }
  } else if (comparison === 'previous_period') {
    const prev = previousPeriod(period);
    if (!running) cmp = prev;
    else {
      const elapsed = diffDays(current.start, current.end) + 1;
      const clipped = addDays(prev.start, elapsed - 1);
      const end = clipped < prev.end ? clipped : prev.end;
      const s = formatSpan({ start: prev.start, end });
      cmp = {
        kind: period.kind,
        start: prev.start,
        end,
        label: { vi: `Kỳ trước, cùng số ngày (${s})`, en: `Previous period, same days elapsed (${s})` },
      };
    }
  }
  const c = formatSpan(current);
  const p = cmp ? formatSpan(cmp) : null;
  return {
    asOf,
    running,
    current,
    comparison: cmp ? { start: cmp.start, end: cmp.end } : null,
    comparisonPeriod: cmp,
    wording: p ? { vi: `${c} so với ${p}`, en: `${c} against ${p}` } : { vi: c, en: c },
  };
}
