import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildAreas,
  GENERATION_2020,
  GENERATION_2025_01,
  GENERATION_2025_07,
  HANOI_PROVINCE_CODE,
} from '../../../domain/areas/generations';
import { linkPreReformGenerations, linksFromMapping } from '../../../domain/areas/lineage';
import {
  parseDistricts,
  parsePreReformWards,
  parseProvinces2025,
  parseWardMapping,
  parseWards2025,
} from '../../../domain/areas/parse';
import type { Area, IsoDate, LineageLink, UnmappedArea } from '../../../domain/areas/types';
import { simplifyGeometry } from '../../../domain/geo/simplify';
import { isAreaGeometry, type AreaGeometry, type FeatureCollection } from '../../../domain/geo/types';

/** The shipped reference data folder (data/areas), found from this file so the cwd does not matter. */
export const AREA_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../data/areas');

export interface GenerationRecord {
  id: string;
  label: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  source: string;
}

export interface BoundaryRecord {
  code: string;
  validFrom: IsoDate;
  geometry: AreaGeometry;
  displayGeometry: AreaGeometry;
}

/** Everything one load or import writes: a generation's areas, its links to the previous one, boundaries. */
export interface AreaDataset {
  generations: GenerationRecord[];
  areas: (Area & { generationId: string | null })[];
  links: LineageLink[];
  unmapped: UnmappedArea[];
  boundaries: BoundaryRecord[];
}

/** Display simplification: Douglas–Peucker 0.0001° (~11 m), coordinates to 5 decimals. */
export const DISPLAY_SIMPLIFY = { tolerance: 0.0001, decimals: 5 } as const;

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

export function readBoundaries(text: string, source: string, validFrom: IsoDate, codeProp = 'code'): BoundaryRecord[] {
  let fc: FeatureCollection;
  try {
    fc = JSON.parse(text) as FeatureCollection;
  } catch {
    throw new Error(`${source}: not valid JSON`);
  }
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error(`${source}: not a GeoJSON FeatureCollection`);
  return fc.features.map((f, i) => {
    const code = String((f.properties as Record<string, unknown> | null)?.[codeProp] ?? '');
    if (!/^\d{2,5}$/.test(code)) throw new Error(`${source}: feature ${i + 1} has no ${codeProp} property`);
    if (!isAreaGeometry(f.geometry)) throw new Error(`${source}: feature ${i + 1} (${code}) is not a Polygon or MultiPolygon`);
    return { code, validFrom, geometry: f.geometry, displayGeometry: simplifyGeometry(f.geometry, DISPLAY_SIMPLIFY) };
  });
}

/**
 * The built-in dataset: Hanoi 2020 (579 communes, 30 districts), Hanoi 2025-01 (526), and the national
 * two-tier list from 2025-07-01 (34 provinces, 3,321 communes) with Hanoi's 526→126 lineage and boundaries.
 */
