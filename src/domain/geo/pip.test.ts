import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadHanoiBoundaries } from '../areas/test-data.fixture';
import { bboxContains, bboxIntersects, bboxOfGeometry } from './bbox';
import { buildLocator, buildNaiveLocator, pointInGeometry, pointInPolygon } from './pip';
import type { FeatureCollection, MultiPolygonGeometry } from './types';

const hanoi = loadHanoiBoundaries();
const locate = buildLocator(hanoi);
const names = new Map(hanoi.features.map((f) => [String(f.properties!['code']), String(f.properties!['fullName'])]));

/**
 * Landmarks ([lon, lat], WGS84) and the 2025 commune each lies in. Each is justified from the old→new
 * mapping (data/areas/vn-admin-mapping-2025) and Resolution 1656/NQ-UBTVQH15: the landmark's old commune
 * and the new commune it went into.
 */
const LANDMARKS: readonly { name: string; point: [number, number]; code: string; fullName: string; why: string }[] = [
  {
    name: 'Hồ Hoàn Kiếm',
    point: [105.8524, 21.0287],
    code: '00070',
    fullName: 'Phường Hoàn Kiếm',
    why: 'lake in old Hàng Trống/Lý Thái Tổ → Hoàn Kiếm (NQ 1656 art. 1 §1)',
  },
  {
    name: 'Văn Miếu - Quốc Tử Giám',
    point: [105.8355, 21.028],
    code: '00226',
    fullName: 'Phường Văn Miếu - Quốc Tử Giám',
    why: 'the ward is named after it',
  },
  {
    name: 'Lăng Chủ tịch Hồ Chí Minh',
    point: [105.8346, 21.0368],
    code: '00004',
    fullName: 'Phường Ba Đình',
    why: 'old Điện Biên/Quán Thánh area; Quán Thánh → Ba Đình full',
  },
  {
    name: 'Hoàng thành Thăng Long (Đoan Môn)',
    point: [105.8403, 21.034],
    code: '00004',
    fullName: 'Phường Ba Đình',
    why: 'old Phường Điện Biên, split; its part with the citadel → Ba Đình',
  },
  {
    name: 'Hồ Tây (middle of the lake)',
    point: [105.8195, 21.056],
    code: '00103',
    fullName: 'Phường Tây Hồ',
    why: 'the lake gives the ward its name',
  },
  {
    name: 'Sân vận động quốc gia Mỹ Đình',
    point: [105.7638, 21.0205],
    code: '00592',
    fullName: 'Phường Từ Liêm',
    why: 'old Phường Mỹ Đình 1 → Cầu Giấy / Từ Liêm; the stadium part → Từ Liêm',
  },
  {
    name: 'Sân bay Nội Bài (T2)',
    point: [105.807, 21.215],
    code: '00433',
    fullName: 'Xã Nội Bài',
    why: 'old Xã Phú Minh / Phú Cường (Sóc Sơn) → Xã Nội Bài',
  },
  {
    name: 'Cầu Long Biên (west abutment)',
    point: [105.854, 21.0405],
    code: '00097',
    fullName: 'Phường Hồng Hà',
    why: 'old Phường Phúc Xá → Hồng Hà full (NQ 1656 art. 1 §14)',
  },
  {
    name: 'Nhà hát Lớn Hà Nội',
    point: [105.858, 21.0242],
    code: '00082',
    fullName: 'Phường Cửa Nam',
    why: 'south of Tràng Tiền street, ~50 m inside; old Tràng Tiền, split: remainder → Cửa Nam (NQ 1656 art. 1 §2)',
  },
  {
    name: 'Chùa Hương (Thiên Trù)',
    point: [105.7466, 20.6197],
    code: '10489',
    fullName: 'Xã Hương Sơn',
    why: 'old Xã Hương Sơn (Mỹ Đức) → Xã Hương Sơn full',
  },
  {
    name: 'Làng cổ Đường Lâm',
    point: [105.483, 21.157],
    code: '09574',
    fullName: 'Phường Sơn Tây',
    why: 'old Xã Đường Lâm → Phường Sơn Tây full',
  },
  {
    name: 'Chùa Thầy',
    point: [105.6434, 21.0181],
    code: '09895',
    fullName: 'Xã Quốc Oai',
    why: 'old Xã Sài Sơn → Xã Quốc Oai full',
  },
  {
    name: 'Làng gốm Bát Tràng',
    point: [105.9125, 20.977],
    code: '00577',
    fullName: 'Xã Bát Tràng',
    why: 'old Xã Bát Tràng, split; its village part kept the name',
  },
  {
    name: 'Đại học Bách khoa Hà Nội',
    point: [105.8431, 21.005],
    code: '00292',
    fullName: 'Phường Bạch Mai',
    why: 'old Phường Bách Khoa → Bạch Mai full',
  },
];

