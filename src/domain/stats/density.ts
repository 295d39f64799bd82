/**
 * The density map: incidents with a point counted on a square grid (row = ⌊lat / dLat⌋, col = ⌊lon / dLon⌋,
 * the grid of the hot spots, fixed origin at 0°, 0°), returned as cell centres with their counts, largest
 * first and cut to a limit so that the browser draws a bounded heat map. Pure.
 */

export interface GridCount {
  row: number | null;
  col: number | null;
  n: number;
}

export interface DensitySummary {
  /** [lon, lat, count] of each cell centre, largest count first (ties: south to north, west to east). */
  cells: [number, number, number][];
  /** Incidents placed on the grid (in every cell, also those cut off). */
  total: number;
  /** Incidents without a point. */
  withoutPoint: number;
  /** Cells left out by the limit. */
  truncated: number;
  maxCount: number;
}

export const DENSITY_MAX_CELLS = 20_000;

export function densityCells(rows: readonly GridCount[], step: { dLon: number; dLat: number }, limit = DENSITY_MAX_CELLS): DensitySummary {
  let total = 0;
  let withoutPoint = 0;
  // Several rows may name the same cell (the caller may merge parts): sum them.
  const byCell = new Map<string, { row: number; col: number; n: number }>();
  for (const r of rows) {
    if (r.n <= 0) continue;
    if (r.row === null || r.col === null) {
      withoutPoint += r.n;
      continue;
    }
    total += r.n;
    const k = `${r.row}:${r.col}`;
    const c = byCell.get(k);
    if (c) c.n += r.n;
    else byCell.set(k, { row: r.row, col: r.col, n: r.n });
  }
  const sorted = [...byCell.values()].sort((a, b) => b.n - a.n || a.row - b.row || a.col - b.col);
  const kept = sorted.slice(0, Math.max(0, limit));
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    cells: kept.map((c) => [round((c.col + 0.5) * step.dLon), round((c.row + 0.5) * step.dLat), c.n]),
    total,
    withoutPoint,
    truncated: sorted.length - kept.length,
    maxCount: sorted[0]?.n ?? 0,
  };
}
