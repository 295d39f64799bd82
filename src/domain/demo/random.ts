/**
 * Deterministic randomness for the demo generator: a 32-bit hash to derive independent seeds
 * (seed × stream × day), a small fast PRNG (sfc32), samplers, and "error diffusion" quotas that
 * keep a share (e.g. the clearance rate) exact to ±1 record over any run of records while still
 * looking random. Pure: no Math.random, no clock.
 */

/** murmur3's 32-bit finaliser: a good avalanche mix of one 32-bit word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a list of integers and strings to one unsigned 32-bit integer. */
export function hash32(...parts: readonly (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    if (typeof p === 'number') {
      h = fmix32((h ^ (p | 0)) + 0x7f4a7c15);
      // Keep the high part of numbers above 2^32 (not expected, but harmless).
      if (p > 0xffffffff || p < -0x80000000) h = fmix32(h ^ Math.floor(p / 4294967296));
    } else {
      for (let i = 0; i < p.length; i++) h = fmix32((h ^ p.charCodeAt(i)) + 0x27d4eb2f);
      h = fmix32(h ^ p.length);
    }
  }
  return h >>> 0;
}

/** A random source in [0, 1). */
export type Rng = () => number;

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded from a 32-bit hash. */
export function rngFrom(seed32: number): Rng {
  let a = seed32 >>> 0;
  let b = fmix32(seed32 ^ 0xdeadbeef);
  let c = fmix32(seed32 ^ 0x1b873593);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm up
  return next;
}

/** Integer in [lo, hi] inclusive. */
export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** Standard normal by Box–Muller. */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal with the given median and σ of the log. */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** Poisson(λ): Knuth below 30, a rounded normal approximation above (bounded memory and time). */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = rng();
    while (p > limit) {
      k++;
      p *= rng();
    }
    return k;
  }
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(rng)));
}

/** Cumulative weights for `pickIndex`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    s += Math.max(0, weights[i]!);
    out[i] = s;
  }
  return out;
}

/** Index drawn in proportion to the weights behind `cum` (binary search). */
export function pickIndex(rng: Rng, cum: Float64Array): number {
  const total = cum[cum.length - 1]!;
  const x = rng() * total;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A weighted table of values, built once. */
export interface Weighted<T> {
  readonly values: readonly T[];
  readonly cum: Float64Array;
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  return { values: entries.map((e) => e[0]), cum: cumulative(entries.map((e) => e[1])) };
}

export function draw<T>(rng: Rng, table: Weighted<T>): T {
  return table.values[pickIndex(rng, table.cum)]!;
}

/**
 * Randomised error diffusion: `take(p)` says yes with probability ≈ p, and over any run of calls
 * the number of yeses stays within ±2 of the sum of the p's — so a rate (clearance, timely
 * decisions) holds in every year however few records it has, yet the pattern is not periodic.
 */
export class Quota {
  private error = 0;
  constructor(private readonly rng: Rng) {}
  take(p: number): boolean {
    this.error += p;
    const yes = this.rng() < this.error;
    if (yes) this.error -= 1;
    return yes;
  }
}
