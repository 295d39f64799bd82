import {
  addDays,
  addMonths,
  addYears,
  assertDate,
  diffDays,
  formatDateVi,
  hcmStartOfDay,
  parts,
  fromParts,
  toHcmDate,
  type DateString,
} from '../calendar/dates';

/**
 * Reporting and calendar periods, on Asia/Ho_Chi_Minh dates.
 *
 * Decree 09/2019/NĐ-CP (chế độ báo cáo của cơ quan hành chính nhà nước): the reporting month runs
 * from the 15th of the previous month to the 14th; the quarter and half-year likewise (quarter I =
 * 15/12–14/3; half-years 15/12–14/6 and 15/6–14/12); the year runs 15/12 of the previous year to
 * 14/12. The crime report to the National Assembly runs 1/10–30/9. Statistics are always aggregated
 * from event dates; periods only choose the dates.
 */

export type PeriodKind =
  | 'report_month'
  | 'report_quarter'
  | 'report_half'
  | 'report_year'
  | 'month'
  | 'quarter'
  | 'year'
  | 'na_year'
  | 'rolling_7'
  | 'rolling_28'
  | 'ytd'
  | 'report_ytd'
  | 'custom';

/** Kinds that cut the timeline into fixed, contiguous periods. */
export const TILING_KINDS = [
  'report_month',
  'report_quarter',
  'report_half',
  'report_year',
  'month',
  'quarter',
  'year',
  'na_year',
] as const satisfies readonly PeriodKind[];

export interface Period {
  kind: PeriodKind;
  label: { vi: string; en: string };
  /** Inclusive Hanoi dates. */
  start: DateString;
  end: DateString;
}

/** A period as the API returns it (only its own fields). */
export function periodOut(p: Period): Period {
  return { kind: p.kind, start: p.start, end: p.end, label: p.label };
}

