import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadHanoiBoundaries } from '../areas/test-data.fixture';
import { roundRing, simplifyGeometry, simplifyLine, simplifyRing } from './simplify';
import { polygonsOf, type AreaGeometry } from './types';

const isValidRing = (ring: readonly (readonly number[])[]) =>
  ring.length >= 4 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1];

describe('simplify', () => {
  it('should drop points closer to the chord than the tolerance and keep the others', () => {
    expect(
      simplifyLine(
        [
          [0, 0],
          [1, 0.01],
          [2, 0],
          [3, 5],
          [4, 0],
        ],
        0.1,
      ),
    ).toEqual([
      [0, 0],
      [2, 0],
      [3, 5],
      [4, 0],
    ]);
  });

  it('should keep a tiny ring a valid closed ring of at least 4 positions', () => {
    const ring = [
      [0, 0],
      [1e-6, 0],
      [1e-6, 1e-6],
      [0, 1e-6],
      [0, 0],
    ];
    const out = simplifyRing(ring, 1);
    expect(isValidRing(out)).toBe(true);
    expect(
      isValidRing(
        simplifyRing(
          [
            [0, 0],
            [1, 0],
            [1, 1],
          ],
          10,
        ),
      ),
    ).toBe(true); // unclosed input gets closed
  });

  it('should keep every random ring valid and inside the tolerance band', () => {
    const ringArb = fc
      .array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), {
        minLength: 3,
        maxLength: 60,
      })
      .map((pts) => [...pts, pts[0]!]);
    fc.assert(
      fc.property(ringArb, fc.double({ min: 0, max: 2, noNaN: true }), (ring, tolerance) => {
        const out = simplifyRing(ring, tolerance);
        const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`)).size;
        if (distinct >= 3) expect(isValidRing(out)).toBe(true);
        for (const p of out) expect(ring.some((q) => q[0] === p[0] && q[1] === p[1])).toBe(true); // a subset of the input
      }),
    );
  });

  it('should simplify every Hanoi commune into valid rings with far fewer positions, rounded to 5 decimals', () => {
    const hanoi = loadHanoiBoundaries();
    let before = 0;
    let after = 0;
    for (const f of hanoi.features) {
      const g = f.geometry as AreaGeometry;
      const s = simplifyGeometry(g, { tolerance: 0.0001, decimals: 5 });
      for (const [p, polygon] of polygonsOf(s).entries()) {
        expect(polygon.length).toBe(polygonsOf(g)[p]!.length);
        for (const ring of polygon) {
          expect(isValidRing(ring)).toBe(true);
          for (const pos of ring) expect(Math.round(pos[0]! * 1e5) / 1e5).toBe(pos[0]);
          after += ring.length;
        }
      }
      for (const polygon of polygonsOf(g)) for (const ring of polygon) before += ring.length;
    }
    expect(after).toBeLessThan(before / 4);
  });

  it('should not let rounding collapse a ring', () => {
    const ring: [number, number][] = [
      [0, 0],
      [1e-7, 0],
      [1e-7, 1e-7],
      [0, 0],
    ];
    expect(isValidRing(roundRing(ring, 5))).toBe(true);
  });
});
