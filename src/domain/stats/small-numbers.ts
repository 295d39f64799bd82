import { formatNumberEn, formatNumberVi } from './format';

/**
 * Small numbers (issue 12, item 4). A rate on 3 cases and a percentage change on a base of 2 read like figures
 * on 300 cases; crime-analysis practice shows the counts behind them instead:
 * - every rate carries its numerator and denominator ("12/14 vụ");
 * - a ranking by rate gives each rate its Wilson score interval and sets apart the rows with fewer than
 *   `minCases` cases in the denominator (they are listed, not ranked);
 * - a percentage change on a base (the comparison's count) below `minBase` is not shown: the counts and the
 *   Poisson z are.
 * Both thresholds are query parameters of `GET /api/stats` (`minCases`, `minBase`), defaulting to these values.
 */
export const SMALL_NUMBER_DEFAULTS = {
  /** A rate with fewer cases in its denominator than this is "too few cases" (not ranked). */
  minCases: 10,
  /** A percentage change on a base below this is not shown (counts and z only). */
  minBase: 10,
} as const;

/** z of the two-sided 95% normal interval (Φ⁻¹(0.975)). */
export const Z95 = 1.959963984540054;

export interface Interval {
  /** Bounds as proportions in [0, 1]. */
  low: number;
  high: number;
}

/**
 * Wilson score interval of a proportion `successes / trials` (Wilson 1927; Newcombe 1998, method 3):
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
 * Unlike p̂ ± z√(p̂(1−p̂)/n) it stays within [0, 1] and is not zero-width at 0/n or n/n. Null when n = 0.
 * @throws RangeError when the counts are not 0 ≤ successes ≤ trials, finite.
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): Interval | null {
  if (!Number.isFinite(successes) || !Number.isFinite(trials) || successes < 0 || trials < 0 || successes > trials)
    throw new RangeError(`need 0 ≤ successes ≤ trials, got ${successes}/${trials}`);
  if (trials === 0) return null;
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Exact at the ends (0/n has low 0, n/n has high 1); rounding must not push them past [0, 1].
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

/** Fewer cases in the denominator than `minCases`: listed apart, not ranked. */
export function isTooFewCases(trials: number, minCases: number = SMALL_NUMBER_DEFAULTS.minCases): boolean {
  return trials < minCases;
}

/** Whether a percentage change on this base may be shown (a base of 0 never: no percentage at all). */
export function showsPercentChange(base: number, minBase: number = SMALL_NUMBER_DEFAULTS.minBase): boolean {
  return base > 0 && base >= minBase;
}

/**
 * A ranking by rate: rows with at least `minCases` cases first, by rate (highest first, ties by key), then the
 * rows with too few cases, by rate too. Stable for equal keys; never drops a row.
 */
export function rankByRate<T>(
  rows: readonly T[],
  f: { num: (r: T) => number; den: (r: T) => number; key: (r: T) => string },
  minCases: number = SMALL_NUMBER_DEFAULTS.minCases,
): { ranked: T[]; tooFew: T[] } {
  const rate = (r: T) => (f.den(r) === 0 ? -1 : f.num(r) / f.den(r));
  const order = (a: T, b: T) => rate(b) - rate(a) || (f.key(a) < f.key(b) ? -1 : f.key(a) > f.key(b) ? 1 : 0);
  const ranked: T[] = [];
  const tooFew: T[] = [];
  for (const r of rows) (isTooFewCases(f.den(r), minCases) ? tooFew : ranked).push(r);
  return { ranked: ranked.sort(order), tooFew: tooFew.sort(order) };
}

/** A rate's counts as written beside it: "12/14 vụ" (vi), "12/14 cases" (en). */
export function formatFraction(
  num: number,
  den: number,
  lang: 'vi' | 'en',
  noun: { vi: string; en: string } = { vi: 'vụ', en: 'cases' },
): string {
  const f = lang === 'vi' ? formatNumberVi : formatNumberEn;
  return `${f(num)}/${f(den)} ${noun[lang]}`;
}

/** An interval in percent as written: "60,1–96,0%" (vi), "60.1–96.0%" (en). */
export function formatInterval(i: Interval, lang: 'vi' | 'en'): string {
  const f = lang === 'vi' ? formatNumberVi : formatNumberEn;
  return `${f(i.low * 100, 1)}–${f(i.high * 100, 1)}%`;
}
