import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addYears,
  assertDate,
  diffDays,
  formatDateVi,
  hcmDateOf,
  hcmEndOfDay,
  hcmStartOfDay,
  isoWeekday,
  toHcmDate,
} from './dates';

describe('dates', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'], // leap year: Feb has 29
    ['2025-01-31', 1, '2025-02-28'],
    ['2025-07-31', 2, '2025-09-30'], // 31st → 30-day month
    ['2025-03-31', -1, '2025-02-28'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2023-12-31', 2, '2024-02-29'],
    ['2025-11-30', 3, '2026-02-28'],
  ])('should add months to %s + %i = %s', (d, m, expected) => {
    expect(addMonths(d, m)).toBe(expected);
  });

  it('should map 29/02 to 28/02 when shifting one year', () => {
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2023-03-01', 1)).toBe('2024-03-01');
  });

  it('should refuse impossible dates', () => {
    expect(() => assertDate('2025-02-29')).toThrow(RangeError);
    expect(() => assertDate('2025-13-01')).toThrow(RangeError);
    expect(() => assertDate('15/12/2024')).toThrow(RangeError);
  });

  it('should give ISO weekdays', () => {
    expect(isoWeekday('2025-01-01')).toBe(3); // Wednesday
    expect(isoWeekday('2024-02-10')).toBe(6); // Saturday (Tết Giáp Thìn)
    expect(isoWeekday('2026-02-22')).toBe(7);
  });

  it('should convert instants to the Hanoi date at UTC+7', () => {
    expect(hcmDateOf('2024-12-14T16:59:59Z')).toBe('2024-12-14');
    expect(hcmDateOf('2024-12-14T17:00:00Z')).toBe('2024-12-15');
    expect(hcmDateOf('2024-12-14T17:30:00Z')).toBe('2024-12-15');
    expect(hcmDateOf('2025-01-01T00:30:00+07:00')).toBe('2025-01-01');
    expect(toHcmDate('2025-03-10')).toBe('2025-03-10');
    expect(() => hcmDateOf('2025-01-01T10:00:00')).toThrow(RangeError); // no zone: ambiguous
  });

  it('should give 00:00 and 24:00 Hanoi as UTC instants', () => {
    expect(hcmStartOfDay('2025-01-15')).toBe('2025-01-14T17:00:00.000Z');
    expect(hcmEndOfDay('2025-01-15')).toBe('2025-01-15T17:00:00.000Z');
  });

  it('should format dates the Vietnamese way', () => {
    expect(formatDateVi('2026-01-05')).toBe('05/01/2026');
  });

  it('should keep addDays and diffDays inverse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40000 }), fc.integer({ min: -5000, max: 5000 }), (base, n) => {
        const d = addDays('1970-01-01', base);
        expect(diffDays(d, addDays(d, n))).toBe(n);
      }),
    );
  });
});
