/**
 * Point in polygon for GeoJSON Polygon / MultiPolygon (holes included) by ray casting, and a grid index
 * that places a point among many polygons in (nearly) constant time.
 *
 * Boundary rule: the crossing test counts an edge when exactly one end is strictly above the point's
 * latitude (half-open), so a point on an edge shared by two polygons is placed in exactly one of them.
 */
import { bboxOfGeometry, emptyBBox, unionBBox, type BBox } from './bbox';
import { isAreaGeometry, polygonsOf, type AreaGeometry, type FeatureCollection, type Ring } from './types';

/** Returns the code of the polygon containing (lon, lat), or null. */
export type Locator = (lon: number, lat: number) => string | null;

/** Ray casting (even-odd) on one ring; the ring may be closed or not. */
export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and in none of the holes. */
export function pointInPolygon(x: number, y: number, rings: readonly Ring[]): boolean {
  if (rings.length === 0 || !pointInRing(x, y, rings[0]!)) return false;
  for (let h = 1; h < rings.length; h++) if (pointInRing(x, y, rings[h]!)) return false;
  return true;
}

export function pointInGeometry(x: number, y: number, geometry: AreaGeometry): boolean {
  for (const polygon of polygonsOf(geometry)) if (pointInPolygon(x, y, polygon)) return true;
  return false;
}

interface LocatorFeature {
  readonly code: string;
  readonly geometry: AreaGeometry;
  readonly bbox: BBox;
}

function featuresOf(collection: FeatureCollection, codeProp: string): LocatorFeature[] {
  return collection.features.map((f, i) => {
    if (!isAreaGeometry(f.geometry)) throw new Error(`feature ${i}: geometry is not a Polygon or MultiPolygon`);
    const code = f.properties?.[codeProp] ?? f.id;
    if (typeof code !== 'string' && typeof code !== 'number')
      throw new Error(`feature ${i}: no "${codeProp}" property`);
    return { code: String(code), geometry: f.geometry, bbox: bboxOfGeometry(f.geometry) };
  });
}

/**
 * The baseline: test every feature in order (with a bounding-box check first when `useBBox`). Returns the
 * first feature containing the point. Kept for benchmarks and as a reference in tests.
 */
export function buildNaiveLocator(collection: FeatureCollection, codeProp = 'code', useBBox = true): Locator {
  const features = featuresOf(collection, codeProp);
  return (x, y) => {
    for (const f of features) {
      if (useBBox && (x < f.bbox[0] || x > f.bbox[2] || y < f.bbox[1] || y > f.bbox[3])) continue;
      if (pointInGeometry(x, y, f.geometry)) return f.code;
    }
    return null;
  };
}

export interface LocatorOptions {
  /** Approximate number of grid cells (default 65,536); cells are about square. */
  readonly cells?: number;
}

/**
 * Build a point locator over a FeatureCollection of (Multi)Polygons, keyed by `properties[codeProp]`
 * (or the feature id). Returns the first feature (in collection order) containing the point, exactly as a
 * scan of all polygons would, but in about constant time:
 *
 * - a uniform grid over the collection's bounding box; each row of the grid is a latitude band;
 * - each feature's edges (all rings: even-odd parity handles holes and multiple parts) are filed by band,
 *   so a ray-casting test only reads the edges of the band the point is in;
 * - each cell lists the features that touch it, marking those whose edges do not cross the cell and whose
 *   cell centre is inside: the whole cell is inside them, so no test is needed.
 *
 * Edges are filed conservatively (a cell near an edge is treated as crossed), which costs a test, never
 * a wrong answer.
 */
