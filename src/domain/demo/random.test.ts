import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hash32, poisson, Quota, rngFrom } from './random';

describe('demo randomness', () => {
  it('is reproducible and differs by seed', () => {
    const a = rngFrom(hash32(1, 'x', 7));
    const b = rngFrom(hash32(1, 'x', 7));
    const c = rngFrom(hash32(2, 'x', 7));
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect([c(), c(), c()]).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('Quota keeps the count of yeses within 2 of the expected share over any run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 3000 }), (seed, p, n) => {
        const q = new Quota(rngFrom(seed));
        let yes = 0;
        for (let i = 0; i < n; i++) if (q.take(p)) yes++;
        expect(Math.abs(yes - p * n)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 200 },
    );
  });

  it('poisson has the right mean, small and large', () => {
    const rng = rngFrom(42);
    for (const lambda of [0.5, 8, 400]) {
      let s = 0;
      for (let i = 0; i < 4000; i++) s += poisson(rng, lambda);
      expect(Math.abs(s / 4000 - lambda)).toBeLessThan(4 * Math.sqrt(lambda / 4000));
    }
  });
});
