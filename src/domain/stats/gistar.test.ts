import { describe, expect, it } from 'vitest';
import { BIN_LABELS, adjacencyWeights, benjaminiHochbergThreshold, giStar, giStarCounts, gridWeights } from './gistar';
import { normalCdf, twoSidedP } from './normal';
import { mulberry32, poisson } from './random';

describe('normal', () => {
  it('should give standard normal tail probabilities', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(2.575829)).toBeCloseTo(0.01, 6);
    expect(twoSidedP(1.644854)).toBeCloseTo(0.1, 6);
    expect(twoSidedP(-3)).toBeCloseTo(0.0026998, 6);
    expect(twoSidedP(0)).toBe(1);
  });
});

describe('Benjamini–Hochberg', () => {
  it('should find the largest p under the step-up line', () => {
    // m = 4, α = 0.05: lines 0.0125, 0.025, 0.0375, 0.05 → only 0.01 passes.
    expect(benjaminiHochbergThreshold([0.01, 0.04, 0.03, 0.2], 0.05)).toBe(0.01);
    // 0.04 ≤ 3·0.05/4 = 0.0375? no; 0.03 ≤ 0.025? no → 0.01. Make the third pass:
    expect(benjaminiHochbergThreshold([0.01, 0.02, 0.035, 0.2], 0.05)).toBe(0.035);
    expect(benjaminiHochbergThreshold([0.5, 0.6], 0.05)).toBe(-1);
  });
});

describe('weights', () => {
  it('should build queen and rook grid neighbourhoods including self', () => {
    const q = gridWeights(3, 3);
    expect(q.neighbours[4]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(q.neighbours[0]).toEqual([0, 1, 3, 4]);
    expect(gridWeights(3, 3, { contiguity: 'rook' }).neighbours[4]).toEqual([1, 3, 4, 5, 7]);
  });

  it('should symmetrise an adjacency list and refuse unknown ids', () => {
    const w = adjacencyWeights(['a', 'b', 'c'], { a: ['b'], c: [] });
    expect(w.neighbours).toEqual([[0, 1], [0, 1], [2]]);
    expect(() => adjacencyWeights(['a'], { a: ['x'] })).toThrow(RangeError);
  });
});

describe('Gi*', () => {
  it('should match a hand computation', () => {
    // values 1,2,3 on a line; mean 2, S = √(14/3 − 4) = √(2/3).
    // i = 0: neighbours {0,1}: (3 − 2·2) / (S·√((3·2 − 4)/2)) = −1/√(2/3) = −1.2247.
    // i = 1: neighbours {0,1,2}: numerator 0 and (3·3 − 9) = 0 → 0.
    const w = { neighbours: [[0, 1], [0, 1, 2], [1, 2]] };
    const r = giStar([1, 2, 3], w);
    expect(r.z[0]).toBeCloseTo(-1.224745, 5);
    expect(r.z[1]).toBe(0);
    expect(r.z[2]).toBeCloseTo(1.224745, 5);
    expect(r.bin).toEqual([0, 0, 0]);
  });

  it('should return zeros on constant values and refuse bad input', () => {
    expect(giStar([5, 5, 5, 5], gridWeights(2, 2)).z).toEqual([0, 0, 0, 0]);
    expect(() => giStar([1, 2], { neighbours: [[0], [1]] })).toThrow(RangeError);
    expect(() => giStar([1, 2, 3], gridWeights(2, 2))).toThrow(RangeError);
  });

  function noise(seed: number, rows: number, cols: number, lambda: number): number[] {
    const rnd = mulberry32(seed);
    return Array.from({ length: rows * cols }, () => poisson(rnd, lambda));
  }

  it('should find a planted cluster on a 30×30 grid as hot at 99%', () => {
    const rows = 30;
    const cols = 30;
    const values = noise(42, rows, cols, 4);
    const rnd = mulberry32(7);
    const cluster: number[] = [];
    for (let r = 10; r < 14; r++) {
      for (let c = 10; c < 14; c++) {
        values[r * cols + c] = poisson(rnd, 14);
        cluster.push(r * cols + c);
      }
    }
    const result = giStarCounts(values, gridWeights(rows, cols));
    // The cluster's inner cells (whose neighbourhoods lie mostly inside it) are hot at 99%.
    for (const i of [11 * cols + 11, 11 * cols + 12, 12 * cols + 11, 12 * cols + 12]) {
      expect(result.bin[i]).toBe(3);
      expect(result.z[i]).toBeGreaterThan(3);
    }
    // Nothing far from the cluster is hot at 99%.
    const far = result.bin.filter((b, i) => b === 3 && (Math.abs(Math.floor(i / cols) - 11.5) > 4 || Math.abs((i % cols) - 11.5) > 4));
    expect(far).toEqual([]);
    expect(BIN_LABELS[3].vi).toContain('99%');
  });

  it('should report a hot spot at 95% after FDR in at most 5% of pure-noise runs', () => {
    let runsWithHotSpot = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const r = giStarCounts(noise(seed * 7919, 30, 30, 4), gridWeights(30, 30));
      if (r.bin.some((b) => b >= 2)) runsWithHotSpot++;
    }
    expect(runsWithHotSpot).toBeLessThanOrEqual(5);
  });

  it('should show why counts are transformed: raw Gi* on sparse counts over-reports', () => {
    // Same noise, λ = 1, raw values: skewed sums give far more than 5% of runs with a hot spot.
    let raw = 0;
    let counts = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const v = noise(seed * 7919, 30, 30, 1);
      if (giStar(v, gridWeights(30, 30)).bin.some((b) => b >= 2)) raw++;
      if (giStarCounts(v, gridWeights(30, 30)).bin.some((b) => b >= 2)) counts++;
    }
    expect(raw).toBeGreaterThan(10);
    expect(counts).toBeLessThanOrEqual(5);
  });

  it('should refuse non-count input to giStarCounts', () => {
    expect(() => giStarCounts([1, 2.5, 3], gridWeights(1, 3))).toThrow(RangeError);
    expect(() => giStarCounts([1, -1, 3], gridWeights(1, 3))).toThrow(RangeError);
  });

  it('should find a hot commune through an adjacency list', () => {
    // A ring of 12 communes, each bordering the next; communes 0–2 have many incidents.
    const ids = Array.from({ length: 12 }, (_, i) => `x${i}`);
    const adjacency = Object.fromEntries(ids.map((id, i) => [id, [ids[(i + 1) % 12]!]]));
    const counts = [40, 42, 41, 5, 6, 4, 5, 6, 5, 4, 6, 5];
    const r = giStarCounts(counts, adjacencyWeights(ids, adjacency), { fdr: false });
    expect(r.z[1]).toBeGreaterThan(2);
    expect(r.bin[1]).toBeGreaterThanOrEqual(2);
    expect(r.bin[6]).toBeLessThanOrEqual(0);
  });

  it('should report many false hot spots without FDR (why the correction is on by default)', () => {
    let runsWithHotSpot = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const r = giStar(noise(seed * 7919, 30, 30, 4), gridWeights(30, 30), { fdr: false });
      if (r.bin.some((b) => b >= 2)) runsWithHotSpot++;
    }
    expect(runsWithHotSpot).toBeGreaterThan(10);
  });

  it('should be reproducible for a seed', () => {
    expect(noise(1, 2, 5, 4)).toEqual(noise(1, 2, 5, 4));
    expect(noise(1, 2, 5, 4)).not.toEqual(noise(2, 2, 5, 4));
  });
});
