/**
 * The generations of areas Bình An holds, built from the parsed reference lists.
 *
 * | generation | communes | districts | valid |
 * |---|---|---|---|
 * | Hanoi, three tiers | 579 (list of 2024-11-01) | 30 | 2020-01-01 → 2024-12-31 |
 * | Hanoi, three tiers | 526 (list of 2025-03-01) | the same 30 | 2025-01-01 → 2025-06-30 |
 * | national, two tiers | 3,321 in 34 provinces, Hanoi 126 | none | 2025-07-01 → |
 *
 * Validity: Resolution 1318/NQ-UBTVQH15 merged Hanoi's 579 communes to 526 with effect from 2025-01-01, so
 * the 2024-11-01 list holds until 2024-12-31 and the 2025-03-01 list from 2025-01-01 (no Hanoi change
 * between those dates); the two-tier scheme starts 2025-07-01. The 579 generation is given 2020-01-01 as
 * its start because the demo data starts in 2020 (the list proves only its state on 2024-11-01).
 * Hà Nội itself (province 01) is one area from 2020-01-01 with no end; the other 33 provinces of 2025 are
 * loaded from 2025-07-01 only (the pre-2025 national lists are not part of this model).
 */
import type { PreReformWardRow, DistrictRow, ProvinceRow2025, WardRow2025 } from './parse';
import type { Area, IsoDate } from './types';

export const HANOI_PROVINCE_CODE = '01';

export interface Generation {
  readonly id: string;
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
}

/** Hanoi's 579 communes in 30 districts (list of 2024-11-01). */
export const GENERATION_2020: Generation = { id: 'hanoi-2020', validFrom: '2020-01-01', validTo: '2024-12-31' };
/** Hanoi's 526 communes in 30 districts (list of 2025-03-01). */
export const GENERATION_2025_01: Generation = {
  id: 'hanoi-2025-01',
  validFrom: '2025-01-01',
  validTo: '2025-06-30',
};
/** Two tiers from 2025-07-01: 34 provinces, 3,321 communes (Hanoi 126), no districts. */
export const GENERATION_2025_07: Generation = { id: 'vn-2025-07', validFrom: '2025-07-01', validTo: null };

export const GENERATIONS: readonly Generation[] = [GENERATION_2020, GENERATION_2025_01, GENERATION_2025_07];

/** The parsed lists the generations are built from (see data/areas/README). */
export interface AreaSources {
  /** hanoi_districts_2024-11-01.csv */
  readonly hanoiDistricts2024: readonly DistrictRow[];
  /** hanoi_wards_2024-11-01.csv (579) */
  readonly hanoiWards2024: readonly PreReformWardRow[];
  /** hanoi_districts_2025-03-01.csv */
  readonly hanoiDistricts2025: readonly DistrictRow[];
  /** hanoi_wards_2025-03-01.csv (526) */
  readonly hanoiWards2025: readonly PreReformWardRow[];
  /** hanoi_wards_2025-07-01.csv (126); must equal province 01 of the national list. */
  readonly hanoiWards2025Jul: readonly WardRow2025[];
  /** vn_provinces_2025-07-01.csv (34) */
  readonly provinces2025Jul: readonly ProvinceRow2025[];
  /** vn_wards_2025-07-01.csv (3,321) */
  readonly wards2025Jul: readonly WardRow2025[];
}

/**
 * Build every area of every generation. Pure; throws an Error naming the list and code when the lists
 * contradict each other (a ward count that does not add up, a Hanoi list that differs from the national
 * one, a commune whose district is missing).
 */
export function buildAreas(sources: AreaSources): Area[] {
  const areas: Area[] = [];
  const provinces = sources.provinces2025Jul;
  const hanoi = provinces.find((p) => p.provinceCode === HANOI_PROVINCE_CODE);
  if (!hanoi) throw new Error('vn_provinces_2025-07-01: Hà Nội (01) is missing');

  // Provinces. Hà Nội existed unchanged as province 01 before the reform: one area from the start.
  for (const p of provinces) {
    const since = p.provinceCode === HANOI_PROVINCE_CODE ? GENERATION_2020.validFrom : GENERATION_2025_07.validFrom;
    areas.push({
      code: p.provinceCode,
      name: p.provinceName,
      fullName: p.provinceFullName,
      type: p.provinceType,
      level: 1,
      parentCode: null,
      validFrom: since,
      validTo: null,
    });
  }
  for (const row of [...sources.hanoiWards2024, ...sources.hanoiWards2025]) {
    if (row.provinceCode !== HANOI_PROVINCE_CODE || row.provinceFullName !== hanoi.provinceFullName) {
      throw new Error(`Hanoi pre-2025 list: commune ${row.wardCode} is in province ${row.provinceCode}`);
    }
  }

  areas.push(...buildDistricts(sources));
  areas.push(
    ...buildPreReformCommunes(sources.hanoiWards2024, sources.hanoiDistricts2024, GENERATION_2020, '2024-11-01'),
  );
  areas.push(
    ...buildPreReformCommunes(sources.hanoiWards2025, sources.hanoiDistricts2025, GENERATION_2025_01, '2025-03-01'),
  );
  areas.push(...buildTwoTierCommunes(sources));
  return areas;
}

