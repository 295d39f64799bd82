import { describe, expect, it } from 'vitest';
import { syntheticPopulation, validatePopulationRows } from './population';

const isCommune = (code: string, validFrom: string) => validFrom === '2025-07-01' && ['00004', '00008'].includes(code);
const ctx = { isCommune, maxYear: 2027, rowLabel: (i: number) => i + 2 };
const ok = { area_code: '00004', valid_from: '2025-07-01', year: '2025', population: '52000', source: 'Cục Thống kê' };

describe('validatePopulationRows', () => {
  it('should accept good rows, as text or numbers', () => {
    const r = validatePopulationRows([ok, { ...ok, area_code: '00008', year: 2026, population: 1 }], ctx);
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([
      { areaCode: '00004', areaValidFrom: '2025-07-01', year: 2025, population: 52000, source: 'Cục Thống kê' },
      { areaCode: '00008', areaValidFrom: '2025-07-01', year: 2026, population: 1, source: 'Cục Thống kê' },
    ]);
  });

  it('should name the row and the column of every problem, in Vietnamese and English, and keep no row', () => {
    const r = validatePopulationRows(
      [
        ok,
        { ...ok, area_code: '00009' },
        { ...ok, year: '1850' },
        { ...ok, year: '2025.5', population: '0' },
        { ...ok, year: 2026, population: '12,5' },
        { ...ok, year: 2027, population: '-3' },
        { ...ok },
        { ...ok, source: ' ', valid_from: '2025-02-30' },
      ],
      ctx,
    );
    expect(r.rows).toEqual([]);
    const got = r.problems.map((p) => [p.index, p.column]);
    expect(got).toEqual([
      [1, 'area_code'],
      [2, 'year'],
      [3, 'year'],
      [3, 'population'],
      [4, 'population'],
      [5, 'population'],
      [6, 'area_code'],
      [7, 'valid_from'],
      [7, 'source'],
    ]);
    expect(r.problems[0]!.vi).toBe('Dòng 3, cột area_code: không có xã, phường mã 00009 hiệu lực từ ngày 2025-07-01');
    expect(r.problems[0]!.en).toContain('Row 3, column area_code');
    expect(r.problems[6]!.vi).toContain('trùng với dòng 2');
    expect(r.problems[1]!.en).toContain('outside 1979–2027');
  });
});

describe('syntheticPopulation', () => {
  it('should share the total exactly, deterministically, wards denser than communes', () => {
    const communes = Array.from({ length: 126 }, (_, i) => ({ code: String(i * 7).padStart(5, '0'), type: i % 2 ? 'phuong' : 'xa' }));
    const a = syntheticPopulation(communes, 8_500_000);
    const b = syntheticPopulation([...communes].reverse(), 8_500_000);
    expect([...a.values()].reduce((s, n) => s + n, 0)).toBe(8_500_000);
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    expect([...a.values()].every((n) => n > 0 && Number.isInteger(n))).toBe(true);
    const mean = (t: string) => {
      const v = communes.filter((c) => c.type === t).map((c) => a.get(c.code)!);
      return v.reduce((s, n) => s + n, 0) / v.length;
    };
    expect(mean('phuong')).toBeGreaterThan(mean('xa'));
  });
});
