/**
 * Douglas–Peucker simplification of GeoJSON (Multi)Polygons that keeps every ring valid: closed, with at
 * least 4 positions (a triangle). Tolerance is in coordinate units (degrees for WGS84).
 *
 * A ring is split at its vertex farthest from the first one and each half is simplified, so the closing
 * point never anchors a badly chosen chord. When a ring would fall below 4 positions the tolerance is
 * halved for that ring until it does not (down to the original ring). Rings are never dropped, so holes
 * and small islands survive. Self-intersections are not repaired: keep the tolerance well below the size
 * of the features (display use).
 */
import type { AreaGeometry, FeatureCollection, Position, Ring } from './types';

type Point = [number, number];

function perpendicularDistanceSq(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) {
    const ex = p[0] - a[0];
    const ey = p[1] - a[1];
    return ex * ex + ey * ey;
  }
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const ex = p[0] - (a[0] + t * dx);
  const ey = p[1] - (a[1] + t * dy);
  return ex * ex + ey * ey;
}

/** Douglas–Peucker on an open polyline, iterative (no recursion limit on long rings). */
export function simplifyLine(points: readonly Point[], tolerance: number): Point[] {
  const n = points.length;
  if (n <= 2) return points.map((p) => [p[0], p[1]]);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const tol2 = tolerance * tolerance;
  const stack: [number, number][] = [[0, n - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let maxD = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicularDistanceSq(points[i]!, points[first]!, points[last]!);
      if (d > maxD) {
        maxD = d;
        index = i;
      }
    }
    if (index >= 0 && maxD > tol2) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  const out: Point[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push([points[i]![0], points[i]![1]]);
  return out;
}

const toPoints = (ring: Ring): Point[] => ring.map((p: Position) => [p[0]!, p[1]!] as Point);

function closeRing(points: Point[]): Point[] {
  const first = points[0];
  const last = points[points.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) points.push([first[0], first[1]]);
  return points;
}

function simplifyRingOnce(ring: Point[], tolerance: number): Point[] {
  // ring is closed: ring[0] equals ring[n-1]
  const n = ring.length;
  let far = 0;
  let farD = -1;
  for (let i = 1; i < n - 1; i++) {
    const dx = ring[i]![0] - ring[0]![0];
    const dy = ring[i]![1] - ring[0]![1];
    const d = dx * dx + dy * dy;
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  if (far === 0) return ring;
  const a = simplifyLine(ring.slice(0, far + 1), tolerance);
  const b = simplifyLine(ring.slice(far), tolerance);
  return [...a, ...b.slice(1)];
}

/** Simplify one ring; the result is closed and has at least 4 positions (if the input had). */
export function simplifyRing(ring: Ring, tolerance: number): Point[] {
  const closed = closeRing(dedupe(toPoints(ring)));
  if (closed.length <= 4) return closed;
  let t = tolerance;
  for (let attempt = 0; attempt < 40 && t > 0; attempt++, t /= 2) {
    const out = simplifyRingOnce(closed, t);
    if (out.length >= 4) return out;
  }
  return closed;
}

/** Drop consecutive duplicate positions. */
function dedupe(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/** Round a coordinate to `decimals` places (5 ≈ 1 m at Hanoi's latitude). */
export const roundTo = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/**
 * Round every position, drop the consecutive duplicates rounding creates, and keep the ring closed with
 * at least 4 positions (a ring that would collapse keeps its unrounded positions).
 */
export function roundRing(ring: readonly Point[], decimals: number): Point[] {
  const rounded = closeRing(dedupe(ring.map((p) => [roundTo(p[0], decimals), roundTo(p[1], decimals)] as Point)));
  return rounded.length >= 4 ? rounded : closeRing(dedupe(ring.map((p) => [p[0], p[1]] as Point)));
}

export interface SimplifyOptions {
  readonly tolerance: number;
  /** Round coordinates to this many decimals after simplifying. */
  readonly decimals?: number;
}

export function simplifyGeometry(geometry: AreaGeometry, options: SimplifyOptions): AreaGeometry {
  const ringOut = (ring: Ring): Point[] => {
    const s = simplifyRing(ring, options.tolerance);
    return options.decimals === undefined ? s : roundRing(s, options.decimals);
  };
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map(ringOut) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map(ringOut)) };
}

/** Simplify every (Multi)Polygon feature of a collection; other features pass through unchanged. */
export function simplifyCollection(collection: FeatureCollection, options: SimplifyOptions): FeatureCollection {
  return {
    ...collection,
    features: collection.features.map((f) => {
      const g = f.geometry;
      if (g && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
        return { ...f, geometry: simplifyGeometry(g as AreaGeometry, options) };
      }
      return f;
    }),
  };
}

/** Number of positions in a geometry (for reports). */
export function countPositions(geometry: AreaGeometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let n = 0;
  for (const polygon of polygons) for (const ring of polygon) n += ring.length;
  return n;
}