function buildDistricts(sources: AreaSources): Area[] {
  const toArea = (d: DistrictRow, from: IsoDate, to: IsoDate): Area => ({
    code: d.districtCode,
    name: d.districtName,
    fullName: d.districtFullName,
    type: d.districtType,
    level: 2,
    parentCode: d.provinceCode,
    validFrom: from,
    validTo: to,
  });
  const later = new Map(sources.hanoiDistricts2025.map((d) => [d.districtCode, d]));
  const areas: Area[] = [];
  for (const d of sources.hanoiDistricts2024) {
    const next = later.get(d.districtCode);
    if (next && next.districtFullName === d.districtFullName && next.districtType === d.districtType) {
      // The same district in both lists (only its ward count changed): one area over both generations.
      areas.push(toArea(d, GENERATION_2020.validFrom, GENERATION_2025_01.validTo!));
      later.delete(d.districtCode);
    } else {
      areas.push(toArea(d, GENERATION_2020.validFrom, GENERATION_2020.validTo!));
    }
  }
  for (const d of later.values()) areas.push(toArea(d, GENERATION_2025_01.validFrom, GENERATION_2025_01.validTo!));
  return areas;
}

function buildPreReformCommunes(
  wards: readonly PreReformWardRow[],
  districts: readonly DistrictRow[],
  generation: Generation,
  listDate: string,
): Area[] {
  const byDistrict = new Map(districts.map((d) => [d.districtCode, { row: d, seen: 0 }]));
  const codes = new Set<string>();
  const areas = wards.map((w): Area => {
    const district = byDistrict.get(w.districtCode);
    if (!district)
      throw new Error(`Hanoi wards ${listDate}: commune ${w.wardCode} has unknown district ${w.districtCode}`);
    if (district.row.districtFullName !== w.districtFullName) {
      throw new Error(`Hanoi wards ${listDate}: commune ${w.wardCode} names district ${w.districtCode} differently`);
    }
    if (codes.has(w.wardCode)) throw new Error(`Hanoi wards ${listDate}: duplicate commune code ${w.wardCode}`);
    codes.add(w.wardCode);
    district.seen++;
    return {
      code: w.wardCode,
      name: w.wardName,
      fullName: w.wardFullName,
      type: w.wardType,
      level: 3,
      parentCode: w.districtCode,
      validFrom: generation.validFrom,
      validTo: generation.validTo,
    };
  });
  for (const { row, seen } of byDistrict.values()) {
    if (row.wardCount !== seen) {
      throw new Error(
        `Hanoi districts ${listDate}: district ${row.districtCode} declares ${row.wardCount} communes, the list has ${seen}`,
      );
    }
  }
  return areas;
}

function buildTwoTierCommunes(sources: AreaSources): Area[] {
  const perProvince = new Map(sources.provinces2025Jul.map((p) => [p.provinceCode, { row: p, seen: 0 }]));
  const codes = new Set<string>();
  const areas = sources.wards2025Jul.map((w): Area => {
    const province = perProvince.get(w.provinceCode);
    if (!province) throw new Error(`vn_wards_2025-07-01: commune ${w.wardCode} has unknown province ${w.provinceCode}`);
    if (codes.has(w.wardCode)) throw new Error(`vn_wards_2025-07-01: duplicate commune code ${w.wardCode}`);
    codes.add(w.wardCode);
    province.seen++;
    return {
      code: w.wardCode,
      name: w.wardName,
      fullName: w.wardFullName,
      type: w.wardType,
      level: 3,
      parentCode: w.provinceCode,
      validFrom: GENERATION_2025_07.validFrom,
      validTo: GENERATION_2025_07.validTo,
    };
  });
  for (const { row, seen } of perProvince.values()) {
    if (row.wardCount !== seen) {
      throw new Error(
        `vn_provinces_2025-07-01: province ${row.provinceCode} declares ${row.wardCount} communes, the list has ${seen}`,
      );
    }
  }
  // Hanoi's own list is the same 126 communes as province 01 of the national list: check, do not duplicate.
  const national = new Map(
    sources.wards2025Jul.filter((w) => w.provinceCode === HANOI_PROVINCE_CODE).map((w) => [w.wardCode, w]),
  );
  if (national.size !== sources.hanoiWards2025Jul.length) {
    throw new Error(
      `hanoi_wards_2025-07-01 has ${sources.hanoiWards2025Jul.length} communes, the national list ${national.size} for Hà Nội`,
    );
  }
  for (const w of sources.hanoiWards2025Jul) {
    const n = national.get(w.wardCode);
    if (!n || n.wardFullName !== w.wardFullName || n.wardType !== w.wardType) {
      throw new Error(`hanoi_wards_2025-07-01: commune ${w.wardCode} differs from the national list`);
    }
  }
  return areas;
}
