/**
 * Build the display version of Hanoi's 2025 commune boundaries:
 *   data/areas/hanoi-ward-boundaries-2025/hanoi_wards_2025.geojson
 *   → data/areas/hanoi-ward-boundaries-2025/hanoi_wards_2025.display.geojson
 * Douglas–Peucker (src/domain/geo/simplify.ts), tolerance 0.0001° (≈ 11 m; ward shapes stay recognisable
 * at street zoom), coordinates rounded to 5 decimals (≈ 1 m). The output is committed; rerun after the
 * source changes:   npx tsx scripts/build-area-display.ts [--check]
 * With --check it writes nothing and exits 1 when the committed file differs from a fresh build.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { bboxOfGeometry, emptyBBox, unionBBox } from '../src/domain/geo/bbox';
import { countPositions, roundTo, simplifyCollection } from '../src/domain/geo/simplify';
import { isAreaGeometry, type FeatureCollection } from '../src/domain/geo/types';

const TOLERANCE = 0.0001;
const DECIMALS = 5;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'data/areas/hanoi-ward-boundaries-2025');
const input = join(dir, 'hanoi_wards_2025.geojson');
const output = join(dir, 'hanoi_wards_2025.display.geojson');

const source = JSON.parse(readFileSync(input, 'utf8')) as FeatureCollection;
const simplified = simplifyCollection(source, { tolerance: TOLERANCE, decimals: DECIMALS });
let box = emptyBBox();
let before = 0;
let after = 0;
for (const [i, f] of simplified.features.entries()) {
  const original = source.features[i]!.geometry;
  if (isAreaGeometry(f.geometry) && isAreaGeometry(original)) {
    box = unionBBox(box, bboxOfGeometry(f.geometry));
    before += countPositions(original);
    after += countPositions(f.geometry);
  }
}
const result = {
  type: 'FeatureCollection',
  bbox: box.map((v) => roundTo(v, DECIMALS)),
  features: simplified.features.map((f) => ({
    type: f.type,
    id: f.id,
    bbox: undefined,
    properties: f.properties,
    geometry: f.geometry,
  })),
};
const text = `${JSON.stringify(result)}\n`;

if (process.argv.includes('--check')) {
  const current = readFileSync(output, 'utf8');
  if (current !== text) {
    console.error(`${output} is out of date: run npx tsx scripts/build-area-display.ts`);
    process.exit(1);
  }
  console.log('display boundaries are up to date');
} else {
  writeFileSync(output, text);
  console.log(
    `${simplified.features.length} features, ${before} → ${after} positions, ` +
      `${readFileSync(input).length} → ${Buffer.byteLength(text)} bytes (tolerance ${TOLERANCE}°, ${DECIMALS} decimals)`,
  );
}
