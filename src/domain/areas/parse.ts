/**
 * Pure parsers for the shipped area CSVs (data/areas/**). They take CSV text, normalise every field to
 * NFC and trim it, validate codes, types and names, and return typed rows.
 *
 * Every error names the source, the line (the header is line 1) and the column, so a bad file can be fixed
 * without a debugger.
 */
import { parseCsvTable, type CsvRecord } from '../csv';
import type { AreaType, LineageRelation } from './types';

/** Vietnamese unit-type names as written in the CSVs (NFC, lower case) → AreaType. */
const AREA_TYPES: ReadonlyMap<string, AreaType> = new Map([
  ['phường', 'phuong'],
  ['xã', 'xa'],
  ['thị trấn', 'thi_tran'],
  ['quận', 'quan'],
  ['huyện', 'huyen'],
  ['thị xã', 'thi_xa'],
  ['thành phố', 'thanh_pho'],
  ['tỉnh', 'tinh'],
  ['đặc khu', 'dac_khu'],
]);

const COMMUNE_TYPES: ReadonlySet<AreaType> = new Set(['phuong', 'xa', 'thi_tran', 'dac_khu']);
const DISTRICT_TYPES: ReadonlySet<AreaType> = new Set(['quan', 'huyen', 'thi_xa', 'thanh_pho']);
const PROVINCE_TYPES: ReadonlySet<AreaType> = new Set(['tinh', 'thanh_pho']);

/** Map a Vietnamese unit-type name ("Phường", "Thị trấn", …) to its AreaType, or undefined. */
export function toAreaType(vietnamese: string): AreaType | undefined {
  return AREA_TYPES.get(vietnamese.normalize('NFC').trim().toLocaleLowerCase('vi'));
}

/** A commune (phường / xã / thị trấn) of the pre-2025 three-tier scheme. */
export interface PreReformWardRow {
  readonly provinceCode: string;
  readonly provinceFullName: string;
  readonly districtCode: string;
  readonly districtFullName: string;
  readonly districtType: AreaType;
  readonly wardCode: string;
  readonly wardName: string;
  readonly wardFullName: string;
  readonly wardType: AreaType;
}

/** A district (quận / huyện / thị xã / thành phố) of the pre-2025 scheme. */
export interface DistrictRow {
  readonly provinceCode: string;
  readonly provinceFullName: string;
  readonly districtCode: string;
  readonly districtName: string;
  readonly districtFullName: string;
  readonly districtType: AreaType;
  readonly wardCount: number;
}

/** A commune (phường / xã / đặc khu) of the two-tier scheme from 2025-07-01. */
export interface WardRow2025 {
  readonly provinceCode: string;
  readonly provinceFullName: string;
  readonly wardCode: string;
  readonly wardName: string;
  readonly wardFullName: string;
  readonly wardType: AreaType;
}

/** A province of the two-tier scheme from 2025-07-01. */
export interface ProvinceRow2025 {
  readonly provinceCode: string;
  readonly provinceName: string;
  readonly provinceFullName: string;
  readonly provinceType: AreaType;
  readonly wardCount: number;
}

/** One (old commune → new commune) pair of the 2025-07-01 reform. */
export interface WardMappingRow {
  readonly oldProvinceCode: string;
  /** Empty in a few national rows whose old commune is missing from the pre-2025 list. */
  readonly oldDistrictCode: string | null;
  readonly oldWardCode: string;
  readonly oldWardFullName: string;
  readonly newProvinceCode: string;
  readonly newWardCode: string;
  readonly newWardFullName: string;
  readonly newWardType: AreaType;
  readonly relation: Exclude<LineageRelation, 'same'>;
  readonly oldWardTargetCount: number;
}

/** Reads one row's fields by column name, normalising and validating, with errors naming line and column. */
class RowReader {
  constructor(
    private readonly source: string,
    private readonly header: readonly string[],
    private readonly record: CsvRecord,
  ) {}

