import type { AreaGeometry, Ring } from './types';
import { polygonsOf } from './types';

/** Problems that make a polygon unusable for point-in-polygon: open or short rings, coordinates off the globe. */
export function geometryProblems(geometry: AreaGeometry): string[] {
  const problems: string[] = [];
  const checkRing = (ring: Ring, where: string) => {
    if (ring.length < 4) problems.push(`${where}: fewer than 4 positions`);
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) problems.push(`${where}: ring is not closed`);
    for (const p of ring) {
      const [x, y] = p as readonly number[];
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x!) > 180 || Math.abs(y!) > 90) {
        problems.push(`${where}: coordinate out of range`);
        break;
      }
    }
  };
  polygonsOf(geometry).forEach((rings, i) => {
    if (rings.length === 0) problems.push(`polygon ${i + 1}: no ring`);
    rings.forEach((ring, j) => checkRing(ring, `polygon ${i + 1} ring ${j + 1}`));
  });
  return problems;
}
