import type { TStatResult } from '../../../contracts/stats';
import { change, formatNumberEn, formatNumberVi, phraseChange, type Comparison } from '../../../domain/stats';
import { PP, type MetricDef } from './stats.metrics';
import type { Sides } from './stats.plan';

const rate = (s: { num: number; den: number }) => (s.den === 0 ? null : (s.num / s.den) * 100);

/** `s.final`: a rate's final comparison counts when `s.p` holds them at the same maturity (stats.maturity.ts). */
export function valueOf(
  def: MetricDef,
  s: Sides & { final?: { num: number; den: number } },
  hasCmp: boolean,
  comparison: Comparison,
): TStatResult['value'] {
  if (def.den) {
    const cur = rate(s.c);
    const prev = hasCmp ? rate(s.p) : null;
    return {
      current: cur,
      comparison: prev,
      parts: { current: { ...s.c }, comparison: hasCmp ? { ...s.p } : null },
      change: hasCmp && cur !== null && prev !== null ? rateChange(s, cur, prev, comparison) : null,
      ...(hasCmp && s.final ? { comparisonFinal: { rate: rate(s.final), ...s.final } } : {}),
    };
  }
  const cur = s.c.num;
  const prev = hasCmp ? s.p.num : null;
  return { current: cur, comparison: prev, change: prev === null ? null : countChange(def, cur, prev, comparison) };
}

export function countChange(
  def: MetricDef,
  cur: number,
  prev: number,
  against: Comparison,
): NonNullable<TStatResult['value']['change']> {
  const money = def.unit === 'vnd';
  const c = change(cur, prev);
  return {
    absolute: c.absolute,
    percent: c.percent,
    z: money ? null : c.z,
    label: money ? null : c.label,
    phrase: {
      vi: phraseChange(cur, prev, { lang: 'vi', against, unit: def.noun }),
      en: phraseChange(cur, prev, { lang: 'en', against, unit: def.noun }),
    },
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
