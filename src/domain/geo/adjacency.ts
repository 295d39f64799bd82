import { polygonsOf, type AreaGeometry } from './types';

/**
 * Which areas touch (queen contiguity: a shared border or a shared corner), from their boundaries. Boundaries cut
 * from one dataset share their vertices exactly, so two areas touch when a vertex of one, rounded to
 * `precision` decimal degrees (default 1e-6 ≈ 0,1 m), is a vertex of the other. Symmetric; an area is not
 * listed as its own neighbour.
 */
export function adjacencyOf(
  features: readonly { code: string; geometry: AreaGeometry }[],
  precision = 1e-6,
): Record<string, string[]> {
  const scale = 1 / precision;
  const byVertex = new Map<string, Set<string>>();
  for (const f of features) {
    for (const polygon of polygonsOf(f.geometry)) {
      for (const ring of polygon) {
        for (const p of ring) {
          const key = `${Math.round(p[0]! * scale)},${Math.round(p[1]! * scale)}`;
          let set = byVertex.get(key);
          if (!set) byVertex.set(key, (set = new Set()));
          set.add(f.code);
        }
      }
    }
  }
  const out = new Map<string, Set<string>>(features.map((f) => [f.code, new Set()]));
  for (const codes of byVertex.values()) {
    if (codes.size < 2) continue;
    for (const a of codes) for (const b of codes) if (a !== b) out.get(a)!.add(b);
  }
  return Object.fromEntries([...out].map(([code, set]) => [code, [...set].sort()]));
}
