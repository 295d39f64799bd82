import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, diffDays } from '../calendar/dates';
import { formatSpan, likeForLike, type PeriodComparison } from './like-for-like';
import { customPeriod, periodContaining, TILING_KINDS, type PeriodKind } from './periods';

const len = (s: { start: string; end: string }) => diffDays(s.start, s.end) + 1;

describe('likeForLike', () => {
  // Every row computed by hand: the period of `kind` containing `date` (custom: from|to), as of `asOf`.
  // [case, kind, date, asOf, comparison, current start, current end, running, comparison start, comparison end]
  it.each([
    [
      'running reporting month (3 Dec)',
      'report_month',
      '2026-12-03',
      '2026-12-03',
      'same_period',
      '2026-11-15',
      '2026-12-03',
      true,
      '2025-11-15',
      '2025-12-03',
    ],
    [
      'running reporting month, kỳ trước: 19 days',
      'report_month',
      '2026-12-03',
      '2026-12-03',
      'previous_period',
      '2026-11-15',
      '2026-12-03',
      true,
      '2026-10-15',
      '2026-11-02',
    ],
    [
      'first day of a reporting month',
      'report_month',
      '2026-11-15',
      '2026-11-15',
      'same_period',
      '2026-11-15',
      '2026-11-15',
      true,
      '2025-11-15',
      '2025-11-15',
    ],
    [
      'last day of a reporting month: ended, whole',
      'report_month',
      '2026-12-14',
      '2026-12-14',
      'same_period',
      '2026-11-15',
      '2026-12-14',
      false,
      '2025-11-15',
      '2025-12-14',
    ],
    [
      'last day of a reporting month, kỳ trước whole',
      'report_month',
      '2026-12-14',
      '2026-12-14',
      'previous_period',
      '2026-11-15',
      '2026-12-14',
      false,
      '2026-10-15',
      '2026-11-14',
    ],
    [
      'past reporting month',
      'report_month',
      '2025-06-01',
      '2026-12-03',
      'same_period',
      '2025-05-15',
      '2025-06-14',
      false,
      '2024-05-15',
      '2024-06-14',
    ],
    [
      'reporting month Jan across the year end (20 Dec)',
      'report_month',
      '2025-12-20',
      '2025-12-20',
      'same_period',
      '2025-12-15',
      '2025-12-20',
      true,
      '2024-12-15',
      '2024-12-20',
    ],
    [
      'reporting month Jan across the year end (3 Jan)',
      'report_month',
      '2026-01-03',
      '2026-01-03',
      'same_period',
      '2025-12-15',
      '2026-01-03',
      true,
      '2024-12-15',
      '2025-01-03',
    ],
    [
      'running to 29 Feb → 28 Feb',
      'report_month',
      '2024-02-29',
      '2024-02-29',
      'same_period',
      '2024-02-15',
      '2024-02-29',
      true,
      '2023-02-15',
      '2023-02-28',
    ],
    [
      'running to 28 Feb of a common year',
      'report_month',
      '2025-02-28',
      '2025-02-28',
      'same_period',
      '2025-02-15',
      '2025-02-28',
      true,
      '2024-02-15',
      '2024-02-28',
    ],
    [
      'running to 1 Mar: 29 Feb a year back is in',
      'report_month',
      '2025-03-01',
      '2025-03-01',
      'same_period',
      '2025-02-15',
      '2025-03-01',
      true,
      '2024-02-15',
      '2024-03-01',
    ],
    [
      'kỳ trước shorter than the elapsed days: clipped',
      'report_month',
      '2025-04-13',
      '2025-04-13',
      'previous_period',
      '2025-03-15',
      '2025-04-13',
      true,
      '2025-02-15',
      '2025-03-14',
    ],
    [
      'running calendar month',
      'month',
      '2026-12-03',
      '2026-12-03',
      'same_period',
      '2026-12-01',
      '2026-12-03',
      true,
      '2025-12-01',
      '2025-12-03',
    ],
    [
      'February 2024 running on the 28th',
      'month',
      '2024-02-28',
      '2024-02-28',
      'same_period',
      '2024-02-01',
      '2024-02-28',
      true,
      '2023-02-01',
      '2023-02-28',
    ],
    [
      'February 2024 on the 29th: ended',
      'month',
      '2024-02-29',
      '2024-02-29',
      'same_period',
      '2024-02-01',
      '2024-02-29',
      false,
      '2023-02-01',
      '2023-02-28',
    ],
    [
      'February 2025 ended: whole with the whole of Feb 2024',
      'month',
      '2025-02-10',
      '2025-03-05',
      'same_period',
      '2025-02-01',
      '2025-02-28',
      false,
      '2024-02-01',
      '2024-02-29',
    ],
    [
      'March on the 30th, kỳ trước February clipped',
      'month',
      '2025-03-30',
      '2025-03-30',
      'previous_period',
      '2025-03-01',
      '2025-03-30',
      true,
      '2025-02-01',
      '2025-02-28',
    ],
    [
      'March on the 10th, kỳ trước 10 days',
      'month',
      '2025-03-10',
      '2025-03-10',
      'previous_period',
      '2025-03-01',
      '2025-03-10',
      true,
      '2025-02-01',
      '2025-02-10',
    ],
    [
      'running quarter',
      'quarter',
      '2026-12-03',
      '2026-12-03',
      'same_period',
      '2026-10-01',
      '2026-12-03',
      true,
      '2025-10-01',
      '2025-12-03',
    ],
    [
      'running quarter, kỳ trước 64 days',
      'quarter',
      '2026-12-03',
      '2026-12-03',
      'previous_period',
      '2026-10-01',
      '2026-12-03',
      true,
      '2026-07-01',
      '2026-09-02',
    ],
    [
      'running reporting quarter',
      'report_quarter',
      '2026-12-03',
      '2026-12-03',
      'same_period',
      '2026-09-15',
      '2026-12-03',
      true,
      '2025-09-15',
      '2025-12-03',
    ],
    [
      'running reporting half-year',
      'report_half',
      '2026-12-03',
      '2026-12-03',
      'same_period',
      '2026-06-15',
      '2026-12-03',
      true,
      '2025-06-15',
      '2025-12-03',
    ],
    [
      'running reporting year',
      'report_year',
      '2026-12-03',
      '2026-12-03',
      'same_period',
      '2025-12-15',
      '2026-12-03',
      true,
      '2024-12-15',
      '2025-12-03',
    ],
    [
      'reporting year 2024 ended (the demo 17,1 %)',
      'report_year',
      '2024-06-01',
      '2026-12-03',
      'same_period',
      '2023-12-15',
      '2024-12-14',
      false,
      '2022-12-15',
      '2023-12-14',
    ],
    [
      'running reporting year, kỳ trước 354 days',
      'report_year',
      '2026-12-03',
      '2026-12-03',
      'previous_period',
      '2025-12-15',
      '2026-12-03',
      true,
      '2024-12-15',
      '2025-12-03',
    ],
    [
      'running calendar year',
      'year',
      '2026-12-03',
      '2026-12-03',
      'same_period',
      '2026-01-01',
      '2026-12-03',
      true,
      '2025-01-01',
      '2025-12-03',
    ],
    [
      'calendar year on 31 Dec: ended',
      'year',
      '2025-12-31',
      '2025-12-31',
      'same_period',
      '2025-01-01',
      '2025-12-31',
      false,
      '2024-01-01',
      '2024-12-31',
    ],
    [
      'year on 30 Dec, kỳ trước a leap year: 364 days',
      'year',
      '2025-12-30',
      '2025-12-30',
      'previous_period',
      '2025-01-01',
      '2025-12-30',
      true,
      '2024-01-01',
      '2024-12-29',
    ],
    [
      'running National Assembly year',
      'na_year',
      '2026-12-03',
      '2026-12-03',
      'same_period',
      '2026-10-01',
      '2026-12-03',
      true,
      '2025-10-01',
      '2025-12-03',
    ],
    [
      'year to date (ends today: not cut)',
      'ytd',
      '2026-12-03',
      '2026-12-03',
      'same_period',
      '2026-01-01',
      '2026-12-03',
      false,
      '2025-01-01',
      '2025-12-03',
    ],
    [
      'year to 29 Feb',
      'ytd',
      '2024-02-29',
      '2024-02-29',
      'same_period',
      '2024-01-01',
      '2024-02-29',
      false,
      '2023-01-01',
      '2023-02-28',
    ],
    [
      'reporting year to date',
      'report_ytd',
      '2026-12-03',
      '2026-12-03',
      'same_period',
      '2025-12-15',
      '2026-12-03',
      false,
      '2024-12-15',
      '2025-12-03',
    ],
    [
      'last 7 days',
      'rolling_7',
      '2026-12-03',
      '2026-12-03',
      'same_period',
      '2026-11-27',
      '2026-12-03',
      false,
      '2025-11-27',
      '2025-12-03',
    ],
    [
      'last 28 days over 29 Feb',
      'rolling_28',
      '2024-03-10',
      '2024-03-10',
      'same_period',
      '2024-02-12',
      '2024-03-10',
      false,
      '2023-02-11',
      '2023-03-10',
    ],
    [
      'last 7 days, kỳ trước',
      'rolling_7',
      '2026-12-03',
      '2026-12-03',
      'previous_period',
      '2026-11-27',
      '2026-12-03',
      false,
      '2026-11-20',
      '2026-11-26',
    ],
    [
      'running custom period',
      'custom',
      '2026-11-20|2026-12-31',
      '2026-12-03',
      'same_period',
      '2026-11-20',
      '2026-12-03',
      true,
      '2025-11-20',
      '2025-12-03',
    ],
    [
      'running custom period, kỳ trước 3 days',
      'custom',
      '2026-12-01|2026-12-31',
      '2026-12-03',
      'previous_period',
      '2026-12-01',
      '2026-12-03',
      true,
      '2026-10-31',
      '2026-11-02',
    ],
    [
      'ended custom period from 29 Feb',
      'custom',
      '2024-02-29|2024-03-05',
      '2026-12-03',
      'same_period',
      '2024-02-29',
      '2024-03-05',
      false,
      '2023-02-28',
      '2023-03-05',
    ],
    [
      'period not started yet: whole with whole',
      'report_month',
      '2027-01-20',
      '2026-12-03',
      'same_period',
      '2027-01-15',
      '2027-02-14',
      false,
      '2026-01-15',
      '2026-02-14',
    ],
  ] as const)('%s', (_, kind, date, asOf, comparison, cs, ce, running, ps, pe) => {
    const period =
      kind === 'custom'
        ? customPeriod(date.split('|')[0]!, date.split('|')[1]!)
        : periodContaining(kind as PeriodKind, date);
    const r = likeForLike(period, asOf, comparison as PeriodComparison);
    expect(r.current).toEqual({ start: cs, end: ce });
    expect(r.running).toBe(running);
    expect(r.comparison).toEqual({ start: ps, end: pe });
    expect([r.comparisonPeriod!.start, r.comparisonPeriod!.end]).toEqual([ps, pe]);
  });

  it('should word both ranges: 15/11 – 03/12/2026 so với 15/11 – 03/12/2025', () => {
    const r = likeForLike(periodContaining('report_month', '2026-12-03'), '2026-12-03', 'same_period');
    expect(r.wording).toEqual({
      vi: '15/11 – 03/12/2026 so với 15/11 – 03/12/2025',
      en: '15/11 – 03/12/2026 against 15/11 – 03/12/2025',
    });
    expect(r.comparisonPeriod!.label.vi).toBe('Cùng kỳ (15/11 – 03/12/2025)');
    const jan = likeForLike(periodContaining('report_month', '2026-01-03'), '2026-01-03', 'same_period');
    expect(jan.wording.vi).toBe('15/12/2025 – 03/01/2026 so với 15/12/2024 – 03/01/2025');
    const first = likeForLike(periodContaining('report_month', '2026-11-15'), '2026-11-15', 'same_period');
    expect(first.wording.vi).toBe('15/11/2026 so với 15/11/2025');
    const none = likeForLike(periodContaining('report_month', '2026-12-03'), '2026-12-03', 'none');
    expect(none.comparison).toBeNull();
    expect(none.wording).toEqual({ vi: '15/11 – 03/12/2026', en: '15/11 – 03/12/2026' });
    // An ended period keeps the label of its kind a year earlier.
    const y = likeForLike(periodContaining('report_year', '2024-06-01'), '2026-12-03', 'same_period');
    expect(y.comparisonPeriod!.label.vi).toBe('Năm báo cáo 2023 (15/12/2022–14/12/2023)');
    expect(y.wording.vi).toBe('15/12/2023 – 14/12/2024 so với 15/12/2022 – 14/12/2023');
  });

  it('should format spans', () => {
    expect(formatSpan({ start: '2026-01-01', end: '2026-12-31' })).toBe('01/01 – 31/12/2026');
    expect(formatSpan({ start: '2026-12-03', end: '2026-12-03' })).toBe('03/12/2026');
  });

  describe('properties', () => {
    const dateArb = fc.integer({ min: 0, max: 365 * 30 }).map((n) => addDays('2010-01-01', n));
    const kindArb = fc.constantFrom<PeriodKind>(...TILING_KINDS, 'rolling_7', 'rolling_28', 'ytd', 'report_ytd');
    const offsetArb = fc.integer({ min: -400, max: 400 });

    it('should count from the start to asOf while running, whole otherwise', () => {
      fc.assert(
        fc.property(kindArb, dateArb, offsetArb, (kind, d, off) => {
          const p = periodContaining(kind, d);
          const asOf = addDays(d, off);
          const r = likeForLike(p, asOf, 'none');
          expect(r.current.start).toBe(p.start);
          expect(r.current.end).toBe(r.running ? asOf : p.end);
          expect(r.running).toBe(p.start <= asOf && asOf < p.end);
        }),
      );
    });

    it('should compare a running span with as many days a year earlier (±1 for 29 Feb)', () => {
      fc.assert(
        fc.property(kindArb, dateArb, offsetArb, (kind, d, off) => {
          const r = likeForLike(periodContaining(kind, d), addDays(d, off), 'same_period');
          expect(Math.abs(len(r.comparison!) - len(r.current))).toBeLessThanOrEqual(1);
          expect(diffDays(r.comparison!.end, r.current.end)).toBeGreaterThanOrEqual(365);
          expect(diffDays(r.comparison!.end, r.current.end)).toBeLessThanOrEqual(366);
        }),
      );
    });

    it('should compare with at most as many days of the previous period, ending before the period', () => {
      fc.assert(
        fc.property(kindArb, dateArb, offsetArb, (kind, d, off) => {
          const p = periodContaining(kind, d);
          const r = likeForLike(p, addDays(d, off), 'previous_period');
          expect(r.comparison!.end < p.start).toBe(true);
          expect(diffDays(r.comparison!.end, p.start)).toBeGreaterThanOrEqual(1);
          if (r.running) expect(len(r.comparison!)).toBeLessThanOrEqual(len(r.current));
          else expect(diffDays(r.comparison!.end, p.start)).toBe(1);
        }),
      );
    });
  });
});