export function loadBuiltInDataset(dir = AREA_DATA_DIR): AreaDataset {
  const sources = {
    hanoiDistricts2024: parseDistricts(read(dir, 'vn-admin-units-pre2025/hanoi_districts_2024-11-01.csv'), 'hanoi_districts_2024-11-01.csv'),
    hanoiWards2024: parsePreReformWards(read(dir, 'vn-admin-units-pre2025/hanoi_wards_2024-11-01.csv'), 'hanoi_wards_2024-11-01.csv'),
    hanoiDistricts2025: parseDistricts(read(dir, 'vn-admin-units-pre2025/hanoi_districts_2025-03-01.csv'), 'hanoi_districts_2025-03-01.csv'),
    hanoiWards2025: parsePreReformWards(read(dir, 'vn-admin-units-pre2025/hanoi_wards_2025-03-01.csv'), 'hanoi_wards_2025-03-01.csv'),
    hanoiWards2025Jul: parseWards2025(read(dir, 'vn-admin-units-2025/hanoi_wards_2025-07-01.csv'), 'hanoi_wards_2025-07-01.csv'),
    provinces2025Jul: parseProvinces2025(read(dir, 'vn-admin-units-2025/vn_provinces_2025-07-01.csv'), 'vn_provinces_2025-07-01.csv'),
    wards2025Jul: parseWards2025(read(dir, 'vn-admin-units-2025/vn_wards_2025-07-01.csv'), 'vn_wards_2025-07-01.csv'),
  };
  const generationOf = (a: Area): string | null => {
    if (a.level === 1) return null;
    if (a.validFrom === GENERATION_2025_07.validFrom) return GENERATION_2025_07.id;
    if (a.validFrom === GENERATION_2025_01.validFrom) return GENERATION_2025_01.id;
    return GENERATION_2020.id;
  };
  const areas = buildAreas(sources).map((a) => ({ ...a, generationId: generationOf(a) }));
  const pre = linkPreReformGenerations(sources.hanoiWards2024, sources.hanoiWards2025, GENERATION_2020, GENERATION_2025_01);
  const mapping = parseWardMapping(read(dir, 'vn-admin-mapping-2025/hanoi_ward_mapping_old_to_new_2025.csv'), 'hanoi_ward_mapping_old_to_new_2025.csv');
  const reform = linksFromMapping(mapping, GENERATION_2025_01, GENERATION_2025_07, HANOI_PROVINCE_CODE);
  const boundaries = readBoundaries(
    read(dir, 'hanoi-ward-boundaries-2025/hanoi_wards_2025.geojson'),
    'hanoi_wards_2025.geojson',
    GENERATION_2025_07.validFrom,
  );
  const outline = JSON.parse(read(dir, 'hanoi-ward-boundaries-2025/hanoi_province_2025.geojson')) as FeatureCollection;
  const outlineGeometry = outline.features.find((f) => isAreaGeometry(f.geometry))?.geometry;
  if (outlineGeometry && isAreaGeometry(outlineGeometry)) {
    boundaries.push({
      code: HANOI_PROVINCE_CODE,
      validFrom: GENERATION_2020.validFrom,
      geometry: outlineGeometry,
      displayGeometry: simplifyGeometry(outlineGeometry, DISPLAY_SIMPLIFY),
    });
  }
  const source = 'data/areas (GSO code lists via thanglequoc/vietnamese-provinces-database; dvhcvn mapping; sapnhap.bando.com.vn boundaries)';
  return {
    generations: [
      { id: GENERATION_2020.id, label: 'Hà Nội: 30 quận, huyện, thị xã; 579 xã, phường, thị trấn', validFrom: GENERATION_2020.validFrom, validTo: GENERATION_2020.validTo, source },
      { id: GENERATION_2025_01.id, label: 'Hà Nội: 30 quận, huyện, thị xã; 526 xã, phường, thị trấn', validFrom: GENERATION_2025_01.validFrom, validTo: GENERATION_2025_01.validTo, source },
      { id: GENERATION_2025_07.id, label: 'Hai cấp: 34 tỉnh, thành phố; 3.321 xã, phường, đặc khu (Hà Nội 126)', validFrom: GENERATION_2025_07.validFrom, validTo: null, source },
    ],
    areas,
    links: [...pre.links, ...reform],
    unmapped: pre.unmapped,
    boundaries,
  };
}

/**
 * A new generation from files (`binhan areas import`): the communes list in the 2025 format (one row per
 * commune with its province), the old→new mapping (full/partial), and optional boundaries. The next reform
 * is data, not code.
 */
export function readGenerationFiles(opts: {
  id: string;
  label: string;
  validFrom: IsoDate;
  previousValidFrom: IsoDate;
  unitsFile: string;
  mappingFile: string;
  boundariesFile?: string;
}): { generation: GenerationRecord; communes: ReturnType<typeof parseWards2025>; links: LineageLink[]; boundaries: BoundaryRecord[] } {
  const communes = parseWards2025(fs.readFileSync(opts.unitsFile, 'utf8'), path.basename(opts.unitsFile));
  const mapping = parseWardMapping(fs.readFileSync(opts.mappingFile, 'utf8'), path.basename(opts.mappingFile));
  const links = linksFromMapping(
    mapping,
    { id: 'previous', validFrom: opts.previousValidFrom, validTo: null },
    { id: opts.id, validFrom: opts.validFrom, validTo: null },
  );
  const boundaries = opts.boundariesFile
    ? readBoundaries(fs.readFileSync(opts.boundariesFile, 'utf8'), path.basename(opts.boundariesFile), opts.validFrom)
    : [];
  return {
    generation: { id: opts.id, label: opts.label, validFrom: opts.validFrom, validTo: null, source: path.basename(opts.unitsFile) },
    communes,
    links,
    boundaries,
  };
}