  fail(column: string, message: string): never {
    throw new Error(`${this.source}: line ${this.record.line}, column "${column}": ${message}`);
  }

  text(column: string, { optional = false } = {}): string {
    const index = this.header.indexOf(column);
    const raw = index < 0 ? undefined : this.record.fields[index];
    if (raw === undefined) this.fail(column, 'missing column');
    const value = raw.normalize('NFC').trim();
    if (!optional && value === '') this.fail(column, 'empty value');
    return value;
  }

  code(column: string, digits: number): string {
    const value = this.text(column);
    if (value.length !== digits || !/^[0-9]+$/.test(value)) {
      this.fail(column, `expected a ${digits}-digit zero-padded code, got "${value}"`);
    }
    return value;
  }

  optionalCode(column: string, digits: number): string | null {
    return this.text(column, { optional: true }) === '' ? null : this.code(column, digits);
  }

  count(column: string): number {
    const value = this.text(column);
    if (!/^[0-9]+$/.test(value)) this.fail(column, `expected a non-negative integer, got "${value}"`);
    return Number(value);
  }

  type(column: string, allowed: ReadonlySet<AreaType>): AreaType {
    const value = this.text(column);
    const type = toAreaType(value);
    if (type === undefined || !allowed.has(type)) {
      this.fail(column, `unknown or unexpected unit type "${value}"`);
    }
    return type;
  }

  /** The full name must be the type name followed by the short name ("Phường" + "Ba Đình"). */
  fullName(column: string, typeColumn: string, nameColumn: string): string {
    const fullName = this.text(column);
    const expected = `${this.text(typeColumn)} ${this.text(nameColumn)}`;
    if (fullName !== expected) this.fail(column, `"${fullName}" does not equal type + name "${expected}"`);
    return fullName;
  }

  /** The full name must start with a known unit-type name of the allowed kinds. */
  prefixedName(column: string, allowed: ReadonlySet<AreaType>): { fullName: string; type: AreaType } {
    const fullName = this.text(column);
    for (const [vietnamese, type] of AREA_TYPES) {
      if (allowed.has(type) && fullName.toLocaleLowerCase('vi').startsWith(`${vietnamese} `)) {
        return { fullName, type };
      }
    }
    this.fail(column, `"${fullName}" does not start with a known unit type`);
  }
}

function readRows<T>(text: string, source: string, columns: readonly string[], read: (row: RowReader) => T): T[] {
  const table = parseCsvTable(text, source, columns);
  return table.rows.map((record) => read(new RowReader(source, table.header, record)));
}

const PRE_WARD_COLUMNS = [
  'province_code',
  'province_full_name',
  'district_code',
  'district_full_name',
  'district_type',
  'ward_code',
  'ward_name',
  'ward_full_name',
  'ward_type',
] as const;

/** Parse `hanoi_wards_2024-11-01.csv` / `hanoi_wards_2025-03-01.csv` (pre-2025 communes). */
export function parsePreReformWards(text: string, source = 'wards CSV'): PreReformWardRow[] {
  return readRows(text, source, PRE_WARD_COLUMNS, (r) => {
    const district = r.prefixedName('district_full_name', DISTRICT_TYPES);
    const districtType = r.type('district_type', DISTRICT_TYPES);
    if (district.type !== districtType) r.fail('district_type', 'does not match the district full name');
    return {
      provinceCode: r.code('province_code', 2),
      provinceFullName: r.text('province_full_name'),
      districtCode: r.code('district_code', 3),
      districtFullName: district.fullName,
      districtType,
      wardCode: r.code('ward_code', 5),
      wardName: r.text('ward_name'),
      wardFullName: r.fullName('ward_full_name', 'ward_type', 'ward_name'),
      wardType: r.type('ward_type', new Set(['phuong', 'xa', 'thi_tran'])),
    };
  });
}

