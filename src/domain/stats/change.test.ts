import { describe, expect, it } from 'vitest';
import { CHANGE_LABELS, change, phraseChange } from './change';
import { formatNumberEn, formatNumberVi, formatPercent } from './format';

describe('change', () => {
  it.each([
    // current, previous, absolute, percent, z = 2(√C − √P), label
    [83, 100, -17, -17, 2 * (Math.sqrt(83) - 10), 'normal'], // z ≈ −1.78
    [16, 4, 12, 300, 4, 'significant'], // 2(4 − 2) = 4
    [9, 4, 5, 125, 2, 'normal'], // exactly 2 is not above 2
    [10, 4, 6, 150, 2 * (Math.sqrt(10) - 2), 'notable'], // ≈ 2.32
    [5, 0, 5, null, 2 * Math.sqrt(5), 'significant'], // ≈ 4.47, no percentage on a zero base
    [0, 0, 0, null, 0, 'normal'],
    [0, 9, -9, -100, -6, 'significant'],
    [829, 1000, -171, -17.1, 2 * (Math.sqrt(829) - Math.sqrt(1000)), 'significant'], // ≈ −5.65
  ] as const)('should compare %s with %s', (c, p, absolute, percent, z, label) => {
    const r = change(c, p);
    expect(r.absolute).toBe(absolute);
    if (percent === null) expect(r.percent).toBeNull();
    else expect(r.percent).toBeCloseTo(percent, 10);
    expect(r.z).toBeCloseTo(z, 10);
    expect(r.label).toBe(label);
    expect(CHANGE_LABELS[r.label].vi.length).toBeGreaterThan(0);
  });

  it('should refuse negative or non-finite counts', () => {
    expect(() => change(-1, 3)).toThrow(RangeError);
    expect(() => change(3, Number.NaN)).toThrow(RangeError);
  });

  it.each([
    [829, 1000, {}, 'giảm 17,1% so với cùng kỳ'],
    [63, 60, { style: 'absolute', against: 'none' }, 'tăng 3 vụ (+5,0%)'],
    [63, 60, { style: 'absolute' }, 'tăng 3 vụ (+5,0%) so với cùng kỳ'],
    [57, 60, { style: 'absolute', against: 'previous_period' }, 'giảm 3 vụ (-5,0%) so với kỳ trước'],
    [60, 60, {}, 'bằng cùng kỳ'],
    [60, 60, { against: 'previous_period' }, 'bằng kỳ trước'],
    [4, 0, {}, 'tăng 4 vụ so với cùng kỳ'],
    [2345, 1000, {}, 'tăng 134,5% so với cùng kỳ'],
    [1234, 1, { style: 'absolute', against: 'none', unit: { vi: 'người', en: 'people' } }, 'tăng 1.233 người (+123.300,0%)'],
    [7, 4, { style: 'count' }, 'tăng 3 vụ so với cùng kỳ'], // a small base: no percentage
    [829, 1000, { lang: 'en' }, 'down 17.1% on the same period last year'],
    [63, 60, { lang: 'en', style: 'absolute', against: 'none' }, 'up 3 cases (+5.0%)'],
    [1, 0, { lang: 'en' }, 'up 1 case on the same period last year'],
    [60, 60, { lang: 'en' }, 'the same as the same period last year'],
  ] as const)('should phrase %s vs %s', (c, p, opts, expected) => {
    expect(phraseChange(c, p, opts)).toBe(expected);
  });
});

describe('format', () => {
  it('should format Vietnamese numbers', () => {
    expect(formatNumberVi(1234.5, 1)).toBe('1.234,5');
    expect(formatNumberVi(1234567)).toBe('1.234.567');
    expect(formatNumberVi(999)).toBe('999');
    expect(formatNumberVi(-1234.56, 1)).toBe('-1.234,6');
    expect(formatNumberVi(-0.04, 1)).toBe('0,0');
    expect(formatNumberVi(0.5, 0)).toBe('1'); // toFixed rounding
    expect(formatNumberEn(1234.5, 1)).toBe('1,234.5');
    expect(formatPercent(17.14)).toBe('17,1%');
    expect(formatPercent(17.14, 'en')).toBe('17.1%');
  });
});
