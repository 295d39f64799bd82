/**
 * Administrative areas (địa bàn) with validity intervals, and the lineage between generations.
 *
 * A code is unique only within its validity interval: the 2025 reform reused predecessor codes (e.g.
 * `00004` is Phường Trúc Bạch until 2025-06-30 and Phường Ba Đình from 2025-07-01), so every reference to
 * an area is the pair (code, date).
 */

/**
 * Kind of administrative unit. Vietnamese names: phường (urban ward), xã (rural commune), thị trấn
 * (pre-2025 town, commune level), quận (urban district), huyện (rural district), thị xã (district-level
 * town), thành phố (city: a province-level city or, before 2025, a district-level city), tỉnh (province),
 * đặc khu (special zone, commune level from 2025-07-01).
 */
export type AreaType = 'phuong' | 'xa' | 'thi_tran' | 'quan' | 'huyen' | 'thi_xa' | 'thanh_pho' | 'tinh' | 'dac_khu';

/** 1 = province (tỉnh / thành phố trực thuộc trung ương), 2 = district (cấp huyện), 3 = commune (cấp xã). */
export type AreaLevel = 1 | 2 | 3;

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export interface Area {
  /** Zero-padded official GSO code: 2 digits (province), 3 (district), 5 (commune). */
  readonly code: string;
  /** Name without the type prefix, NFC ("Ba Đình"). */
  readonly name: string;
  /** Name with the type prefix, NFC ("Phường Ba Đình"). */
  readonly fullName: string;
  readonly type: AreaType;
  readonly level: AreaLevel;
  /** Code of the parent area valid over this area's whole interval; null for a province. */
  readonly parentCode: string | null;
  /** First day the area exists (inclusive). */
  readonly validFrom: IsoDate;
  /** Last day the area exists (inclusive); null while it is current. */
  readonly validTo: IsoDate | null;
}

/**
 * `full`: the whole old area went into the new one. `partial`: the old area was split and only part of it
 * went into the new one. `same`: the old and new areas are the same unit (same code and name) in two
 * consecutive generations.
 */
export type LineageRelation = 'full' | 'partial' | 'same';

/** A link from an area of one generation to an area of the next; both ends are (code, validFrom). */
export interface LineageLink {
  readonly fromCode: string;
  readonly fromValidFrom: IsoDate;
  readonly toCode: string;
  readonly toValidFrom: IsoDate;
  readonly relation: LineageRelation;
}

/** Why an area that ended has no lineage link to the next generation. */
export type UnmappedReason = 'code-reused-with-other-name' | 'missing-from-next-generation';

/** An area of an older generation that the lists cannot link to the next generation. */
export interface UnmappedArea {
  readonly code: string;
  readonly validFrom: IsoDate;
  readonly fullName: string;
  readonly reason: UnmappedReason;
  /** For `code-reused-with-other-name`: the full name the code carries in the next generation. */
  readonly nextFullName?: string;
}