const ROMAN = ['I', 'II', 'III', 'IV'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function span(start: DateString, end: DateString): string {
  return `${formatDateVi(start)}–${formatDateVi(end)}`;
}

function make(kind: PeriodKind, start: DateString, end: DateString, vi: string, en: string): Period {
  return { kind, start, end, label: { vi: `${vi} (${span(start, end)})`, en: `${en} (${span(start, end)})` } };
}

/** The reporting year (Decree 09/2019) a Hanoi date belongs to: 15/12/Y−1 … 14/12/Y is year Y. */
function reportYearOf(date: DateString): number {
  const { year, month, day } = parts(date);
  return month === 12 && day >= 15 ? year + 1 : year;
}

/** Reporting month index 1–12 of a date within its reporting year. */
function reportMonthOf(date: DateString): { year: number; month: number } {
  const { year, month, day } = parts(date);
  if (day >= 15) return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return { year, month };
}

function reportMonthPeriod(year: number, month: number): Period {
  const end = fromParts(year, month, 14);
  const start = addDays(addMonths(end, -1), 1); // the 15th of the previous month
  return make('report_month', start, end, `Tháng ${month}/${year}`, `Reporting month ${MONTHS_EN[month - 1]} ${year}`);
}

function periodOfKind(kind: Exclude<PeriodKind, 'rolling_7' | 'rolling_28' | 'ytd' | 'report_ytd' | 'custom'>, date: DateString): Period {
  const { year, month } = parts(date);
  switch (kind) {
    case 'report_month': {
      const rm = reportMonthOf(date);
      return reportMonthPeriod(rm.year, rm.month);
    }
    case 'report_quarter': {
      const rm = reportMonthOf(date);
      const q = Math.ceil(rm.month / 3);
      const end = fromParts(rm.year, q * 3, 14);
      const start = addDays(addMonths(end, -3), 1);
      return make(kind, start, end, `Quý ${ROMAN[q - 1]}/${rm.year}`, `Reporting Q${q} ${rm.year}`);
    }
    case 'report_half': {
      const rm = reportMonthOf(date);
      const h = rm.month <= 6 ? 1 : 2;
      const end = fromParts(rm.year, h * 6, 14);
      const start = addDays(addMonths(end, -6), 1);
      return h === 1
        ? make(kind, start, end, `6 tháng đầu năm ${rm.year}`, `Reporting H1 ${rm.year}`)
        : make(kind, start, end, `6 tháng cuối năm ${rm.year}`, `Reporting H2 ${rm.year}`);
    }
    case 'report_year': {
      const y = reportYearOf(date);
      return make(kind, fromParts(y - 1, 12, 15), fromParts(y, 12, 14), `Năm báo cáo ${y}`, `Reporting year ${y}`);
    }
    case 'month': {
      const start = fromParts(year, month, 1);
      return make(kind, start, addDays(addMonths(start, 1), -1), `Tháng ${month}/${year}`, `${MONTHS_EN[month - 1]} ${year}`);
    }
    case 'quarter': {
      const q = Math.ceil(month / 3);
      const start = fromParts(year, q * 3 - 2, 1);
      return make(kind, start, addDays(addMonths(start, 3), -1), `Quý ${ROMAN[q - 1]}/${year}`, `Q${q} ${year}`);
    }
    case 'year':
      return make(kind, fromParts(year, 1, 1), fromParts(year, 12, 31), `Năm ${year}`, `Year ${year}`);
    case 'na_year': {
      const startYear = month >= 10 ? year : year - 1;
      return make(
        kind,
        fromParts(startYear, 10, 1),
        fromParts(startYear + 1, 9, 30),
        `Kỳ báo cáo Quốc hội ${startYear}–${startYear + 1}`,
        `National Assembly year ${startYear}–${startYear + 1}`,
      );
    }
  }
}

function rolling(kind: 'rolling_7' | 'rolling_28', end: DateString): Period {
  const days = kind === 'rolling_7' ? 7 : 28;
  return make(kind, addDays(end, -(days - 1)), end, `${days} ngày đến ${formatDateVi(end)}`, `${days} days to ${formatDateVi(end)}`);
}

/** A custom period [start, end] (inclusive). Throws when end < start. */
export function customPeriod(start: DateString, end: DateString): Period {
  assertDate(start);
  assertDate(end);
  if (end < start) throw new RangeError(`Period ends before it starts: ${start}–${end}`);
  return make('custom', start, end, 'Kỳ tùy chọn', 'Custom period');
}

/**
 * The period of `kind` containing `date` — a Hanoi date or an instant (converted to its Hanoi
 * date). For rolling, year-to-date and custom kinds it is the period ending at `date`.
 */
export function periodContaining(kind: PeriodKind, date: DateString | string | Date): Period {
  const d = toHcmDate(date);
  switch (kind) {
    case 'rolling_7':
    case 'rolling_28':
      return rolling(kind, d);
    case 'ytd': {
      const { year } = parts(d);
      return make(kind, fromParts(year, 1, 1), d, `Từ đầu năm ${year} đến ${formatDateVi(d)}`, `Year to ${formatDateVi(d)}`);
    }
    case 'report_ytd': {
      const y = reportYearOf(d);
      return make(kind, fromParts(y - 1, 12, 15), d, `Từ đầu năm báo cáo ${y} đến ${formatDateVi(d)}`, `Reporting year ${y} to ${formatDateVi(d)}`);
    }
    case 'custom':
      return customPeriod(d, d);
    default:
      return periodOfKind(kind, d);
  }
}

/** Number of days in a period (inclusive). */
export function lengthInDays(period: Period): number {
  return diffDays(period.start, period.end) + 1;
}

/**
 * The same period last year (cùng kỳ): both ends shifted by one year, 29/02 → 28/02. Fixed kinds
 * are re-labelled as the period of that kind; others keep their kind with a date label.
 */
export function sameLastYear(period: Period): Period {
  const start = addYears(period.start, -1);
  const end = addYears(period.end, -1);
  if ((TILING_KINDS as readonly PeriodKind[]).includes(period.kind)) return periodOfKind(period.kind as (typeof TILING_KINDS)[number], start);
  if (period.kind === 'rolling_7' || period.kind === 'rolling_28') return rolling(period.kind, end);
  if (period.kind === 'ytd' || period.kind === 'report_ytd') return periodContaining(period.kind, end);
  return relabel(period.kind, start, end, 'Cùng kỳ', 'Same period last year');
}

/** The period immediately before: same kind, ending the day before `period.start`. */
export function previousPeriod(period: Period): Period {
  const dayBefore = addDays(period.start, -1);
  if ((TILING_KINDS as readonly PeriodKind[]).includes(period.kind)) return periodOfKind(period.kind as (typeof TILING_KINDS)[number], dayBefore);
  if (period.kind === 'rolling_7' || period.kind === 'rolling_28') return rolling(period.kind, dayBefore);
  // ytd, report_ytd, custom: the preceding span of equal length.
  return relabel(period.kind, addDays(dayBefore, -(lengthInDays(period) - 1)), dayBefore, 'Kỳ trước', 'Previous period');
}

function relabel(kind: PeriodKind, start: DateString, end: DateString, vi: string, en: string): Period {
  return make(kind, start, end, vi, en);
}

/** Half-open UTC instant range [start 00:00 +07, end + 1 day 00:00 +07) for SQL filters. */
export function toInstantRange(period: Period): { start: string; endExclusive: string } {
  return { start: hcmStartOfDay(period.start), endExclusive: hcmStartOfDay(addDays(period.end, 1)) };
}

/** True when the Hanoi date of `date` lies in the period. */
export function contains(period: Period, date: DateString | string | Date): boolean {
  const d = toHcmDate(date);
  return period.start <= d && d <= period.end;
}
