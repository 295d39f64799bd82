import { useEffect, useRef, useState } from 'react';
import { Alert, Spin } from 'antd';
import {
  Map as MapLibreMap,
  NavigationControl,
  Popup,
  setWorkerUrl,
  type FilterSpecification,
  type ExpressionSpecification,
  type GeoJSONSource,
  type LngLatBoundsLike,
  type StyleSpecification,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre 6 loads its worker from a file next to its module; after bundling, point it at the emitted asset.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../app/use-error-text';
import { useAreaGeoJson, type TFeatureCollection } from './api';

declare global {
  interface Window {
    /** Optional deployment settings; tileUrl adds a raster base map (e.g. an internal tile server). */
    __BINHAN_CONFIG__?: { tileUrl?: string };
  }
}

setWorkerUrl(workerUrl);

const SOURCE = 'areas';
const FILL = 'areas-fill';
const POINT_SOURCE = 'picked-point';
const HANOI: LngLatBoundsLike = [105.28, 20.56, 106.03, 21.39];
const TYPE_COLOURS: ExpressionSpecification = ['match', ['get', 'type'], 'phuong', '#4e79a7', 'xa', '#59a14f', 'dac_khu', '#f28e2b', '#9c9c9c'];
const TYPE_OPACITY = 0.35;
const HIGHLIGHT = 'areas-highlight';
const HEAT_SOURCE = 'heat';
/** The heat-map layer's id (tests and support look for it). */
export const HEAT_LAYER = 'density-heat';

/**
 * A heat map drawn over the communes: weighted points, e.g. the density grid's cell centres [lon, lat, count].
 * `maxWeight` is the weight that reads as full intensity (default: the largest).
 */
export interface MapHeatmap {
  points: readonly (readonly [number, number, number])[];
  maxWeight?: number;
}

/** Outlines drawn over some communes (by code), each with its colour and width. */
export type MapOutlines = Record<string, { colour: string; width: number }>;

/** A choropleth: a colour per commune code (communes left out get `fallback`). */
export interface MapColours {
  byCode: Record<string, string>;
  fallback: string;
  opacity?: number;
}

function colourExpression(colours: MapColours): ExpressionSpecification | string {
  const pairs = Object.entries(colours.byCode).flat();
  return pairs.length === 0 ? colours.fallback : (['match', ['get', 'code'], ...pairs, colours.fallback] as unknown as ExpressionSpecification);
}

/** No glyphs, sprites or tiles: the map makes no request of its own unless a tile URL is configured. */
function baseStyle(): StyleSpecification {
  const tileUrl = window.__BINHAN_CONFIG__?.tileUrl;
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f5' } }],
  };
  if (tileUrl) {
    style.sources.base = { type: 'raster', tiles: [tileUrl], tileSize: 256 };
    style.layers.push({ id: 'base', type: 'raster', source: 'base' });
  }
  return style;
}

function addAreaLayers(map: MapLibreMap): void {
  map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  const notOutline = ['!=', ['get', 'kind'], 'outline'] as FilterSpecification;
  map.addLayer({
    id: FILL,
    type: 'fill',
    source: SOURCE,
    filter: notOutline,
    paint: {
      'fill-color': TYPE_COLOURS,
      'fill-opacity': TYPE_OPACITY,
    },
  });
  map.addLayer({ id: 'areas-line', type: 'line', source: SOURCE, filter: notOutline, paint: { 'line-color': '#ffffff', 'line-width': 0.8 } });
  // The heat map (none until the caller gives points), over the fill and under the outlines.
  map.addSource(HEAT_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: HEAT_LAYER,
    type: 'heatmap',
    source: HEAT_SOURCE,
    layout: { visibility: 'none' },
    paint: {
      'heatmap-weight': ['get', 'w'],
      'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 8, 1.2, 14, 2.5],
      'heatmap-radius': ['interpolate', ['exponential', 2], ['zoom'], 8, 7, 11, 18, 15, 60],
      'heatmap-opacity': 0.85,
      'heatmap-color': [
        'interpolate',
        ['linear'],
        ['heatmap-density'],
        0,
        'rgba(255,255,178,0)',
        0.15,
        'rgba(254,217,118,0.7)',
        0.35,
        '#feb24c',
        0.55,
        '#fd8d3c',
        0.75,
        '#f03b20',
        1,
        '#bd0026',
      ],
    },
  });
  // Communes the caller outlines (e.g. hot spots), none until it says which.
  map.addLayer({ id: HIGHLIGHT, type: 'line', source: SOURCE, filter: ['in', ['get', 'code'], ['literal', []]], paint: { 'line-color': '#000000', 'line-width': 2 } });
  map.addLayer({
    id: 'areas-outline',
    type: 'line',
    source: SOURCE,
    filter: ['==', ['get', 'kind'], 'outline'],
    paint: { 'line-color': '#1f1f1f', 'line-width': 2 },
  });
  map.addLayer({
    id: 'areas-selected',
    type: 'line',
    source: SOURCE,
    filter: ['==', ['get', 'code'], ''],
    paint: { 'line-color': '#cf1322', 'line-width': 3 },
  });
  map.addSource(POINT_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: 'picked-point',
    type: 'circle',
    source: POINT_SOURCE,
    paint: { 'circle-radius': 7, 'circle-color': '#cf1322', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  });
}