export function buildLocator(collection: FeatureCollection, codeProp = 'code', options: LocatorOptions = {}): Locator {
  const features = featuresOf(collection, codeProp);
  if (features.length === 0) return () => null;
  const box = features.reduce((b, f) => unionBBox(b, f.bbox), emptyBBox());
  const width = Math.max(box[2] - box[0], 1e-9);
  const height = Math.max(box[3] - box[1], 1e-9);
  const target = Math.max(1, options.cells ?? 65_536);
  const nx = Math.max(1, Math.round(Math.sqrt((target * width) / height)));
  const ny = Math.max(1, Math.round(target / nx));
  const cw = width / nx;
  const ch = height / ny;
  const minX = box[0];
  const minY = box[1];
  const epsX = cw * 1e-6;
  const epsY = ch * 1e-6;
  const colOf = (x: number) => Math.min(nx - 1, Math.max(0, Math.floor((x - minX) / cw)));
  const rowOf = (y: number) => Math.min(ny - 1, Math.max(0, Math.floor((y - minY) / ch)));

  // Per feature: edges by band, in one Float64Array (x1, y1, x2, y2) with offsets per band of its bbox.
  const F = features.length;
  const rowFirst = new Int32Array(F);
  const rowStarts: Int32Array[] = [];
  const edgesByRow: Float64Array[] = [];
  // Cells each feature's edges touch, as sorted unique cell indices.
  const crossed: Set<number>[] = [];

  for (let f = 0; f < F; f++) {
    const feature = features[f]!;
    const r0 = rowOf(feature.bbox[1] - epsY);
    const r1 = rowOf(feature.bbox[3] + epsY);
    rowFirst[f] = r0;
    const bands = r1 - r0 + 1;
    const perRow: number[][] = Array.from({ length: bands }, () => []);
    const cells = new Set<number>();
    for (const polygon of polygonsOf(feature.geometry)) {
      for (const ring of polygon) {
        const n = ring.length;
        for (let i = 0, j = n - 1; i < n; j = i++) {
          const x1 = ring[j]![0]!;
          const y1 = ring[j]![1]!;
          const x2 = ring[i]![0]!;
          const y2 = ring[i]![1]!;
          if (x1 === x2 && y1 === y2) continue;
          const ra = rowOf(Math.min(y1, y2) - epsY);
          const rb = rowOf(Math.max(y1, y2) + epsY);
          for (let r = ra; r <= rb; r++) {
            perRow[r - r0]!.push(x1, y1, x2, y2);
            // The part of the edge inside this band, widened a little, gives the crossed cells.
            const bandLo = minY + r * ch - epsY;
            const bandHi = minY + (r + 1) * ch + epsY;
            let xa: number;
            let xb: number;
            if (y1 === y2) {
              xa = Math.min(x1, x2);
              xb = Math.max(x1, x2);
            } else {
              const t0 = Math.min(1, Math.max(0, (bandLo - y1) / (y2 - y1)));
              const t1 = Math.min(1, Math.max(0, (bandHi - y1) / (y2 - y1)));
              const xs0 = x1 + (x2 - x1) * t0;
              const xs1 = x1 + (x2 - x1) * t1;
              xa = Math.min(xs0, xs1);
              xb = Math.max(xs0, xs1);
            }
            const ca = colOf(xa - epsX);
            const cb = colOf(xb + epsX);
            for (let c = ca; c <= cb; c++) cells.add(r * nx + c);
          }
        }
      }
    }
    const starts = new Int32Array(bands + 1);
    let total = 0;
    for (let b = 0; b < bands; b++) {
      starts[b] = total;
      total += perRow[b]!.length;
    }
    starts[bands] = total;
    const packed = new Float64Array(total);
    for (let b = 0; b < bands; b++) packed.set(perRow[b]!, starts[b]!);
    rowStarts.push(starts);
    edgesByRow.push(packed);
    crossed.push(cells);
  }

  /** Crossing test of feature f at (x, y) using only the edges of band `row`. */
  const inFeature = (f: number, row: number, x: number, y: number): boolean => {
    const band = row - rowFirst[f]!;
    const starts = rowStarts[f]!;
    if (band < 0 || band >= starts.length - 1) return false;
    const edges = edgesByRow[f]!;
    let inside = false;
    for (let k = starts[band]!, end = starts[band + 1]!; k < end; k += 4) {
      const x1 = edges[k]!;
      const y1 = edges[k + 1]!;
      const x2 = edges[k + 2]!;
      const y2 = edges[k + 3]!;
      // Same expression, same operand order as pointInRing (x2, y2 = ring[i]): a point exactly on an edge
      // gets the same answer as the plain scan.
      if (y1 > y !== y2 > y && x < ((x1 - x2) * (y - y2)) / (y1 - y2) + x2) inside = !inside;
    }
    return inside;
  };

  // Per cell: features touching it, in collection order; mode 1 = whole cell inside, 0 = needs a test.
  const cellLists: number[][] = Array.from({ length: nx * ny }, () => []);
  for (let f = 0; f < F; f++) {
    const b = features[f]!.bbox;
    const ca = colOf(b[0] - epsX);
    const cb = colOf(b[2] + epsX);
    const ra = rowOf(b[1] - epsY);
    const rb = rowOf(b[3] + epsY);
    const cells = crossed[f]!;
    for (let r = ra; r <= rb; r++) {
      const cy = minY + (r + 0.5) * ch;
      for (let c = ca; c <= cb; c++) {
        const cell = r * nx + c;
        if (cells.has(cell)) cellLists[cell]!.push(f, 0);
        else if (inFeature(f, r, minX + (c + 0.5) * cw, cy)) cellLists[cell]!.push(f, 1);
      }
    }
  }
  const cellStart = new Int32Array(nx * ny + 1);
  let size = 0;
  for (let i = 0; i < cellLists.length; i++) {
    cellStart[i] = size;
    size += cellLists[i]!.length;
  }
  cellStart[nx * ny] = size;
  const cellData = new Int32Array(size);
  for (let i = 0; i < cellLists.length; i++) cellData.set(cellLists[i]!, cellStart[i]!);
  const codes = features.map((f) => f.code);
  const maxX = box[2];
  const maxY = box[3];

  return (x: number, y: number): string | null => {
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) return null; // also rejects NaN
    const row = rowOf(y);
    const cell = row * nx + colOf(x);
    for (let k = cellStart[cell]!, end = cellStart[cell + 1]!; k < end; k += 2) {
      const f = cellData[k]!;
      if (cellData[k + 1] === 1 || inFeature(f, row, x, y)) return codes[f]!;
    }
    return null;
  };
}
