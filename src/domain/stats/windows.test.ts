import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/dates';
import { rangeShift, type DateRange } from './windows';

const inRange = (d: string, r: DateRange) => d >= r.from && d <= r.to;
const count = (d: string, rs: DateRange[]) => rs.filter((r) => inRange(d, r)).length;

describe('rangeShift', () => {
  it('should move a rolling window by one day: one day in, one day out', () => {
    expect(rangeShift({ from: '2026-02-10', to: '2026-03-09' }, { from: '2026-02-11', to: '2026-03-10' })).toEqual({
      add: [{ from: '2026-03-10', to: '2026-03-10' }],
      remove: [{ from: '2026-02-10', to: '2026-02-10' }],
      reset: false,
    });
  });

  it('should grow a year-to-date window by its new day only', () => {
    expect(rangeShift({ from: '2026-01-01', to: '2026-03-09' }, { from: '2026-01-01', to: '2026-03-10' })).toEqual({
      add: [{ from: '2026-03-10', to: '2026-03-10' }],
      remove: [],
      reset: false,
    });
  });

  it('should reset when the new year starts (no overlap) and fill when there was nothing', () => {
    expect(rangeShift({ from: '2025-01-01', to: '2025-12-31' }, { from: '2026-01-01', to: '2026-01-01' })).toEqual({
      add: [{ from: '2026-01-01', to: '2026-01-01' }],
      remove: [{ from: '2025-01-01', to: '2025-12-31' }],
      reset: true,
    });
    expect(rangeShift(null, { from: '2026-01-01', to: '2026-03-10' })).toEqual({ add: [{ from: '2026-01-01', to: '2026-03-10' }], remove: [], reset: false });
  });

  it('should cut both ends when the new range lies inside the old one (the clock moved back)', () => {
    expect(rangeShift({ from: '2026-01-01', to: '2026-01-31' }, { from: '2026-01-10', to: '2026-01-20' })).toEqual({
      add: [],
      remove: [
        { from: '2026-01-01', to: '2026-01-09' },
        { from: '2026-01-21', to: '2026-01-31' },
      ],
      reset: false,
    });
  });

  it('should refuse an empty range', () => {
    expect(() => rangeShift(null, { from: '2026-01-02', to: '2026-01-01' })).toThrow(RangeError);
  });

  it('should satisfy [d ∈ next] − [d ∈ old] = [d ∈ add] − [d ∈ remove] for every day (property)', () => {
    const day = fc.integer({ min: 0, max: 120 }).map((n) => addDays('2025-12-01', n));
    const range = fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));
    fc.assert(
      fc.property(fc.option(range, { nil: null }), range, (old, next) => {
        const s = rangeShift(old, next);
        for (let n = -5; n <= 126; n++) {
          const d = addDays('2025-12-01', n);
          const want = (inRange(d, next) ? 1 : 0) - (old && inRange(d, old) ? 1 : 0);
          expect(count(d, s.add) - count(d, s.remove)).toBe(want);
          // Disjoint pieces: no day is added twice or removed twice.
          expect(count(d, s.add)).toBeLessThanOrEqual(1);
          expect(count(d, s.remove)).toBeLessThanOrEqual(1);
        }
        expect(s.reset).toBe(old !== null && (old.to < next.from || next.to < old.from));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