describe('buildLocator', () => {
  it.each(LANDMARKS)('should place $name in $fullName', ({ point, code, fullName }) => {
    expect(locate(point[0], point[1])).toBe(code);
    expect(names.get(code)).toBe(fullName);
  });

  it('should place the landmarks identically on the simplified display boundaries', () => {
    const display = buildLocator(loadHanoiBoundaries(true));
    for (const l of LANDMARKS) expect(display(l.point[0], l.point[1]), l.name).toBe(l.code);
  });

  it('should return null outside Hanoi and for non-numbers', () => {
    expect(locate(106.7009, 10.7769)).toBeNull(); // Ho Chi Minh City
    expect(locate(105.3, 21.38)).toBeNull(); // inside the bounding box, outside the city
    expect(locate(Number.NaN, 21)).toBeNull();
  });

  it('should agree with a scan of all polygons on random points', () => {
    const naive = buildNaiveLocator(hanoi);
    const [minX, minY, maxX, maxY] = hanoi.bbox!;
    fc.assert(
      fc.property(
        fc.double({ min: minX!, max: maxX!, noNaN: true }),
        fc.double({ min: minY!, max: maxY!, noNaN: true }),
        (x, y) => {
          expect(locate(x, y)).toBe(naive(x, y));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('should agree with a scan of all polygons at every vertex and edge midpoint', () => {
    const naive = buildNaiveLocator(hanoi);
    const geometry = hanoi.features[0]!.geometry as MultiPolygonGeometry;
    const ring = geometry.coordinates[0]![0]!;
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i]! as [number, number];
      const [x2, y2] = ring[i + 1]! as [number, number];
      expect(locate(x1, y1)).toBe(naive(x1, y1));
      expect(locate((x1 + x2) / 2, (y1 + y2) / 2)).toBe(naive((x1 + x2) / 2, (y1 + y2) / 2));
    }
  });

  it('should handle holes and several parts, and a coarse grid gives the same answers', () => {
    const square = (x: number, y: number, s: number) => [
      [x, y],
      [x + s, y],
      [x + s, y + s],
      [x, y + s],
      [x, y],
    ];
    const collection: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: 'ring' },
          geometry: { type: 'Polygon', coordinates: [square(0, 0, 10), square(3, 3, 4)] },
        },
        {
          type: 'Feature',
          properties: { code: 'island' },
          geometry: { type: 'Polygon', coordinates: [square(4, 4, 2)] },
        },
        {
          type: 'Feature',
          properties: { code: 'two-parts' },
          geometry: { type: 'MultiPolygon', coordinates: [[square(20, 0, 2)], [square(30, 0, 2)]] },
        },
      ],
    };
    for (const cells of [1, 16, 10_000]) {
      const l = buildLocator(collection, 'code', { cells });
      expect(l(1, 1)).toBe('ring');
      expect(l(3.5, 3.5)).toBeNull(); // in the hole, outside the island
      expect(l(5, 5)).toBe('island');
      expect(l(21, 1)).toBe('two-parts');
      expect(l(31, 1)).toBe('two-parts');
      expect(l(25, 1)).toBeNull();
    }
    expect(pointInPolygon(3.5, 3.5, [square(0, 0, 10), square(3, 3, 4)])).toBe(false);
    expect(pointInPolygon(1, 1, [square(0, 0, 10), square(3, 3, 4)])).toBe(true);
  });

  it('should throw on a feature without code or with a non-polygon geometry', () => {
    const point = {
      type: 'Feature',
      properties: { code: 'x' },
      geometry: { type: 'Point', coordinates: [0, 0] },
    } as const;
    expect(() => buildLocator({ type: 'FeatureCollection', features: [point] })).toThrow(
      'feature 0: geometry is not a Polygon or MultiPolygon',
    );
    const noCode = { ...hanoi.features[0]!, id: undefined, properties: {} };
    expect(() => buildLocator({ type: 'FeatureCollection', features: [noCode] })).toThrow(
      'feature 0: no "code" property',
    );
  });
});

describe('bbox', () => {
  it('should bound every commune and contain its landmarks', () => {
    for (const l of LANDMARKS) {
      const feature = hanoi.features.find((f) => f.properties!['code'] === l.code)!;
      const box = bboxOfGeometry(feature.geometry as MultiPolygonGeometry);
      expect(bboxContains(box, l.point[0], l.point[1])).toBe(true);
      expect(pointInGeometry(l.point[0], l.point[1], feature.geometry as MultiPolygonGeometry)).toBe(true);
      expect(bboxIntersects(box, [l.point[0], l.point[1], l.point[0], l.point[1]])).toBe(true);
    }
    expect(bboxIntersects([0, 0, 1, 1], [2, 2, 3, 3])).toBe(false);
  });
});
