import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, diffDays } from '../calendar/dates';
import {
  TILING_KINDS,
  contains,
  customPeriod,
  lengthInDays,
  periodContaining,
  previousPeriod,
  sameLastYear,
  toInstantRange,
  type PeriodKind,
} from './periods';

describe('periods', () => {
  it.each([
    // kind, date, start, end, Vietnamese label
    ['report_month', '2025-01-14', '2024-12-15', '2025-01-14', 'Tháng 1/2025 (15/12/2024–14/01/2025)'],
    ['report_month', '2024-12-15', '2024-12-15', '2025-01-14', 'Tháng 1/2025 (15/12/2024–14/01/2025)'],
    ['report_month', '2024-12-14', '2024-11-15', '2024-12-14', 'Tháng 12/2024 (15/11/2024–14/12/2024)'],
    ['report_month', '2024-03-14', '2024-02-15', '2024-03-14', 'Tháng 3/2024 (15/02/2024–14/03/2024)'],
    ['report_month', '2024-02-29', '2024-02-15', '2024-03-14', 'Tháng 3/2024 (15/02/2024–14/03/2024)'],
    ['report_month', '2024-02-14', '2024-01-15', '2024-02-14', 'Tháng 2/2024 (15/01/2024–14/02/2024)'],
    ['report_quarter', '2025-01-01', '2024-12-15', '2025-03-14', 'Quý I/2025 (15/12/2024–14/03/2025)'],
    ['report_quarter', '2025-03-15', '2025-03-15', '2025-06-14', 'Quý II/2025 (15/03/2025–14/06/2025)'],
    ['report_quarter', '2025-12-14', '2025-09-15', '2025-12-14', 'Quý IV/2025 (15/09/2025–14/12/2025)'],
    ['report_half', '2025-06-14', '2024-12-15', '2025-06-14', '6 tháng đầu năm 2025 (15/12/2024–14/06/2025)'],
    ['report_half', '2025-06-15', '2025-06-15', '2025-12-14', '6 tháng cuối năm 2025 (15/06/2025–14/12/2025)'],
    ['report_year', '2024-12-14', '2023-12-15', '2024-12-14', 'Năm báo cáo 2024 (15/12/2023–14/12/2024)'],
    ['report_year', '2024-12-15', '2024-12-15', '2025-12-14', 'Năm báo cáo 2025 (15/12/2024–14/12/2025)'],
    ['report_year', '2024-01-01', '2023-12-15', '2024-12-14', 'Năm báo cáo 2024 (15/12/2023–14/12/2024)'],
    ['month', '2024-02-10', '2024-02-01', '2024-02-29', 'Tháng 2/2024 (01/02/2024–29/02/2024)'],
    ['month', '2025-02-10', '2025-02-01', '2025-02-28', 'Tháng 2/2025 (01/02/2025–28/02/2025)'],
    ['quarter', '2025-05-31', '2025-04-01', '2025-06-30', 'Quý II/2025 (01/04/2025–30/06/2025)'],
    ['year', '2025-07-01', '2025-01-01', '2025-12-31', 'Năm 2025 (01/01/2025–31/12/2025)'],
    ['na_year', '2025-09-30', '2024-10-01', '2025-09-30', 'Kỳ báo cáo Quốc hội 2024–2025 (01/10/2024–30/09/2025)'],
    ['na_year', '2025-10-01', '2025-10-01', '2026-09-30', 'Kỳ báo cáo Quốc hội 2025–2026 (01/10/2025–30/09/2026)'],
    ['rolling_7', '2025-01-03', '2024-12-28', '2025-01-03', '7 ngày đến 03/01/2025 (28/12/2024–03/01/2025)'],
    ['rolling_28', '2024-03-10', '2024-02-12', '2024-03-10', '28 ngày đến 10/03/2024 (12/02/2024–10/03/2024)'],
    ['ytd', '2024-02-29', '2024-01-01', '2024-02-29', 'Từ đầu năm 2024 đến 29/02/2024 (01/01/2024–29/02/2024)'],
    ['report_ytd', '2025-01-20', '2024-12-15', '2025-01-20', 'Từ đầu năm báo cáo 2025 đến 20/01/2025 (15/12/2024–20/01/2025)'],
  ] as const)('should put %s containing %s at %s–%s', (kind, date, start, end, vi) => {
    const p = periodContaining(kind, date);
    expect([p.start, p.end]).toEqual([start, end]);
    expect(p.label.vi).toBe(vi);
    expect(p.label.en.length).toBeGreaterThan(0);
  });

  it('should read instants in Hanoi time: 2024-12-14T17:30Z is 15/12 → next reporting year', () => {
    const p = periodContaining('report_year', '2024-12-14T17:30:00Z');
    expect(p.label.vi).toBe('Năm báo cáo 2025 (15/12/2024–14/12/2025)');
    expect(periodContaining('report_year', '2024-12-14T16:59:59Z').start).toBe('2023-12-15');
    expect(periodContaining('month', '2024-12-31T17:00:00Z').start).toBe('2025-01-01');
    expect(periodContaining('na_year', '2025-09-30T17:00:00Z').start).toBe('2025-10-01');
  });

  it('should give UTC instant ranges [00:00 +07, end + 1 00:00 +07)', () => {
    expect(toInstantRange(periodContaining('report_month', '2025-01-01'))).toEqual({
      start: '2024-12-14T17:00:00.000Z',
      endExclusive: '2025-01-14T17:00:00.000Z',
    });
  });

  it('should compare with the same period last year', () => {
    const y = sameLastYear(periodContaining('report_year', '2024-06-01'));
    expect(y.label.vi).toBe('Năm báo cáo 2023 (15/12/2022–14/12/2023)');
    const feb = sameLastYear(periodContaining('month', '2024-02-10'));
    expect([feb.start, feb.end]).toEqual(['2023-02-01', '2023-02-28']);
    const ytd = sameLastYear(periodContaining('ytd', '2024-02-29'));
    expect([ytd.start, ytd.end]).toEqual(['2023-01-01', '2023-02-28']);
    const r = sameLastYear(periodContaining('rolling_28', '2025-03-10'));
    expect([r.start, r.end]).toEqual(['2024-02-12', '2024-03-10']);
    const c = sameLastYear(customPeriod('2024-02-29', '2024-03-05'));
    expect([c.start, c.end]).toEqual(['2023-02-28', '2023-03-05']);
  });

  it('should step to the previous period', () => {
    const q1 = previousPeriod(periodContaining('report_quarter', '2025-04-01'));
    expect(q1.label.vi).toBe('Quý I/2025 (15/12/2024–14/03/2025)');
    const dec = previousPeriod(periodContaining('report_month', '2025-01-01'));
    expect([dec.start, dec.end]).toEqual(['2024-11-15', '2024-12-14']);
    const c = previousPeriod(customPeriod('2025-03-01', '2025-03-10'));
    expect([c.start, c.end]).toEqual(['2025-02-19', '2025-02-28']);
  });

  it('should refuse a custom period that ends before it starts', () => {
    expect(() => customPeriod('2025-03-10', '2025-03-01')).toThrow(RangeError);
  });

  describe('properties', () => {
    const dateArb = fc.integer({ min: 0, max: 365 * 30 }).map((n) => addDays('2010-01-01', n));
    const anyKind = fc.constantFrom<PeriodKind>(...TILING_KINDS, 'rolling_7', 'rolling_28', 'ytd', 'report_ytd');

    it('should contain the date it was built from', () => {
      fc.assert(fc.property(anyKind, dateArb, (kind, d) => contains(periodContaining(kind, d), d)));
    });

    it('should keep the same length ±1 day (leap years) one year back', () => {
      fc.assert(
        fc.property(anyKind, dateArb, (kind, d) => {
          const p = periodContaining(kind, d);
          expect(Math.abs(lengthInDays(sameLastYear(p)) - lengthInDays(p))).toBeLessThanOrEqual(1);
        }),
      );
    });

    it('should end the previous period the day before the start', () => {
      fc.assert(
        fc.property(anyKind, dateArb, (kind, d) => {
          const p = periodContaining(kind, d);
          expect(diffDays(previousPeriod(p).end, p.start)).toBe(1);
        }),
      );
    });

    it('should tile the timeline without gaps or overlaps', () => {
      fc.assert(
        fc.property(fc.constantFrom(...TILING_KINDS), dateArb, (kind, d) => {
          const p = periodContaining(kind, d);
          const next = periodContaining(kind, addDays(p.end, 1));
          expect(next.start).toBe(addDays(p.end, 1));
          // every day of p maps back to p
          for (const day of [p.start, p.end, addDays(p.start, Math.floor(lengthInDays(p) / 2))]) {
            expect(periodContaining(kind, day)).toEqual(p);
          }
          expect(previousPeriod(next)).toEqual(p);
        }),
      );
    });

    it('should give contiguous instant ranges of 24-hour days', () => {
      fc.assert(
        fc.property(fc.constantFrom(...TILING_KINDS), dateArb, (kind, d) => {
          const p = periodContaining(kind, d);
          const r = toInstantRange(p);
          expect(toInstantRange(periodContaining(kind, addDays(p.end, 1))).start).toBe(r.endExclusive);
          expect((Date.parse(r.endExclusive) - Date.parse(r.start)) / 86_400_000).toBe(lengthInDays(p));
        }),
      );
    });
  });
});
