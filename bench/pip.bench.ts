/**
 * Point-in-polygon benchmark: Hanoi's 126 commune polygons (133k vertices), 1,000,000 pseudo-random
 * points over the city's bounding box (deterministic), placed by the grid locator of
 * src/domain/geo/pip.ts, against baselines measured in the same run over the same points:
 * - naive scan of all polygons with a bounding-box check per polygon (the usual first implementation);
 * - naive scan of all polygons without it (textbook).
 * The baselines run on a prefix of the points (they are slow); rates are compared per point, and the
 * answers must agree point for point.
 *
 * Run: npx tsx bench/pip.bench.ts [points]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { buildLocator, buildNaiveLocator, type Locator } from '../src/domain/geo/pip';
import type { FeatureCollection } from '../src/domain/geo/types';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const collection = JSON.parse(
  readFileSync(join(root, 'data/areas/hanoi-ward-boundaries-2025/hanoi_wards_2025.geojson'), 'utf8'),
) as FeatureCollection & { bbox: [number, number, number, number] };

const N = Number(process.argv[2] ?? 1_000_000);
const NAIVE_BBOX_N = Math.min(N, 100_000);
const NAIVE_FULL_N = Math.min(N, 5_000);

// Deterministic points (mulberry32) over the collection's bounding box.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20250701);
const [minX, minY, maxX, maxY] = collection.bbox;
const xs = new Float64Array(N);
const ys = new Float64Array(N);
for (let i = 0; i < N; i++) {
  xs[i] = minX + random() * (maxX - minX);
  ys[i] = minY + random() * (maxY - minY);
}

function run(locate: Locator, count: number): { seconds: number; found: number; results: (string | null)[] } {
  const results: (string | null)[] = new Array(count);
  let found = 0;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const code = locate(xs[i]!, ys[i]!);
    results[i] = code;
    if (code !== null) found++;
  }
  return { seconds: (performance.now() - t0) / 1000, found, results };
}

const t0 = performance.now();
const grid = buildLocator(collection);
const buildSeconds = (performance.now() - t0) / 1000;
const naiveBBox = buildNaiveLocator(collection, 'code', true);
const naiveFull = buildNaiveLocator(collection, 'code', false);

run(grid, Math.min(N, 50_000)); // warm-up
const fast = run(grid, N);
const slowBBox = run(naiveBBox, NAIVE_BBOX_N);
const slowFull = run(naiveFull, NAIVE_FULL_N);

let disagreements = 0;
for (let i = 0; i < NAIVE_BBOX_N; i++) if (fast.results[i] !== slowBBox.results[i]) disagreements++;
for (let i = 0; i < NAIVE_FULL_N; i++) if (fast.results[i] !== slowFull.results[i]) disagreements++;

const rate = (count: number, s: number) => count / s;
const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
const gridRate = rate(N, fast.seconds);
const bboxRate = rate(NAIVE_BBOX_N, slowBBox.seconds);
const fullRate = rate(NAIVE_FULL_N, slowFull.seconds);
console.log(`pip: ${collection.features.length} polygons, ${fmt(N)} points (${fmt(fast.found)} inside a commune)`);
console.log(`  grid index build     ${buildSeconds.toFixed(3)} s`);
console.log(`  grid locator         ${fmt(gridRate)} points/s  (${fast.seconds.toFixed(3)} s for ${fmt(N)})`);
console.log(
  `  naive scan + bbox    ${fmt(bboxRate)} points/s  (${fmt(NAIVE_BBOX_N)} points)  ratio ${(gridRate / bboxRate).toFixed(1)}×`,
);
console.log(
  `  naive scan, no bbox  ${fmt(fullRate)} points/s  (${fmt(NAIVE_FULL_N)} points)  ratio ${(gridRate / fullRate).toFixed(1)}×`,
);
console.log(`  disagreements with the baselines: ${disagreements}`);
if (disagreements > 0) process.exitCode = 1;
