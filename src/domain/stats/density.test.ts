import { describe, expect, it } from 'vitest';
import { densityCells } from './density';

describe('densityCells', () => {
  const step = { dLon: 0.01, dLat: 0.02 };

  it('should place cell centres, largest first, and count points without a cell apart', () => {
    const r = densityCells(
      [
        { row: 1050, col: 10580, n: 3 },
        { row: 1051, col: 10581, n: 9 },
        { row: null, col: null, n: 4 },
      ],
      step,
    );
    expect(r.cells).toEqual([
      [105.815, 21.03, 9],
      [105.805, 21.01, 3],
    ]);
    expect(r.total).toBe(12);
    expect(r.withoutPoint).toBe(4);
    expect(r.truncated).toBe(0);
    expect(r.maxCount).toBe(9);
  });

  it('should cut to the limit, keeping the total and saying how many cells were left out', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ row: i, col: -i, n: i + 1 }));
    const r = densityCells(rows, step, 4);
    expect(r.cells.map((c) => c[2])).toEqual([10, 9, 8, 7]);
    expect(r.truncated).toBe(6);
    expect(r.total).toBe(55);
  });

  it('should merge rows of the same cell and drop empty ones', () => {
    const r = densityCells(
      [
        { row: 2, col: 3, n: 1 },
        { row: 2, col: 3, n: 2 },
        { row: 4, col: 4, n: 0 },
      ],
      step,
    );
    expect(r.cells).toEqual([[0.035, 0.05, 3]]);
  });
});
