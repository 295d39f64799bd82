/** Minimal GeoJSON types (RFC 7946) for what Bình An reads: WGS84 [lon, lat] positions. */
export type Position = readonly [number, number] | readonly number[];
export type Ring = readonly Position[];

export interface PolygonGeometry {
  readonly type: 'Polygon';
  readonly coordinates: readonly Ring[];
}

export interface MultiPolygonGeometry {
  readonly type: 'MultiPolygon';
  readonly coordinates: readonly (readonly Ring[])[];
}

export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export interface Feature<G = AreaGeometry | { readonly type: string } | null> {
  readonly type: 'Feature';
  readonly id?: string | number;
  readonly properties: Readonly<Record<string, unknown>> | null;
  readonly geometry: G;
  readonly bbox?: readonly number[];
}

export interface FeatureCollection<G = AreaGeometry | { readonly type: string } | null> {
  readonly type: 'FeatureCollection';
  readonly features: readonly Feature<G>[];
  readonly bbox?: readonly number[];
}

/** The polygons of a Polygon or MultiPolygon, each as [outer, ...holes]. */
export function polygonsOf(geometry: AreaGeometry): readonly (readonly Ring[])[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function isAreaGeometry(g: unknown): g is AreaGeometry {
  if (typeof g !== 'object' || g === null) return false;
  const type = (g as { type?: unknown }).type;
  return (type === 'Polygon' || type === 'MultiPolygon') && Array.isArray((g as { coordinates?: unknown }).coordinates);
}
