/**
 * Rates per 10,000 inhabitants (tỷ lệ trên 10.000 dân) for the choropleth: a commune's count over its
 * population. Pure: the service brings the counts and the population figures.
 */

export const RATE_BASE = 10_000;

/** count / population × 10,000; null when the population is unknown (or not a positive number). */
export function ratePer10k(count: number, population: number | null | undefined): number | null {
  if (population === null || population === undefined || !Number.isFinite(population) || population <= 0) return null;
  if (!Number.isFinite(count)) return null;
  return (count * RATE_BASE) / population;
}

/** A population figure of one commune: the year it is of. */
export interface PopulationFigure {
  population: number;
  year: number;
}

/**
 * Adds `rate` to each row (keyed by commune code) from the population figures, and says which years the
 * figures used are of and how many rows have none.
 */
export function attachRates<R extends { key: string; current: number | null }>(
  rows: readonly R[],
  populationOf: ReadonlyMap<string, PopulationFigure>,
): { rows: (R & { rate: number | null })[]; years: number[]; missing: number } {
  const years = new Set<number>();
  let missing = 0;
  const out = rows.map((r) => {
    const p = populationOf.get(r.key);
    if (!p) {
      missing++;
      return { ...r, rate: null };
    }
    years.add(p.year);
    return { ...r, rate: ratePer10k(r.current ?? 0, p.population) };
  });
  return { rows: out, years: [...years].sort((a, b) => a - b), missing };
}

/**
 * For each commune, the figure of the latest year not after `year` (a commune's figures may stop earlier
 * than others'). Input rows in any order.
 */
export function latestFigures<T extends { code: string; year: number; population: number }>(
  rows: readonly T[],
  year: number,
): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of rows) {
    if (r.year > year) continue;
    const prev = out.get(r.code);
    if (!prev || r.year > prev.year) out.set(r.code, r);
  }
  return out;
}
