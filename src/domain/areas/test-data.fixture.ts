/**
 * Test support only (imported by *.test.ts, never by product code): loads the shipped area data from
 * data/areas with node:fs and builds the model the way a service would.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { buildLocator } from '../geo/pip';
import type { FeatureCollection } from '../geo/types';
import {
  buildAreas,
  GENERATION_2020,
  GENERATION_2025_01,
  GENERATION_2025_07,
  HANOI_PROVINCE_CODE,
  type AreaSources,
} from './generations';
import { buildAreaIndex, linkPreReformGenerations, linksFromMapping } from './lineage';
import { parseDistricts, parsePreReformWards, parseProvinces2025, parseWardMapping, parseWards2025 } from './parse';

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../data/areas');

export const readData = (path: string): string => readFileSync(join(DATA_DIR, path), 'utf8');

const read = <T>(path: string, parse: (text: string, source: string) => T): T => parse(readData(path), path);

export function loadSources(): AreaSources {
  return {
    hanoiDistricts2024: read('vn-admin-units-pre2025/hanoi_districts_2024-11-01.csv', parseDistricts),
    hanoiWards2024: read('vn-admin-units-pre2025/hanoi_wards_2024-11-01.csv', parsePreReformWards),
    hanoiDistricts2025: read('vn-admin-units-pre2025/hanoi_districts_2025-03-01.csv', parseDistricts),
    hanoiWards2025: read('vn-admin-units-pre2025/hanoi_wards_2025-03-01.csv', parsePreReformWards),
    hanoiWards2025Jul: read('vn-admin-units-2025/hanoi_wards_2025-07-01.csv', parseWards2025),
    provinces2025Jul: read('vn-admin-units-2025/vn_provinces_2025-07-01.csv', parseProvinces2025),
    wards2025Jul: read('vn-admin-units-2025/vn_wards_2025-07-01.csv', parseWards2025),
  };
}

export const loadHanoiMapping = () =>
  read('vn-admin-mapping-2025/hanoi_ward_mapping_old_to_new_2025.csv', parseWardMapping);

export const loadHanoiBoundaries = (display = false): FeatureCollection =>
  JSON.parse(
    readData(`hanoi-ward-boundaries-2025/hanoi_wards_2025${display ? '.display' : ''}.geojson`),
  ) as FeatureCollection;

/** Everything, built once per test file. */
export function loadModel() {
  const sources = loadSources();
  const areas = buildAreas(sources);
  const mapping = loadHanoiMapping();
  const preReform = linkPreReformGenerations(
    sources.hanoiWards2024,
    sources.hanoiWards2025,
    GENERATION_2020,
    GENERATION_2025_01,
  );
  const reform = linksFromMapping(mapping, GENERATION_2025_01, GENERATION_2025_07, HANOI_PROVINCE_CODE);
  const links = [...preReform.links, ...reform];
  const boundaries = loadHanoiBoundaries();
  const locate = buildLocator(boundaries);
  const index = buildAreaIndex(areas, links, [{ validFrom: GENERATION_2025_07.validFrom, validTo: null, locate }]);
  const indexWithoutPoints = buildAreaIndex(areas, links);
  return {
    sources,
    areas,
    mapping,
    links,
    reformLinks: reform,
    unmapped: preReform.unmapped,
    boundaries,
    locate,
    index,
    indexWithoutPoints,
  };
}
