import { useEffect, useRef, useState } from 'react';
import { Alert } from 'antd';
import {
  Map as MapLibreMap,
  NavigationControl,
  Popup,
  setWorkerUrl,
  type GeoJSONSource,
  type LngLatBoundsLike,
  type StyleSpecification,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useTranslation } from 'react-i18next';
import { todayIso } from '../../app/format';
import { useAreaGeoJson } from '../areas/api';

setWorkerUrl(workerUrl);

export interface MapMarker {
  id: string;
  lon: number;
  lat: number;
  colour: string;
  /** Popup text (plain). */
  text: string;
  href?: string;
}

const HANOI: LngLatBoundsLike = [105.28, 20.56, 106.03, 21.39];

function style(): StyleSpecification {
  const tileUrl = window.__BINHAN_CONFIG__?.tileUrl;
  const s: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f5' } }],
  };
  if (tileUrl) {
    s.sources.base = { type: 'raster', tiles: [tileUrl], tileSize: 256 };
    s.layers.push({ id: 'base', type: 'raster', source: 'base' });
  }
  return s;
}

/**
 * Points (events, posts) over today's commune boundaries; a click opens the point's popup with its link.
 * The container carries data-markers (points handed to the map) for tests.
 */
export function PointsMap({
  markers,
  height = 480,
  fit = 'city',
  testId = 'points-map',
}: {
  markers: MapMarker[];
  height?: number;
  fit?: 'city' | 'markers';
  testId?: string;
}) {
  const { t } = useTranslation();
  const geo = useAreaGeoJson(todayIso());
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const markersRef = useRef(markers);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    markersRef.current = markers;
  }, [markers]);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let map: MapLibreMap;
    try {
      map = new MapLibreMap({
        container: el,
        style: style(),
        bounds: HANOI,
        attributionControl: false,
        dragRotate: false,
      });
    } catch {
      queueMicrotask(() => setFailed(true));
      return;
    }
    mapRef.current = map;
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.on('load', () => {
      map.addSource('areas', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addLayer({
        id: 'areas-fill',
        type: 'fill',
        source: 'areas',
        paint: { 'fill-color': '#dbe4ec', 'fill-opacity': 0.6 },
      });
      map.addLayer({
        id: 'areas-line',
        type: 'line',
        source: 'areas',
        paint: { 'line-color': '#ffffff', 'line-width': 0.8 },
      });
      map.addSource('points', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addLayer({
        id: 'points',
        type: 'circle',
        source: 'points',
        paint: {
          'circle-radius': 7,
          'circle-color': ['get', 'colour'],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      });
      setReady(true);
    });
    map.on('click', 'points', (e) => {
      const id = e.features?.[0]?.properties?.id;
      const m = markersRef.current.find((x) => x.id === id);
      if (!m) return;
      const div = document.createElement('div');
      if (m.href) {
        const a = document.createElement('a');
        a.href = m.href;
        a.textContent = m.text;
        div.appendChild(a);
      } else div.textContent = m.text;
      new Popup({ closeButton: true }).setLngLat([m.lon, m.lat]).setDOMContent(div).addTo(map);
    });
    map.on('mouseenter', 'points', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'points', () => (map.getCanvas().style.cursor = ''));
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !geo.data) return;
    const features = geo.data.features.filter((f) => f.properties.kind !== 'outline');
    (map.getSource('areas') as GeoJSONSource).setData({ type: 'FeatureCollection', features } as unknown as Parameters<
      GeoJSONSource['setData']
    >[0]);
  }, [ready, geo.data]);

  useEffect(() => {
    const map = mapRef.current;
    const el = container.current;
    if (!ready || !map || !el) return;
    (map.getSource('points') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: markers.map((m) => ({
        type: 'Feature',
        properties: { id: m.id, colour: m.colour },
        geometry: { type: 'Point', coordinates: [m.lon, m.lat] },
      })),
    });
    if (fit === 'markers' && markers.length) {
      const lons = markers.map((m) => m.lon);
      const lats = markers.map((m) => m.lat);
      map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], {
        padding: 60,
        maxZoom: 16,
        duration: 0,
      });
    }
    el.setAttribute('data-markers', String(markers.length));
  }, [ready, markers, fit]);

  return (
    <div>
      {failed && <Alert type="warning" showIcon title={t('areas.mapError')} style={{ marginBottom: 8 }} />}
      <div
        ref={container}
        data-testid={testId}
        style={{ height, width: '100%', borderRadius: 8, overflow: 'hidden' }}
      />
    </div>
  );
}
