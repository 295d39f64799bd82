import { addDays, addMonths, diffDays, formatDateVi, minDate, type DateString } from '../calendar/dates';
import { ABSOLUTE_MAX_MONTHS } from '../law/legal-clock';
import { compare, type TargetOp } from '../plans/targets';

/**
 * Rates compared at the same maturity (so sánh tỷ lệ cùng thời điểm).
 *
 * A clearance rate (khám phá) or a crime-report resolution rate counts, among the incidents that occurred in a
 * range, those cleared / decided so far. Recent cases have had less time than last year's, so last year's final
 * rate is not a like-for-like comparison. The rule:
 *
 * - The **current side** counts the cases that occurred in the period up to its as-of date
 *   `asOf = min(today, period end)`, with every clearing recorded up to `today`. Its **lag** is
 *   `today − asOf` days (0 while the period runs).
 * - The **comparison side** counts the cases of the comparison range `[cmp.start, cmp.end]` (as the result
 *   states it: cùng kỳ, previous period, or the like-for-like elapsed span of a running period) cleared /
 *   decided **by `cmp.end + lag` days** (never after today): the comparison as it stood at the same distance
 *   from the end of its range. For cùng kỳ of a running period that is the same date one year earlier
 *   (03/12/2026 → 03/12/2025); 29/02 enters only through the comparison range (sameLastYear maps 29/02 to
 *   28/02, so on 29/02/2028 the cut-off is 28/02/2027), and the lag of an ended period is a number of days,
 *   so across a 29/02 the cut-off may be one calendar day off "the same date a year earlier" while the
 *   distance is exactly the same.
 * - A case counts in the denominator as it is recorded today (the comparison's denominator is all cases of
 *   its range); only the date of clearing / decision is cut off. A clearing without a recorded date (the
 *   application always records one) counts in the final rate only.
 * - The comparison's **final** rate (every clearing up to today) is shown beside it.
 *
 * A rate is **maturing** while `today < asOf + N months` (art. 134 month rule, addMonths): its cases are
 * still within the time their handling normally takes, and its value still rises. N is rule data below.
 */

export type MaturityBasis = 'clearance' | 'report_resolution';

export interface MaturityRule {
  /** Months after the as-of date during which the rate is still maturing. */
  months: number;
  source: { vi: string; en: string };
}

export const MATURITY_RULES: Readonly<Record<MaturityBasis, MaturityRule>> = {
  clearance: {
    months: 4,
    source: {
      vi: 'Mặc định của sản phẩm theo thời hạn điều tra tối đa (chưa gia hạn) đối với tội phạm rất nghiêm trọng, đặc biệt nghiêm trọng: 04 tháng (khoản 1 Điều 172 BLTTHS 2015)',
      en: 'Product default from the investigation time limit (before extensions) for very serious and especially serious crimes: 4 months (Criminal Procedure Code 2015, art. 172(1))',
    },
  },
  report_resolution: {
    months: ABSOLUTE_MAX_MONTHS,
    source: {
      vi: 'Thời hạn giải quyết tố giác, tin báo tối đa kể cả gia hạn: 04 tháng (Điều 147 BLTTHS 2015)',
      en: 'The longest time limit for deciding a crime report, extensions included: 4 months (Criminal Procedure Code 2015, art. 147)',
    },
  },
};

export interface Maturity {
  /** Last day of the current side's cases: min(today, period end). */
  asOf: DateString;
  /** Clearings of the current side are counted up to this day (today). */
  cutoff: DateString;
  /** Clearings of the comparison side are counted up to this day (null without a comparison). */
  comparisonCutoff: DateString | null;
  /** The rate still rises: its cases are recent (today < maturingUntil). */
  maturing: boolean;
  /** The first day on which the rate is no longer maturing: addMonths(asOf, N). */
  maturingUntil: DateString;
  rule: MaturityRule;
}

/** The maturity of a rate over a period (and its comparison range), read on `today`. */
export function maturityOf(input: {
  basis: MaturityBasis;
  today: DateString;
  periodEnd: DateString;
  comparisonEnd: DateString | null;
  rules?: Readonly<Record<MaturityBasis, MaturityRule>>;
}): Maturity {
  const rule = (input.rules ?? MATURITY_RULES)[input.basis];
  const asOf = minDate(input.today, input.periodEnd);
  const lag = diffDays(asOf, input.today);
  const comparisonCutoff =
    input.comparisonEnd === null ? null : minDate(addDays(input.comparisonEnd, lag), input.today);
  const maturingUntil = addMonths(asOf, rule.months);
  return {
    asOf,
    cutoff: input.today,
    comparisonCutoff,
    maturing: input.today < maturingUntil,
    maturingUntil,
    rule,
  };
}

export interface Parts {
  num: number;
  den: number;
}

const pct = (p: Parts) => (p.den === 0 ? null : (p.num / p.den) * 100);

/**
 * The rate the current cases are expected to reach, judged like for like: of last year's cases still open at
 * the same distance (den − matured num), the share cleared since (final num − matured num) / (den − matured
 * num) is applied to the current cases still open. Null without cases on either side.
 */
export function expectedFinalRate(current: Parts, matured: Parts, final: Parts): number | null {
  const cur = pct(current);
  if (cur === null || matured.den === 0) return null;
  const open = matured.den - matured.num;
  const later = open <= 0 ? 0 : Math.max(0, Math.min(1, (final.num - matured.num) / open));
  return cur + (100 - cur) * later;
}

export const RATE_TARGET_STATUSES = ['met', 'missed', 'on_track', 'at_risk', 'maturing'] as const;
export type RateTargetStatus = (typeof RATE_TARGET_STATUSES)[number];

/**
 * A rate against its target (Resolution 96/2019: 75 %, 90 %, 90 %), judged like for like. Met when the value
 * to date meets it. Below it: missed only once the rate has matured; while it matures, on track when the
 * expected final rate meets the target, at risk when it does not, and plain "maturing" when there is nothing
 * to compare with. A rate never reads "not met" only because its cases are recent.
 */
export function judgeRateTarget(input: {
  current: number | null;
  expected: number | null;
  maturing: boolean;
  op: TargetOp;
  value: number;
}): RateTargetStatus | null {
  if (input.current === null) return null;
  if (compare(input.op, input.current, input.value)) return 'met';
  if (!input.maturing) return 'missed';
  if (input.expected === null) return 'maturing';
  return compare(input.op, input.expected, input.value) ? 'on_track' : 'at_risk';
}

export const RATE_TARGET_STATUS_LABELS: Readonly<Record<RateTargetStatus, { vi: string; en: string }>> = {
  met: { vi: 'Đạt', en: 'Met' },
  missed: { vi: 'Chưa đạt', en: 'Not met' },
  on_track: { vi: 'Đang giải quyết, dự kiến đạt', en: 'Still maturing, on track' },
  at_risk: { vi: 'Đang giải quyết, có nguy cơ chưa đạt', en: 'Still maturing, at risk' },
  maturing: { vi: 'Đang trong thời gian giải quyết', en: 'Still maturing' },
};

/** The note a maturing rate carries. */
export function maturingNote(m: Maturity): { vi: string; en: string } | null {
  if (!m.maturing) return null;
  const until = formatDateVi(m.maturingUntil);
  return {
    vi: `Đang trong thời gian giải quyết: các vụ gần đây chưa đủ thời gian xử lý, tỷ lệ còn tăng (ổn định từ ${until}); so sánh với cùng thời điểm của kỳ so sánh`,
    en: `Still maturing: recent cases have not had time to be resolved and the rate still rises (settled from ${until}); compared with the comparison period at the same point`,
  };
}
