import { describe, expect, it } from 'vitest';
import { geometryProblems } from './validate';

describe('geometryProblems', () => {
  it('should accept a closed square', () => {
    expect(geometryProblems({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })).toEqual([]);
  });
  it('should name an open ring, a short ring and a coordinate off the globe', () => {
    expect(geometryProblems({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })).toEqual(['polygon 1 ring 1: ring is not closed']);
    expect(geometryProblems({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })).toEqual(['polygon 1 ring 1: fewer than 4 positions']);
    expect(geometryProblems({ type: 'MultiPolygon', coordinates: [[[[0, 0], [200, 0], [1, 1], [0, 0]]]] })).toEqual([
      'polygon 1 ring 1: coordinate out of range',
    ]);
  });
});