/** Parse `hanoi_districts_2024-11-01.csv` / `hanoi_districts_2025-03-01.csv`. */
export function parseDistricts(text: string, source = 'districts CSV'): DistrictRow[] {
  const columns = [
    'province_code',
    'province_full_name',
    'district_code',
    'district_name',
    'district_full_name',
    'district_type',
    'ward_count',
  ];
  return readRows(text, source, columns, (r) => ({
    provinceCode: r.code('province_code', 2),
    provinceFullName: r.text('province_full_name'),
    districtCode: r.code('district_code', 3),
    districtName: r.text('district_name'),
    districtFullName: r.fullName('district_full_name', 'district_type', 'district_name'),
    districtType: r.type('district_type', DISTRICT_TYPES),
    wardCount: r.count('ward_count'),
  }));
}

/** Parse `hanoi_wards_2025-07-01.csv` / `vn_wards_2025-07-01.csv` (communes from 2025-07-01). */
export function parseWards2025(text: string, source = 'wards 2025 CSV'): WardRow2025[] {
  const columns = ['province_code', 'province_full_name', 'ward_code', 'ward_name', 'ward_full_name', 'ward_type'];
  return readRows(text, source, columns, (r) => ({
    provinceCode: r.code('province_code', 2),
    provinceFullName: r.text('province_full_name'),
    wardCode: r.code('ward_code', 5),
    wardName: r.text('ward_name'),
    wardFullName: r.fullName('ward_full_name', 'ward_type', 'ward_name'),
    wardType: r.type('ward_type', new Set(['phuong', 'xa', 'dac_khu'])),
  }));
}

/** Parse `vn_provinces_2025-07-01.csv`. */
export function parseProvinces2025(text: string, source = 'provinces 2025 CSV'): ProvinceRow2025[] {
  const columns = ['province_code', 'province_name', 'province_full_name', 'province_type', 'ward_count'];
  return readRows(text, source, columns, (r) => ({
    provinceCode: r.code('province_code', 2),
    provinceName: r.text('province_name'),
    provinceFullName: r.fullName('province_full_name', 'province_type', 'province_name'),
    provinceType: r.type('province_type', PROVINCE_TYPES),
    wardCount: r.count('ward_count'),
  }));
}

/** Parse `hanoi_ward_mapping_old_to_new_2025.csv` / `vn_ward_mapping_old_to_new_2025.csv`. */
export function parseWardMapping(text: string, source = 'ward mapping CSV'): WardMappingRow[] {
  const columns = [
    'old_province_code',
    'old_district_code',
    'old_ward_code',
    'old_ward_full_name',
    'new_province_code',
    'new_ward_code',
    'new_ward_full_name',
    'new_ward_type',
    'relation',
    'old_ward_target_count',
  ];
  return readRows(text, source, columns, (r) => {
    const relationText = r.text('relation');
    const relation: WardMappingRow['relation'] =
      relationText === 'full' || relationText === 'partial'
        ? relationText
        : r.fail('relation', `expected "full" or "partial", got "${relationText}"`);
    const oldWardTargetCount = r.count('old_ward_target_count');
    if (oldWardTargetCount < 1) r.fail('old_ward_target_count', 'must be at least 1');
    const newWard = r.prefixedName('new_ward_full_name', COMMUNE_TYPES);
    const newWardType = r.type('new_ward_type', new Set(['phuong', 'xa', 'dac_khu']));
    if (newWard.type !== newWardType) r.fail('new_ward_type', 'does not match the new ward full name');
    return {
      oldProvinceCode: r.code('old_province_code', 2),
      oldDistrictCode: r.optionalCode('old_district_code', 3),
      oldWardCode: r.code('old_ward_code', 5),
      oldWardFullName: r.prefixedName('old_ward_full_name', COMMUNE_TYPES).fullName,
      newProvinceCode: r.code('new_province_code', 2),
      newWardCode: r.code('new_ward_code', 5),
      newWardFullName: newWard.fullName,
      newWardType,
      relation,
      oldWardTargetCount,
    };
  });
}
