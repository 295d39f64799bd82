import type { Label } from './kinds';

/**
 * Severity class of a road traffic accident (phân loại vụ tai nạn giao thông đường bộ).
 *
 * Source: Circular 26/2024/TT-BCA (statistics and classification of road traffic accidents), whose
 * thresholds for nghiêm trọng / rất nghiêm trọng / đặc biệt nghiêm trọng follow clauses 1, 2 and 3 of
 * Penal Code art. 260 (as amended 2017) — deaths, the sum of the injured people's body-injury percentages
 * (tỷ lệ tổn thương cơ thể) and property damage — and whose lowest classes (va chạm, ít nghiêm trọng) cover
 * what falls below them. Deaths count when they occur within 7 days of the accident.
 *
 * ⚠ WRITTEN FROM MEMORY, NOT FROM THE OFFICIAL TEXT: every threshold below must be checked against the
 * circular before figures are published. Rules marked `uncertain` are the least sure: the death + injury
 * combinations (taken from the older guidance on art. 202 / 260 combinations, Resolution 02/2003/NQ-HĐTP)
 * and the lower bounds of "ít nghiêm trọng" (11 % injury, 10 million VND damage). The rules are data
 * (`TRAFFIC_SEVERITY_RULES`), evaluated from the most severe class down; correcting a threshold is a
 * change to the table, not to code.
 */

export const TRAFFIC_SEVERITY_CLASSES = [
  'va_cham',
  'it_nghiem_trong',
  'nghiem_trong',
  'rat_nghiem_trong',
  'dac_biet_nghiem_trong',
] as const;
export type TrafficSeverity = (typeof TRAFFIC_SEVERITY_CLASSES)[number];

export const TRAFFIC_SEVERITY_LABELS: Readonly<Record<TrafficSeverity, Label>> = {
  va_cham: { vi: 'Va chạm giao thông', en: 'Collision' },
  it_nghiem_trong: { vi: 'Tai nạn ít nghiêm trọng', en: 'Minor accident' },
  nghiem_trong: { vi: 'Tai nạn nghiêm trọng', en: 'Serious accident' },
  rat_nghiem_trong: { vi: 'Tai nạn rất nghiêm trọng', en: 'Very serious accident' },
  dac_biet_nghiem_trong: { vi: 'Tai nạn đặc biệt nghiêm trọng', en: 'Especially serious accident' },
};

/** One condition set; every given part must hold. */
export interface SeverityCriterion {
  /** At least this many deaths (within 7 days). */
  minDeaths?: number;
  /** At least this much property damage, VND. */
  minDamageVnd?: number;
  /**
   * Injured people: among those whose injury percentage is at least `minEachPct` (default: above 0), there
   * are at least `minPersons`, and their percentages add up to at least `minTotalPct` (default 0).
   */
  injured?: { minPersons: number; minEachPct?: number; minTotalPct?: number };
}

export interface SeverityRule {
  readonly id: string;
  readonly severity: Exclude<TrafficSeverity, 'va_cham'>;
  readonly criterion: SeverityCriterion;
  readonly description: Label;
  /** True when the rule is the least sure part of the table (see the module comment). */
  readonly uncertain?: boolean;
}

const BILLION = 1_000_000_000;
const MILLION = 1_000_000;

