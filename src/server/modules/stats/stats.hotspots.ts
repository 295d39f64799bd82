import type { TStatHotspotResult } from '../../../contracts/stats';
import type { BBox } from '../../../domain/geo/bbox';
import type { Locator } from '../../../domain/geo/pip';
import { adjacencyWeights, giStarCounts, type ConfidenceBin } from '../../../domain/stats';

/**
 * Hot spots (Getis-Ord Gi*, counts Anscombe-transformed, Benjamini–Hochberg per confidence level) on the
 * communes of the current map or on a square grid. Pure: the service brings the counts and the geometry.
 */

type Cell = TStatHotspotResult['cells'][number];
type Summary = Pick<TStatHotspotResult, 'features' | 'total' | 'hot' | 'cold' | 'cells'>;

/** Metres per degree of latitude, and of longitude at Hanoi's latitude (21° N): the grid's cell shape. */
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON = 111_320 * Math.cos((21 * Math.PI) / 180);

export function gridStep(cellMeters: number): { dLon: number; dLat: number } {
  return { dLon: cellMeters / M_PER_DEG_LON, dLat: cellMeters / M_PER_DEG_LAT };
}

function summarise(cells: Cell[], features: number): Summary {
  const hot = { 90: 0, 95: 0, 99: 0 };
  const cold = { 90: 0, 95: 0, 99: 0 };
  const level = { 1: 90, 2: 95, 3: 99 } as const;
  for (const c of cells) {
    if (c.bin > 0) hot[level[c.bin as 1 | 2 | 3]]++;
    if (c.bin < 0) cold[level[-c.bin as 1 | 2 | 3]]++;
  }
  return {
    features,
    total: cells.reduce((s, c) => s + c.count, 0),
    hot,
    cold,
    // Zero and not significant: left out (the map draws nothing there).
    cells: cells.filter((c) => c.count > 0 || c.bin !== 0),
  };
}

function analyse(ids: string[], counts: number[], adjacency: Readonly<Record<string, readonly string[]>>) {
  if (ids.length < 3) return { z: ids.map(() => 0), p: ids.map(() => 1), bin: ids.map(() => 0 as ConfidenceBin) };
  return giStarCounts(counts, adjacencyWeights(ids, adjacency));
}

/** Communes: `codes` analysed (with zero where nothing was counted), neighbours sharing a border or corner. */
export function communeHotspots(input: {
  codes: readonly string[];
  counts: ReadonlyMap<string, number>;
  adjacency: Readonly<Record<string, readonly string[]>>;
  bboxOf: (code: string) => BBox | null;
  labelOf: (code: string) => string;
}): Summary {
  const ids = [...input.codes];
  const inSet = new Set(ids);
  const adjacency: Record<string, string[]> = {};
  for (const id of ids) adjacency[id] = (input.adjacency[id] ?? []).filter((n) => inSet.has(n));
  const counts = ids.map((id) => input.counts.get(id) ?? 0);
  const g = analyse(ids, counts, adjacency);
  const cells = ids.map((id, i) => ({
    key: id,
    label: input.labelOf(id),
    bbox: (input.bboxOf(id) ?? [0, 0, 0, 0]) as [number, number, number, number],
    count: counts[i]!,
    z: g.z[i]!,
    p: g.p[i]!,
    bin: g.bin[i]!,
  }));
  return summarise(cells, ids.length);
}

/**
 * A square grid (fixed origin at 0°, 0°, so cells are the same in every query) over the communes' extent;
 * the cells whose centre lies in an analysed commune, and every cell with a counted incident, take part (zeros
 * outside the city would make every urban cell look hot). Queen neighbours.
 */
export function gridHotspots(input: {
  cellMeters: number;
  /** Counted points per cell, keyed `row:col` (row = ⌊lat / dLat⌋, col = ⌊lon / dLon⌋). */
  counts: ReadonlyMap<string, number>;
  extent: BBox;
  locate: Locator;
  /** The communes analysed (a scoped user's). */
  inside: (code: string) => boolean;
}): Summary {
  const { dLon, dLat } = gridStep(input.cellMeters);
  const [w, s, e, n] = input.extent;
  const r0 = Math.floor(s / dLat);
  const r1 = Math.floor(n / dLat);
  const c0 = Math.floor(w / dLon);
  const c1 = Math.floor(e / dLon);
  const ids: string[] = [];
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const code = input.locate((c + 0.5) * dLon, (r + 0.5) * dLat);
      if (code !== null && input.inside(code)) ids.push(`${r}:${c}`);
    }
  }
  // Cells with counted incidents take part even when their centre falls just outside the communes (edges).
  const inGrid = new Set(ids);
  for (const k of input.counts.keys()) {
    if (inGrid.has(k)) continue;
    inGrid.add(k);
    ids.push(k);
  }
  const adjacency: Record<string, string[]> = {};
  for (const id of ids) {
    const [r, c] = id.split(':').map(Number) as [number, number];
    const list: string[] = [];
    for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) if (dr || dc) list.push(`${r + dr}:${c + dc}`);
    adjacency[id] = list.filter((x) => inGrid.has(x));
  }
  const counts = ids.map((id) => input.counts.get(id) ?? 0);
  const g = analyse(ids, counts, adjacency);
  const cells = ids.map((id, i) => {
    const [r, c] = id.split(':').map(Number) as [number, number];
    return {
      key: `r${r}c${c}`,
      label: `${((r + 0.5) * dLat).toFixed(4)}, ${((c + 0.5) * dLon).toFixed(4)}`,
      bbox: [c * dLon, r * dLat, (c + 1) * dLon, (r + 1) * dLat] as [number, number, number, number],
      count: counts[i]!,
      z: g.z[i]!,
      p: g.p[i]!,
      bin: g.bin[i]!,
    };
  });
  return summarise(cells, ids.length);
}
