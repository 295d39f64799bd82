import { formatNumberEn, formatNumberVi, formatPercent } from './format';

/**
 * Change between two counts, with the Poisson test used in crime analysis: percent change misleads
 * on small counts, so z = 2(√C − √P) (a variance-stabilised difference of two Poisson counts,
 * approximately standard normal when nothing changed) is shown beside it: |z| > 2 notable,
 * |z| > 3 significant. No percentage when the base is 0.
 */
export type ChangeLabel = 'significant' | 'notable' | 'normal';

export interface Change {
  current: number;
  previous: number;
  absolute: number;
  /** Percent change; null when previous is 0. */
  percent: number | null;
  z: number;
  label: ChangeLabel;
}

export function change(current: number, previous: number): Change {
  for (const [name, v] of [['current', current], ['previous', previous]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a non-negative count, got ${v}`);
  }
  const z = 2 * (Math.sqrt(current) - Math.sqrt(previous));
  const abs = Math.abs(z);
  return {
    current,
    previous,
    absolute: current - previous,
    percent: previous === 0 ? null : ((current - previous) / previous) * 100,
    z,
    label: abs > 3 ? 'significant' : abs > 2 ? 'notable' : 'normal',
  };
}

export type Comparison = 'same_period' | 'previous_period' | 'none';

export interface PhraseOptions {
  lang?: 'vi' | 'en';
  /**
   * 'percent' (default): "giảm 17,1% so với cùng kỳ"; 'absolute': "tăng 3 vụ (+5,0%) so với cùng kỳ"; 'count':
   * "tăng 3 vụ so với cùng kỳ" (no percentage, for a small base).
   */
  style?: 'percent' | 'absolute' | 'count';
  /** What the change is against; 'none' omits the phrase. */
  against?: Comparison;
  unit?: { vi: string; en: string; enSingular?: string };
}

const AGAINST = {
  same_period: { vi: 'so với cùng kỳ', en: 'on the same period last year', equalVi: 'bằng cùng kỳ', equalEn: 'the same as the same period last year' },
  previous_period: { vi: 'so với kỳ trước', en: 'on the previous period', equalVi: 'bằng kỳ trước', equalEn: 'the same as the previous period' },
  none: { vi: '', en: '', equalVi: 'không thay đổi', equalEn: 'unchanged' },
} as const;

/**
 * Vietnamese (default) or English phrase for a change, as written in police reports:
 * "giảm 17,1% so với cùng kỳ", "tăng 3 vụ (+5,0%)", "bằng cùng kỳ".
 */
export function phraseChange(current: number, previous: number, options: PhraseOptions = {}): string {
  const { lang = 'vi', style = 'percent', against = 'same_period' } = options;
  const unit = options.unit ?? { vi: 'vụ', en: 'cases', enSingular: 'case' };
  const c = change(current, previous);
  const a = AGAINST[against];
  const suffix = lang === 'vi' ? a.vi : a.en;
  const join = (s: string) => (suffix ? `${s} ${suffix}` : s);
  if (c.absolute === 0) return lang === 'vi' ? a.equalVi : a.equalEn;

  const n = Math.abs(c.absolute);
  const up = c.absolute > 0;
  if (lang === 'vi') {
    const verb = up ? 'tăng' : 'giảm';
    const count = `${formatNumberVi(n)} ${unit.vi}`;
    if (c.percent === null || style === 'count') return join(`${verb} ${count}`);
    const pct = formatPercent(Math.abs(c.percent), 'vi');
    return style === 'absolute' ? join(`${verb} ${count} (${up ? '+' : '-'}${pct})`) : join(`${verb} ${pct}`);
  }
  const verb = up ? 'up' : 'down';
  const count = `${formatNumberEn(n)} ${n === 1 ? (unit.enSingular ?? unit.en) : unit.en}`;
  if (c.percent === null || style === 'count') return join(`${verb} ${count}`);
  const pct = formatPercent(Math.abs(c.percent), 'en');
  return style === 'absolute' ? join(`${verb} ${count} (${up ? '+' : '-'}${pct})`) : join(`${verb} ${pct}`);
}

export const CHANGE_LABELS: Readonly<Record<ChangeLabel, { vi: string; en: string }>> = {
  significant: { vi: 'Thay đổi có ý nghĩa thống kê', en: 'Significant change' },
  notable: { vi: 'Thay đổi đáng chú ý', en: 'Notable change' },
  normal: { vi: 'Dao động bình thường', en: 'Normal variation' },
};
