import { describe, expect, it } from 'vitest';
import { adjacencyOf } from './adjacency';
import type { AreaGeometry } from './types';

const square = (x: number, y: number, size = 1): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});

describe('adjacencyOf', () => {
  it('finds shared borders and corners of a 3 × 3 block, symmetric, without self', () => {
    const features = [];
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++)
        features.push({ code: `${r}${c}`, geometry: square(105 + c * 0.01, 21 + r * 0.01, 0.01) });
    const adj = adjacencyOf(features);
    expect(adj['11']).toEqual(['00', '01', '02', '10', '12', '20', '21', '22']);
    expect(adj['00']).toEqual(['01', '10', '11']);
    for (const [a, list] of Object.entries(adj)) for (const b of list) expect(adj[b]).toContain(a);
  });

  it('keeps apart areas that only come close, and tolerates float noise below the precision', () => {
    const adj = adjacencyOf([
      { code: 'a', geometry: square(105, 21, 0.01) },
      { code: 'b', geometry: square(105.0100001, 21, 0.01) }, // a 1 cm gap: rounded onto a's vertices
      { code: 'c', geometry: square(105.03, 21, 0.01) },
    ]);
    expect(adj).toEqual({ a: ['b'], b: ['a'], c: [] });
  });
});