/** The classification table, most severe first. Anything matching no rule is a collision (va chạm). */
export const TRAFFIC_SEVERITY_RULES: readonly SeverityRule[] = [
  {
    id: 'dbnt-deaths',
    severity: 'dac_biet_nghiem_trong',
    criterion: { minDeaths: 3 },
    description: { vi: 'Làm chết từ 03 người trở lên', en: '3 or more deaths' },
  },
  {
    id: 'dbnt-injured',
    severity: 'dac_biet_nghiem_trong',
    criterion: { injured: { minPersons: 3, minTotalPct: 201 } },
    description: {
      vi: 'Làm bị thương từ 03 người trở lên, tổng tỷ lệ tổn thương cơ thể từ 201% trở lên',
      en: '3 or more injured with a total injury of 201% or more',
    },
  },
  {
    id: 'dbnt-damage',
    severity: 'dac_biet_nghiem_trong',
    criterion: { minDamageVnd: 1.5 * BILLION },
    description: { vi: 'Thiệt hại tài sản từ 1,5 tỷ đồng trở lên', en: 'Damage of 1.5 billion VND or more' },
  },
  {
    id: 'dbnt-2deaths-injured',
    severity: 'dac_biet_nghiem_trong',
    criterion: { minDeaths: 2, injured: { minPersons: 1, minTotalPct: 61 } },
    description: {
      vi: 'Làm chết 02 người và làm bị thương người khác với tổng tỷ lệ tổn thương cơ thể từ 61% trở lên',
      en: '2 deaths and injuries totalling 61% or more',
    },
    uncertain: true,
  },
  {
    id: 'rnt-deaths',
    severity: 'rat_nghiem_trong',
    criterion: { minDeaths: 2 },
    description: { vi: 'Làm chết 02 người', en: '2 deaths' },
  },
  {
    id: 'rnt-injured',
    severity: 'rat_nghiem_trong',
    criterion: { injured: { minPersons: 2, minTotalPct: 122 } },
    description: {
      vi: 'Làm bị thương từ 02 người trở lên, tổng tỷ lệ tổn thương cơ thể từ 122% đến 200%',
      en: '2 or more injured with a total injury of 122% to 200%',
    },
  },
  {
    id: 'rnt-damage',
    severity: 'rat_nghiem_trong',
    criterion: { minDamageVnd: 500 * MILLION },
    description: {
      vi: 'Thiệt hại tài sản từ 500 triệu đến dưới 1,5 tỷ đồng',
      en: 'Damage of 500 million to under 1.5 billion VND',
    },
  },
  {
    id: 'rnt-death-injured',
    severity: 'rat_nghiem_trong',
    criterion: { minDeaths: 1, injured: { minPersons: 1, minTotalPct: 61 } },
    description: {
      vi: 'Làm chết 01 người và làm bị thương người khác với tổng tỷ lệ tổn thương cơ thể từ 61% trở lên',
      en: '1 death and injuries totalling 61% or more',
    },
    uncertain: true,
  },
  {
    id: 'nt-death',
    severity: 'nghiem_trong',
    criterion: { minDeaths: 1 },
    description: { vi: 'Làm chết 01 người', en: '1 death' },
  },
  {
    id: 'nt-injured-one',
    severity: 'nghiem_trong',
    criterion: { injured: { minPersons: 1, minEachPct: 61 } },
    description: {
      vi: 'Làm bị thương 01 người với tỷ lệ tổn thương cơ thể từ 61% trở lên',
      en: '1 person injured at 61% or more',
    },
  },
  {
    id: 'nt-injured-many',
    severity: 'nghiem_trong',
    criterion: { injured: { minPersons: 2, minTotalPct: 61 } },
    description: {
      vi: 'Làm bị thương từ 02 người trở lên, tổng tỷ lệ tổn thương cơ thể từ 61% đến 121%',
      en: '2 or more injured with a total injury of 61% to 121%',
    },
  },
  {
    id: 'nt-damage',
    severity: 'nghiem_trong',
    criterion: { minDamageVnd: 100 * MILLION },
    description: {
      vi: 'Thiệt hại tài sản từ 100 triệu đến dưới 500 triệu đồng',
      en: 'Damage of 100 million to under 500 million VND',
    },
  },
  {
    id: 'int-injured',
    severity: 'it_nghiem_trong',
    criterion: { injured: { minPersons: 1, minEachPct: 11 } },
    description: {
      vi: 'Làm bị thương người với tỷ lệ tổn thương cơ thể từ 11% trở lên (dưới mức nghiêm trọng)',
      en: 'Someone injured at 11% or more (below the serious thresholds)',
    },
    uncertain: true,
  },
  {
    id: 'int-damage',
    severity: 'it_nghiem_trong',
    criterion: { minDamageVnd: 10 * MILLION },
    description: {
      vi: 'Thiệt hại tài sản từ 10 triệu đến dưới 100 triệu đồng',
      en: 'Damage of 10 million to under 100 million VND',
    },
    uncertain: true,
  },
];

export interface AccidentConsequences {
  /** Deaths within 7 days of the accident. */
  deaths: number;
  /** One entry per injured person: the assessed body-injury percentage (0–100), or null when not assessed yet. */
  injuries: readonly (number | null)[];
  /** Property damage, VND. */
  damageVnd: number;
}

export interface TrafficSeverityResult {
  severity: TrafficSeverity;
  /** The rule that decided, or null for a collision (no rule matched). */
  rule: SeverityRule | null;
  /**
   * True when the class may still rise: an injured person has no assessed percentage yet (it is counted as
   * 0 % meanwhile). Deaths within 7 days can also raise it; the caller knows whether 7 days have passed.
   */
  provisional: boolean;
}

function matches(c: SeverityCriterion, x: AccidentConsequences): boolean {
  if (c.minDeaths !== undefined && x.deaths < c.minDeaths) return false;
  if (c.minDamageVnd !== undefined && x.damageVnd < c.minDamageVnd) return false;
  if (c.injured) {
    const each = c.injured.minEachPct;
    const counted = x.injuries.map((p) => p ?? 0).filter((p) => (each === undefined ? p > 0 : p >= each));
    if (counted.length < c.injured.minPersons) return false;
    const total = counted.reduce((a, b) => a + b, 0);
    if (total < (c.injured.minTotalPct ?? 0)) return false;
  }
  return true;
}

/**
 * The class of an accident: the first rule of `rules` (most severe first) that matches.
 * @throws RangeError on negative or non-integer counts, or percentages outside 0–100.
 */
export function classifyTrafficAccident(
  x: AccidentConsequences,
  rules: readonly SeverityRule[] = TRAFFIC_SEVERITY_RULES,
): TrafficSeverityResult {
  if (!Number.isInteger(x.deaths) || x.deaths < 0)
    throw new RangeError(`deaths must be a non-negative integer: ${x.deaths}`);
  if (!Number.isFinite(x.damageVnd) || x.damageVnd < 0)
    throw new RangeError(`damageVnd must be non-negative: ${x.damageVnd}`);
  for (const p of x.injuries)
    if (p !== null && !(p >= 0 && p <= 100)) throw new RangeError(`injury percentage must be 0–100: ${p}`);
  const provisional = x.injuries.some((p) => p === null);
  for (const rule of rules) if (matches(rule.criterion, x)) return { severity: rule.severity, rule, provisional };
  return { severity: 'va_cham', rule: null, provisional };
}
