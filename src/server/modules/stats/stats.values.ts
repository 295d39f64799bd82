import type { TStatResult } from '../../../contracts/stats';
import { change, formatNumberEn, formatNumberVi, phraseChange, type Comparison } from '../../../domain/stats';
import {
  isTooFewCases,
  showsPercentChange,
  SMALL_NUMBER_DEFAULTS,
  wilsonInterval,
} from '../../../domain/stats/small-numbers';
import { PP, type MetricDef } from './stats.metrics';
import type { Sides } from './stats.plan';

const rate = (s: { num: number; den: number }) => (s.den === 0 ? null : (s.num / s.den) * 100);

/** The thresholds of small numbers (query parameters `minCases`, `minBase`). */
export interface SmallNumbers {
  minCases: number;
  minBase: number;
}

/**
 * A figure with its comparison. `s.final`: a rate's final comparison counts when `s.p` holds them at the same
 * maturity (stats.maturity.ts). Rates carry their counts (`parts`), the Wilson interval of the current rate and
 * whether it rests on too few cases; a change on a base below `minBase` is marked `smallBase` and phrased in counts.
 */
export function valueOf(
  def: MetricDef,
  s: Sides & { final?: { num: number; den: number } },
  hasCmp: boolean,
  comparison: Comparison,
  small: SmallNumbers = SMALL_NUMBER_DEFAULTS,
): TStatResult['value'] {
  if (def.den) {
    const cur = rate(s.c);
    const prev = hasCmp ? rate(s.p) : null;
    const interval = s.c.den > 0 && s.c.num <= s.c.den ? wilsonInterval(s.c.num, s.c.den) : null;
    const ch = hasCmp && cur !== null && prev !== null ? rateChange(s, cur, prev, comparison) : null;
    return {
      current: cur,
      comparison: prev,
      parts: { current: { ...s.c }, comparison: hasCmp ? { ...s.p } : null },
      change: ch && !showsPercentChange(s.p.den, small.minBase) ? { ...ch, smallBase: true } : ch,
      ...(hasCmp && s.final ? { comparisonFinal: { rate: rate(s.final), ...s.final } } : {}),
      interval: interval && { low: interval.low * 100, high: interval.high * 100 },
      tooFewCases: isTooFewCases(s.c.den, small.minCases),
    };
  }
  const cur = s.c.num;
  const prev = hasCmp ? s.p.num : null;
  return {
    current: cur,
    comparison: prev,
    change: prev === null ? null : countChange(def, cur, prev, comparison, small.minBase),
  };
}

export function countChange(
  def: MetricDef,
  cur: number,
  prev: number,
  against: Comparison,
  minBase: number = SMALL_NUMBER_DEFAULTS.minBase,
): NonNullable<TStatResult['value']['change']> {
  const money = def.unit === 'vnd';
  const c = change(cur, prev);
  // Money has no count to show instead; its base is an amount, not a number of cases.
  const smallBase = !money && prev > 0 && !showsPercentChange(prev, minBase);
  const style = smallBase ? 'count' : 'percent';
  return {
    absolute: c.absolute,
    percent: c.percent,
    z: money ? null : c.z,
    label: money ? null : c.label,
    phrase: {
      vi: phraseChange(cur, prev, { lang: 'vi', against, unit: def.noun, style }),
      en: phraseChange(cur, prev, { lang: 'en', against, unit: def.noun, style }),
    },
    ...(smallBase ? { smallBase: true } : {}),
  };
}

const RATE_SUFFIX: Record<Comparison, { vi: string; en: string }> = {
  same_period: { vi: ' so với cùng kỳ', en: ' on the same period last year' },
  previous_period: { vi: ' so với kỳ trước', en: ' on the previous period' },
  none: { vi: '', en: '' },
};

/** Rates: the difference in percentage points, with the two-proportion z test. */
export function rateChange(
  s: Sides,
  cur: number,
  prev: number,
  against: Comparison,
): NonNullable<TStatResult['value']['change']> {
  const pooled = (s.c.num + s.p.num) / (s.c.den + s.p.den);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / s.c.den + 1 / s.p.den));
  const z = se === 0 ? 0 : (cur / 100 - prev / 100) / se;
  const abs = cur - prev;
  const a = Math.abs(abs);
  const suffix = RATE_SUFFIX[against];
  const vi =
    abs === 0
      ? against === 'same_period'
        ? 'bằng cùng kỳ'
        : against === 'previous_period'
          ? 'bằng kỳ trước'
          : 'không thay đổi'
      : `${abs > 0 ? 'tăng' : 'giảm'} ${formatNumberVi(a, 1)} ${PP.vi}${suffix.vi}`;
  const en = abs === 0 ? 'unchanged' : `${abs > 0 ? 'up' : 'down'} ${formatNumberEn(a, 1)} ${PP.en}${suffix.en}`;
  return {
    absolute: abs,
    percent: prev === 0 ? null : (abs / prev) * 100,
    z,
    label: Math.abs(z) > 3 ? 'significant' : Math.abs(z) > 2 ? 'notable' : 'normal',
    phrase: { vi, en },
  };
}

export function compare(v: number, op: string, target: number): boolean {
  switch (op) {
    case '>':
      return v > target;
    case '>=':
      return v >= target;
    case '<':
      return v < target;
    default:
      return v <= target;
  }
}
