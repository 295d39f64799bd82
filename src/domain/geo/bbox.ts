/** Axis-aligned bounding boxes, [minLon, minLat, maxLon, maxLat]. */
import { polygonsOf, type AreaGeometry, type Ring } from './types';

export type BBox = [minX: number, minY: number, maxX: number, maxY: number];

/** The empty box: extending it with any point gives that point's box. */
export const emptyBBox = (): BBox => [Infinity, Infinity, -Infinity, -Infinity];

export const isEmptyBBox = (b: BBox): boolean => b[0] > b[2] || b[1] > b[3];

export function extendBBox(b: BBox, x: number, y: number): BBox {
  if (x < b[0]) b[0] = x;
  if (y < b[1]) b[1] = y;
  if (x > b[2]) b[2] = x;
  if (y > b[3]) b[3] = y;
  return b;
}

export function bboxOfRing(ring: Ring, into: BBox = emptyBBox()): BBox {
  for (const p of ring) extendBBox(into, p[0]!, p[1]!);
  return into;
}

export function bboxOfGeometry(geometry: AreaGeometry, into: BBox = emptyBBox()): BBox {
  for (const polygon of polygonsOf(geometry)) for (const ring of polygon) bboxOfRing(ring, into);
  return into;
}

export function unionBBox(a: BBox, b: BBox): BBox {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/** Closed boxes: touching edges intersect. */
export const bboxIntersects = (a: BBox, b: BBox): boolean =>
  a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

export const bboxContains = (b: BBox, x: number, y: number): boolean =>
  x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
