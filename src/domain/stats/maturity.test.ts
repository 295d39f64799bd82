import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, diffDays } from '../calendar/dates';
import { periodContaining, previousPeriod, sameLastYear, type PeriodKind } from '../periods';
import { expectedFinalRate, judgeRateTarget, maturingNote, maturityOf, MATURITY_RULES } from './maturity';

describe('maturityOf', () => {
  // [what, today, period end, comparison end, as-of, comparison cut-off, maturing]
  const CASES: [string, string, string, string | null, string, string | null, boolean][] = [
    [
      'running reporting month, whole cùng kỳ range (before like-for-like ranges)',
      '2026-12-03',
      '2026-12-14',
      '2025-12-14',
      '2026-12-03',
      '2025-12-14',
      true,
    ],
    [
      'running reporting month, like-for-like cùng kỳ range',
      '2026-12-03',
      '2026-12-14',
      '2025-12-03',
      '2026-12-03',
      '2025-12-03',
      true,
    ],
    ['last day of a reporting month', '2026-12-14', '2026-12-14', '2025-12-14', '2026-12-14', '2025-12-14', true],
    ['first day after a reporting month', '2026-12-15', '2026-12-14', '2025-12-14', '2026-12-14', '2025-12-15', true],
    [
      'reporting year 2025 read on 03/12/2026',
      '2026-12-03',
      '2025-12-14',
      '2024-12-14',
      '2025-12-14',
      '2025-12-03',
      false,
    ],
    [
      'ended 4 months ago to the day: settled',
      '2026-04-14',
      '2025-12-14',
      '2024-12-14',
      '2025-12-14',
      '2025-04-14',
      false,
    ],
    [
      'ended 4 months less a day ago: maturing',
      '2026-04-13',
      '2025-12-14',
      '2024-12-14',
      '2025-12-14',
      '2025-04-13',
      true,
    ],
    [
      '29/02 as-of: cùng kỳ range ends 28/02',
      '2028-02-29',
      '2028-03-14',
      '2027-02-28',
      '2028-02-29',
      '2027-02-28',
      true,
    ],
    ['lag across 29/02 is counted in days', '2024-03-01', '2024-02-14', '2023-02-14', '2024-02-14', '2023-03-02', true],
    [
      '31/10 + 4 months ends on 28/02 (month rule)',
      '2027-02-27',
      '2026-10-31',
      '2025-10-31',
      '2026-10-31',
      '2026-02-27',
      true,
    ],
    ['31/10 + 4 months: 28/02 is settled', '2027-02-28', '2026-10-31', '2025-10-31', '2026-10-31', '2026-02-28', false],
    ['previous period of an ended month', '2026-12-03', '2026-10-31', '2026-09-30', '2026-10-31', '2026-11-02', true],
    ['no comparison', '2026-12-03', '2026-12-14', null, '2026-12-03', null, true],
    [
      'a period in the future: nothing counted yet',
      '2026-12-03',
      '2027-01-14',
      '2026-01-14',
      '2026-12-03',
      '2026-01-14',
      true,
    ],
  ];
  it.each(CASES)('%s', (_what, today, end, cmpEnd, asOf, cut, maturing) => {
    const m = maturityOf({ basis: 'clearance', today, periodEnd: end, comparisonEnd: cmpEnd });
    expect(m).toMatchObject({ asOf, cutoff: today, comparisonCutoff: cut, maturing });
  });

  it('should keep the comparison at the same distance from its range as the current side, never after today', () => {
    const kinds: PeriodKind[] = [
      'report_month',
      'report_quarter',
      'report_year',
      'month',
      'quarter',
      'year',
      'ytd',
      'rolling_28',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 900 }),
        fc.boolean(),
        (kind, d, lag, same) => {
          const date = addDays('2020-01-01', d);
          const period = periodContaining(kind, date);
          const cmp = same ? sameLastYear(period) : previousPeriod(period);
          const today = addDays(period.end, lag - 400);
          const m = maturityOf({ basis: 'report_resolution', today, periodEnd: period.end, comparisonEnd: cmp.end });
          expect(m.asOf <= today && m.asOf <= period.end).toBe(true);
          expect(m.comparisonCutoff! <= today).toBe(true);
          expect(diffDays(cmp.end, m.comparisonCutoff!)).toBe(
            Math.min(diffDays(m.asOf, today), diffDays(cmp.end, today)),
          );
          expect(m.maturing).toBe(today < m.maturingUntil);
          if (today < period.end) expect(m.maturing).toBe(true);
        },
      ),
    );
  });

  it('should take its months from rule data with a source', () => {
    expect(MATURITY_RULES.report_resolution.months).toBe(4);
    expect(MATURITY_RULES.clearance.source.vi).toMatch(/Điều 172/);
    const m = maturityOf({
      basis: 'clearance',
      today: '2026-02-01',
      periodEnd: '2025-12-31',
      comparisonEnd: '2024-12-31',
      rules: { ...MATURITY_RULES, clearance: { ...MATURITY_RULES.clearance, months: 1 } },
    });
    expect(m).toMatchObject({ maturing: false, maturingUntil: '2026-01-31' });
    expect(maturingNote(m)).toBeNull();
    const running = maturityOf({
      basis: 'clearance',
      today: '2026-12-03',
      periodEnd: '2026-12-14',
      comparisonEnd: null,
    });
    expect(maturingNote(running)!.vi).toContain('03/04/2027');
  });
});

describe('expectedFinalRate and judgeRateTarget', () => {
  it('should apply the share of last year’s open cases cleared later to the current open cases', () => {
    // Last year at the same point 137/200 (63 open), 171/200 final: 34 of 63 open ones were cleared later.
    const e = expectedFinalRate({ num: 68, den: 100 }, { num: 137, den: 200 }, { num: 171, den: 200 })!;
    expect(e).toBeCloseTo(68 + 32 * (34 / 63), 9);
    // Nothing open last year, nothing more expected.
    expect(expectedFinalRate({ num: 5, den: 10 }, { num: 4, den: 4 }, { num: 4, den: 4 })).toBe(50);
    expect(expectedFinalRate({ num: 0, den: 0 }, { num: 4, den: 4 }, { num: 4, den: 4 })).toBeNull();
    expect(expectedFinalRate({ num: 1, den: 2 }, { num: 0, den: 0 }, { num: 0, den: 0 })).toBeNull();
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(50), (cn, co, mn, later, mo) => {
        const e2 = expectedFinalRate(
          { num: cn, den: cn + co },
          { num: mn, den: mn + later + mo },
          { num: mn + later, den: mn + later + mo },
        );
        if (cn + co === 0 || mn + later + mo === 0) return expect(e2).toBeNull();
        expect(e2!).toBeGreaterThanOrEqual((cn / (cn + co)) * 100 - 1e-9);
        expect(e2!).toBeLessThanOrEqual(100 + 1e-9);
      }),
    );
  });

  it('should never read "not met" only because the cases are recent', () => {
    const j = (current: number | null, expected: number | null, maturing: boolean) =>
      judgeRateTarget({ current, expected, maturing, op: '>', value: 75 });
    expect(j(80, null, true)).toBe('met');
    expect(j(68.4, 86, true)).toBe('on_track');
    expect(j(68.4, 70, true)).toBe('at_risk');
    expect(j(68.4, null, true)).toBe('maturing');
    expect(j(68.4, 86, false)).toBe('missed');
    expect(j(null, null, true)).toBeNull();
  });
});
