import { describe, expect, it } from 'vitest';
import {
  formatFraction,
  formatInterval,
  isTooFewCases,
  rankByRate,
  showsPercentChange,
  SMALL_NUMBER_DEFAULTS,
  wilsonInterval,
} from './small-numbers';

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17:857–872,
  // table I, method 3 (Wilson score interval without continuity correction), to 4 decimals.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('should give the published interval for %s/%s', (k, n, low, high) => {
    const i = wilsonInterval(k, n)!;
    expect(i.low).toBeCloseTo(low, 4);
    expect(i.high).toBeCloseTo(high, 4);
  });

  it('should give the closed forms at the ends: 0/n → [0, z²/(n + z²)], n/n → [n/(n + z²), 1]', () => {
    // By hand: z² = 1.95996² = 3.84146; 3.84146 / 13.84146 = 0.27753; 10 / 13.84146 = 0.72247.
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.27753, 5) });
    expect(wilsonInterval(10, 10)).toEqual({ low: expect.closeTo(0.72247, 5), high: 1 });
  });

  it('should be symmetric around ½ at 5/10 and contain p̂ (12/14 = 85,7%: 60,1–96,0%)', () => {
    const half = wilsonInterval(5, 10)!;
    expect(half.low + half.high).toBeCloseTo(1, 12);
    expect(half.low).toBeCloseTo(0.2366, 4);
    const i = wilsonInterval(12, 14)!;
    expect(i.low).toBeLessThan(12 / 14);
    expect(i.high).toBeGreaterThan(12 / 14);
    expect(formatInterval(i, 'vi')).toBe('60,1–96,0%');
    expect(formatInterval(i, 'en')).toBe('60.1–96.0%');
  });

  it('should narrow as the cases grow at the same rate', () => {
    const w = (k: number, n: number) => {
      const i = wilsonInterval(k, n)!;
      return i.high - i.low;
    };
    expect(w(6, 8)).toBeGreaterThan(w(60, 80));
    expect(w(60, 80)).toBeGreaterThan(w(600, 800));
  });

  it('should have no interval without cases and refuse impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(Number.NaN, 2)).toThrow(RangeError);
  });
});

describe('thresholds', () => {
  it('should call fewer than 10 cases too few by default, and follow a given threshold', () => {
    expect(SMALL_NUMBER_DEFAULTS.minCases).toBe(10);
    expect(isTooFewCases(9)).toBe(true);
    expect(isTooFewCases(10)).toBe(false);
    expect(isTooFewCases(10, 20)).toBe(true);
    expect(isTooFewCases(0, 1)).toBe(true);
  });

  it('should show a percentage change only on a base of at least the threshold (never on 0)', () => {
    expect(showsPercentChange(9)).toBe(false);
    expect(showsPercentChange(10)).toBe(true);
    expect(showsPercentChange(0, 0)).toBe(false);
    expect(showsPercentChange(1, 1)).toBe(true);
    expect(showsPercentChange(25, 30)).toBe(false);
  });
});

describe('rankByRate', () => {
  const rows = [
    { key: 'a', num: 3, den: 3 }, // 100% on 3 cases: too few
    { key: 'b', num: 45, den: 50 }, // 90%
    { key: 'c', num: 9, den: 10 }, // 90% on exactly 10: ranked, tie with b broken by key
    { key: 'd', num: 0, den: 0 }, // no case at all
    { key: 'e', num: 70, den: 100 }, // 70%
    { key: 'f', num: 1, den: 4 }, // 25% on 4: too few
  ];
  const f = {
    num: (r: (typeof rows)[number]) => r.num,
    den: (r: (typeof rows)[number]) => r.den,
    key: (r: (typeof rows)[number]) => r.key,
  };

  it('should rank the rows with enough cases and set the others apart, keeping every row', () => {
    const r = rankByRate(rows, f);
    expect(r.ranked.map((x) => x.key)).toEqual(['b', 'c', 'e']);
    expect(r.tooFew.map((x) => x.key)).toEqual(['a', 'f', 'd']);
  });

  it('should follow the threshold given', () => {
    const r = rankByRate(rows, f, 3);
    expect(r.ranked.map((x) => x.key)).toEqual(['a', 'b', 'c', 'e', 'f']);
    expect(r.tooFew.map((x) => x.key)).toEqual(['d']);
  });
});

describe('formatFraction', () => {
  it('should write the counts behind a rate', () => {
    expect(formatFraction(12, 14, 'vi')).toBe('12/14 vụ');
    expect(formatFraction(1234, 1500, 'vi')).toBe('1.234/1.500 vụ');
    expect(formatFraction(1234, 1500, 'en')).toBe('1,234/1,500 cases');
    expect(formatFraction(3, 4, 'vi', { vi: 'tin', en: 'reports' })).toBe('3/4 tin');
  });
});
