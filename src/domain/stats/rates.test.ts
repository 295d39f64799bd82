import { describe, expect, it } from 'vitest';
import { attachRates, latestFigures, ratePer10k } from './rates';

describe('ratePer10k', () => {
  it('should be count × 10,000 / population', () => {
    expect(ratePer10k(17, 34_000)).toBe(5);
    expect(ratePer10k(1, 3)).toBeCloseTo(3333.333, 3);
    expect(ratePer10k(0, 12_345)).toBe(0);
  });

  it('should be null when the population is unknown or not positive', () => {
    expect(ratePer10k(5, null)).toBeNull();
    expect(ratePer10k(5, undefined)).toBeNull();
    expect(ratePer10k(5, 0)).toBeNull();
    expect(ratePer10k(5, -10)).toBeNull();
    expect(ratePer10k(5, Number.NaN)).toBeNull();
  });
});

describe('attachRates', () => {
  it('should add a rate per row, count the rows without a population and name the years used', () => {
    const pop = new Map([
      ['00004', { population: 50_000, year: 2025 }],
      ['00008', { population: 20_000, year: 2024 }],
    ]);
    const r = attachRates(
      [
        { key: '00004', current: 10 },
        { key: '00008', current: 3 },
        { key: '09999', current: 7 },
      ],
      pop,
    );
    expect(r.rows.map((x) => x.rate)).toEqual([2, 1.5, null]);
    expect(r.missing).toBe(1);
    expect(r.years).toEqual([2024, 2025]);
  });
});

describe('latestFigures', () => {
  it("should take each commune's latest year not after the given year", () => {
    const rows = [
      { code: 'a', year: 2023, population: 1 },
      { code: 'a', year: 2025, population: 2 },
      { code: 'a', year: 2027, population: 3 },
      { code: 'b', year: 2026, population: 4 },
    ];
    const m = latestFigures(rows, 2026);
    expect(m.get('a')?.population).toBe(2);
    expect(m.get('b')?.population).toBe(4);
    expect(latestFigures(rows, 2024).get('a')?.population).toBe(1);
    expect(latestFigures(rows, 2022).size).toBe(0);
  });
});
