/**
 * Targets (chỉ tiêu) bound to statistics: what is measured (the metric's value, or its change against the
 * comparison period), a comparison operator and a threshold. The status of a target while its period runs
 * comes from a simple linear projection to the end of the period. Pure: the values come from the
 * statistics service.
 */

export const TARGET_MEASURES = ['value', 'change_percent', 'change_absolute'] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];

export const TARGET_OPS = ['<', '<=', '>', '>='] as const;
export type TargetOp = (typeof TARGET_OPS)[number];

export const TARGET_STATUSES = ['met', 'at_risk', 'missed', 'no_data'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export const TARGET_STATUS_LABELS: Record<TargetStatus, { vi: string; en: string }> = {
  met: { vi: 'Đạt', en: 'Met' },
  at_risk: { vi: 'Có nguy cơ không đạt', en: 'At risk' },
  missed: { vi: 'Không đạt', en: 'Missed' },
  no_data: { vi: 'Chưa có số liệu', en: 'No data' },
};

/** The statistics unit of the metric: counts, people and money add up over time; rates do not. */
export type MetricUnit = 'count' | 'percent' | 'vnd' | 'people';

export function compare(op: TargetOp, value: number, threshold: number): boolean {
  switch (op) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
  }
}

/** The measured quantity: the value itself, or its change against the comparison (null when undefined). */
export function measureOf(measure: TargetMeasure, current: number | null, comparison: number | null): number | null {
  if (current === null) return null;
  if (measure === 'value') return current;
  if (comparison === null) return null;
  if (measure === 'change_absolute') return current - comparison;
  return comparison === 0 ? null : ((current - comparison) / comparison) * 100;
}

export interface TargetInput {
  measure: TargetMeasure;
  op: TargetOp;
  threshold: number;
  unit: MetricUnit;
  /** Inclusive period of the target. */
  start: string;
  end: string;
  /** The day the values were read (today). */
  asOf: string;
  /** The metric from `start` to min(asOf, end). */
  current: number | null;
  /** The comparison period over the same elapsed days (cùng kỳ to date). */
  comparison: number | null;
  /** The whole comparison period (for projecting a change to the end of the period); defaults to `comparison`. */
  comparisonFull?: number | null;
  /**
   * Rates whose cases are still maturing (src/domain/stats/maturity.ts): the value still rises after the period,
   * so it is judged like a running period (never missed only because the cases are recent), projected to the
   * expected final rate when there is one.
   */
  maturing?: boolean;
  expectedFinal?: number | null;
}

export interface TargetEvaluation {
  /** The measured quantity to date. */
  value: number | null;
  /** The measured quantity projected to the end of the period (equals `value` once the period is over). */
  projected: number | null;
  /** The metric's own value projected to the end of the period. */
  projectedCurrent: number | null;
  status: TargetStatus;
  /** Share of the period elapsed, 0–1. */
  elapsed: number;
  finished: boolean;
}

const dayNo = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** Share of the period [start, end] elapsed by the end of `asOf` (0 before it starts, 1 after it ends). */
export function elapsedShare(start: string, end: string, asOf: string): number {
  const total = dayNo(end) - dayNo(start) + 1;
  const done = dayNo(asOf) - dayNo(start) + 1;
  return Math.max(0, Math.min(1, done / total));
}

/**
 * Linear projection: an additive metric (count, people, money) grows at its pace so far; a rate stays
 * where it is. Before the period starts nothing is projected.
 */
export function projectValue(unit: MetricUnit, current: number | null, elapsed: number): number | null {
  if (current === null || elapsed <= 0) return null;
  return unit === 'percent' ? current : current / elapsed;
}

/**
 * Status of a target. Over: met or missed by the final value. Running: met when both the value to date
 * and the projection satisfy the target; missed when it can no longer be met (an additive count already
 * beyond a ceiling — counts only grow); otherwise at risk.
 */
export function evaluateTarget(t: TargetInput): TargetEvaluation {
  const elapsed = elapsedShare(t.start, t.end, t.asOf);
  const finished = t.asOf >= t.end;
  const value = measureOf(t.measure, t.current, t.comparison);
  const maturingRate = t.unit === 'percent' && t.measure === 'value' && t.maturing === true;
  if (finished && !maturingRate) {
    const status: TargetStatus = value === null ? 'no_data' : compare(t.op, value, t.threshold) ? 'met' : 'missed';
    return { value, projected: value, projectedCurrent: t.current, status, elapsed, finished };
  }
  const projectedCurrent = maturingRate ? (t.expectedFinal ?? t.current) : projectValue(t.unit, t.current, elapsed);
  const projected = measureOf(
    t.measure,
    projectedCurrent,
    t.measure === 'value' ? null : (t.comparisonFull ?? t.comparison),
  );
  if (value === null || projected === null)
    return { value, projected, projectedCurrent, status: 'no_data', elapsed, finished };
  const okNow = compare(t.op, value, t.threshold);
  const okEnd = compare(t.op, projected, t.threshold);
  let status: TargetStatus = okNow && okEnd ? 'met' : 'at_risk';
  if (!okNow && t.measure === 'value' && t.unit !== 'percent' && (t.op === '<' || t.op === '<=')) status = 'missed';
  return { value, projected, projectedCurrent, status, elapsed, finished };
}

/** "≤ −5%" style label of the rule. */
export function ruleLabel(
  measure: TargetMeasure,
  op: TargetOp,
  threshold: number,
  unit: MetricUnit,
): { vi: string; en: string } {
  const sym = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' }[op];
  const fmt = (lang: 'vi' | 'en') => {
    const n = threshold.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 2 });
    const signed = threshold > 0 && measure !== 'value' ? `+${n}` : n;
    const suffix =
      measure === 'change_percent' || (measure === 'value' && unit === 'percent')
        ? '%'
        : measure === 'change_absolute' && unit === 'percent'
          ? lang === 'vi'
            ? ' điểm %'
            : ' pp'
          : '';
    return `${signed}${suffix}`;
  };
  if (measure === 'value') return { vi: `${sym} ${fmt('vi')}`, en: `${sym} ${fmt('en')}` };
  return {
    vi: `so với kỳ so sánh ${sym} ${fmt('vi')}`,
    en: `vs comparison ${sym} ${fmt('en')}`,
  };
}