export interface MapPoint {
  lon: number;
  lat: number;
}

/** The bounding box of every coordinate in the collection, or null when it has none. */
function bounds(fc: TFeatureCollection): LngLatBoundsLike | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
    } else c.forEach(visit);
  };
  for (const f of fc.features) visit((f.geometry as { coordinates?: unknown } | null)?.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

interface Props {
  date: string;
  selected: string | null;
  onSelect?: (code: string) => void;
  height?: number;
  /** A click anywhere on the map picks that point (the map picker of forms). */
  onPick?: (point: MapPoint) => void;
  /** A point drawn as a red dot. */
  point?: MapPoint | null;
  /** Open on the point (zoomed in) instead of the whole city. */
  centerOnPoint?: boolean;
  /** Zoom to the selected commune when it changes. */
  zoomToSelected?: boolean;
  testId?: string;
  showCount?: boolean;
  /** Colours communes by code instead of by type (a choropleth); the caller draws its own legend. */
  colours?: MapColours | null;
  /** The hover text of a commune (default: its full name). */
  tooltip?: (code: string, fullName: string) => string;
  /** Communes outlined over the fill (e.g. statistical hot spots). */
  outlines?: MapOutlines | null;
  /** A heat map over the communes (e.g. the density of incidents); null or absent: none. */
  heatmap?: MapHeatmap | null;
}

/**
 * The communes of the date's generation on MapLibre GL. The container carries data-feature-count (communes
 * handed to the map) and data-rendered-count (communes drawn) once the map is idle, for tests and support.
 */
export function AreaMap({
  date,
  selected,
  onSelect,
  height = 520,
  onPick,
  point = null,
  centerOnPoint = false,
  zoomToSelected = false,
  testId = 'areas-map',
  showCount = true,
  colours = null,
  tooltip,
  outlines = null,
  heatmap = null,
}: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const geo = useAreaGeoJson(date);
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const onSelectRef = useRef(onSelect);
  const onPickRef = useRef(onPick);
  const tooltipRef = useRef(tooltip);
  const centerRef = useRef(centerOnPoint && point ? point : null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    onSelectRef.current = onSelect;
    onPickRef.current = onPick;
    tooltipRef.current = tooltip;
  }, [onSelect, onPick, tooltip]);

  // One map per mounted component.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let map: MapLibreMap;
    try {
      map = new MapLibreMap({ container: el, style: baseStyle(), bounds: HANOI, attributionControl: false, dragRotate: false });
    } catch {
      // No WebGL (old browser, locked-down machine): the table still works.
      queueMicrotask(() => setFailed(true));
      return;
    }
    mapRef.current = map;
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    const popup = new Popup({ closeButton: false, closeOnClick: false });
    map.on('load', () => {
      addAreaLayers(map);
      setReady(true);
    });
    map.on('click', FILL, (e) => {
      const code = e.features?.[0]?.properties?.code;
      if (typeof code === 'string') onSelectRef.current?.(code);
    });
    map.on('click', (e) => onPickRef.current?.({ lon: Number(e.lngLat.lng.toFixed(6)), lat: Number(e.lngLat.lat.toFixed(6)) }));
    // The visible box (west,south,east,north), so tests and support can turn a coordinate into a pixel.
    map.on('moveend', () => {
      const b = map.getBounds();
      el.setAttribute('data-view', [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(','));
    });
    map.on('mousemove', FILL, (e) => {
      const props = e.features?.[0]?.properties;
      const name = props?.fullName;
      map.getCanvas().style.cursor = 'pointer';
      if (typeof name === 'string') {
        const text = tooltipRef.current && typeof props?.code === 'string' ? tooltipRef.current(props.code, name) : name;
        popup.setLngLat(e.lngLat).setText(text).addTo(map);
      }
    });
    map.on('mouseleave', FILL, () => {
      map.getCanvas().style.cursor = '';
      popup.remove();
    });
    return () => {
      popup.remove();
      map.remove();
      mapRef.current = null;
    };
  }, []);

  // Data → source; fit to it; publish the counts once drawn.
  useEffect(() => {
    const map = mapRef.current;
    const el = container.current;
    if (!ready || !map || !el || !geo.data) return;
    const fc = geo.data;
    const communes = fc.features.filter((f) => f.properties.kind !== 'outline');
    el.removeAttribute('data-feature-count');
    el.removeAttribute('data-rendered-count');
    (map.getSource(SOURCE) as GeoJSONSource).setData(fc as unknown as Parameters<GeoJSONSource['setData']>[0]);
    const box = communes.length > 0 ? bounds({ ...fc, features: communes }) : bounds(fc);
    const center = centerRef.current;
    if (center) map.jumpTo({ center: [center.lon, center.lat], zoom: 14 });
    else if (box) map.fitBounds(box, { padding: 16, duration: 0 });
    map.once('idle', () => {
      const drawn = new Set(map.queryRenderedFeatures({ layers: [FILL] }).map((f) => String(f.properties.code)));
      el.setAttribute('data-feature-count', String(communes.length));
      el.setAttribute('data-rendered-count', String(drawn.size));
    });
  }, [ready, geo.data]);

  // Colours: by type, or the caller's choropleth. The container says which (data-colours) once applied.
  useEffect(() => {
    const map = mapRef.current;
    const el = container.current;
    if (!ready || !map || !el) return;
    map.setPaintProperty(FILL, 'fill-color', colours ? colourExpression(colours) : TYPE_COLOURS);
    map.setPaintProperty(FILL, 'fill-opacity', colours ? (colours.opacity ?? 0.75) : TYPE_OPACITY);
    el.setAttribute('data-colours', colours ? String(Object.keys(colours.byCode).length) : 'type');
  }, [ready, colours]);

  useEffect(() => {
    const map = mapRef.current;
    const el = container.current;
    if (!ready || !map || !el) return;
    const entries = Object.entries(outlines ?? {});
    map.setFilter(HIGHLIGHT, ['in', ['get', 'code'], ['literal', entries.map(([code]) => code)]]);
    if (entries.length > 0) {
      const by = (f: (o: { colour: string; width: number }) => string | number, fallback: string | number) =>
        ['match', ['get', 'code'], ...entries.flatMap(([code, o]) => [code, f(o)]), fallback] as unknown as ExpressionSpecification;
      map.setPaintProperty(HIGHLIGHT, 'line-color', by((o) => o.colour, '#000000'));
      map.setPaintProperty(HIGHLIGHT, 'line-width', by((o) => o.width, 0));
    }
    el.setAttribute('data-outlines', String(entries.length));
  }, [ready, outlines]);

  // The heat map: the caller's points, weights scaled to 0–1; the container says how many points are drawn.
  useEffect(() => {
    const map = mapRef.current;
    const el = container.current;
    if (!ready || !map || !el) return;
    const points = heatmap?.points ?? [];
    const max = heatmap?.maxWeight ?? points.reduce((m, p) => Math.max(m, p[2]), 0);
    (map.getSource(HEAT_SOURCE) as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: points.map(([lon, lat, w]) => ({
        type: 'Feature',
        properties: { w: max > 0 ? Math.min(1, w / max) : 0 },
        geometry: { type: 'Point', coordinates: [lon, lat] },
      })),
    });
    map.setLayoutProperty(HEAT_LAYER, 'visibility', heatmap ? 'visible' : 'none');
    if (heatmap && map.getLayer(HEAT_LAYER)) el.setAttribute('data-heatmap', String(points.length));
    else el.removeAttribute('data-heatmap');
  }, [ready, heatmap]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    map.setFilter('areas-selected', ['==', ['get', 'code'], selected ?? '']);
  }, [ready, selected]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !zoomToSelected || !selected || !geo.data) return;
    const features = geo.data.features.filter((f) => f.properties.code === selected && f.properties.kind !== 'outline');
    const box = features.length > 0 ? bounds({ ...geo.data, features }) : null;
    if (box) map.fitBounds(box, { padding: 24, duration: 0, maxZoom: 15 });
  }, [ready, zoomToSelected, selected, geo.data]);

  useEffect(() => {
    const map = mapRef.current;
    const el = container.current;
    if (!ready || !map || !el) return;
    (map.getSource(POINT_SOURCE) as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: point ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [point.lon, point.lat] } }] : [],
    });
    if (point) el.setAttribute('data-point', `${point.lon},${point.lat}`);
    else el.removeAttribute('data-point');
  }, [ready, point]);

  const communes = geo.data?.features.filter((f) => f.properties.kind !== 'outline').length;
  return (
    <div>
      {failed && <Alert type="warning" showIcon title={t('areas.mapError')} style={{ marginBottom: 8 }} />}
      {geo.isError && <Alert type="error" showIcon title={errorText(geo.error)} style={{ marginBottom: 8 }} />}
      {showCount && communes !== undefined && communes > 0 && (
        <div style={{ marginBottom: 4, color: 'rgba(0,0,0,0.65)' }} data-testid="areas-map-count">
          {t('areas.mapFeatures', { count: communes })}
          <Legend />
        </div>
      )}
      <Spin spinning={geo.isFetching}>
        <div
          ref={container}
          data-testid={testId}
          style={{
            height,
            width: '100%',
            borderRadius: 8,
            overflow: 'hidden',
            display: failed ? 'none' : undefined,
            cursor: onPick ? 'crosshair' : undefined,
          }}
        />
      </Spin>
    </div>
  );
}

function Legend() {
  const { t } = useTranslation();
  const item = (color: string, label: string) => (
    <span style={{ marginLeft: 12, whiteSpace: 'nowrap' }}>
      <span style={{ display: 'inline-block', width: 10, height: 10, background: color, opacity: 0.6, marginRight: 4 }} />
      {label}
    </span>
  );
  return (
    <>
      {item('#4e79a7', t('areas.types.phuong'))}
      {item('#59a14f', t('areas.types.xa'))}
    </>
  );
}
