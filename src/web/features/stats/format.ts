import type { TLanguage } from '../../../contracts/auth';
import type { TStatResult } from '../../../contracts/stats';
import { formatNumberEn, formatNumberVi } from '../../../domain/stats/format';

export type TStatUnit = TStatResult['unit'];
export type TSignificance = 'significant' | 'notable' | 'normal';

const num = (v: number, lang: TLanguage, decimals: number) =>
  lang === 'vi' ? formatNumberVi(v, decimals) : formatNumberEn(v, decimals);

/** Up to `decimals` places, without trailing zeros (1.234,5 — 1.234 — 12,35). */
function compact(v: number, lang: TLanguage, decimals: number): string {
  const rounded = Number(v.toFixed(decimals));
  const places = Number.isInteger(rounded) ? 0 : Math.min(decimals, String(rounded).split('.')[1]?.length ?? 0);
  return num(rounded, lang, places);
}

/**
 * A figure as a commander reads it: counts grouped (1.234), rates with one decimal (87,3%), money in
 * tỷ / triệu đồng (6,34 tỷ đồng) or billion / million VND in English (`short`: 6,34 tỷ / 6.34 bn, for
 * table cells under a header that names the currency). Null (no base) is an en dash.
 */
export function formatStat(value: number | null | undefined, unit: TStatUnit, lang: TLanguage, short = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  switch (unit) {
    case 'percent':
      return `${num(value, lang, 1)}%`;
    case 'vnd': {
      const a = Math.abs(value);
      // Short (table cells): 2,84 tỷ / 45,1 tr — the column says đồng.
      const [bn, m, unitName] = short
        ? lang === 'vi'
          ? ['tỷ', 'tr', '']
          : ['bn', 'm', '']
        : lang === 'vi'
          ? ['tỷ đồng', 'triệu đồng', ' đồng']
          : ['billion VND', 'million VND', ' VND'];
      if (a >= 1e9) return `${compact(value / 1e9, lang, 2)} ${bn}`;
      if (a >= 1e6) return `${compact(value / 1e6, lang, 1)} ${m}`;
      return `${num(value, lang, 0)}${unitName}`;
    }
    default:
      return num(value, lang, 0);
  }
}

/** A short axis label: money as 6,3 tỷ / 450 tr (6.3 bn / 450 m); rates without decimals. */
export function formatAxis(value: number, unit: TStatUnit, lang: TLanguage): string {
  if (unit === 'vnd') {
    const a = Math.abs(value);
    if (a >= 1e9) return `${compact(value / 1e9, lang, 1)} ${lang === 'vi' ? 'tỷ' : 'bn'}`;
    if (a >= 1e6) return `${compact(value / 1e6, lang, 0)} ${lang === 'vi' ? 'tr' : 'm'}`;
  }
  if (unit === 'percent') return `${num(value, lang, 0)}%`;
  return num(value, lang, Number.isInteger(value) ? 0 : 1);
}

/** The change as shown beside a figure: ▲ 12,5% / ▼ 3 (or percentage points for rates); '–' without a base. */
export function formatChange(change: TStatResult['value']['change'], unit: TStatUnit, lang: TLanguage): string {
  if (!change) return '–';
  const arrow = change.absolute > 0 ? '▲' : change.absolute < 0 ? '▼' : '=';
  if (unit === 'percent')
    return `${arrow} ${num(Math.abs(change.absolute), lang, 1)} ${lang === 'vi' ? 'điểm %' : 'pp'}`;
  // No base, or a base too small for a percentage (small numbers): the count.
  if (change.percent === null || change.smallBase)
    return `${arrow} ${formatStat(Math.abs(change.absolute), unit, lang)}`;
  return `${arrow} ${num(Math.abs(change.percent), lang, 1)}%`;
}

/** The relative change alone (▲ 12,5%), '–' when the base is 0 or below the small-numbers threshold. */
export function formatPercentChange(change: TStatResult['value']['change'], lang: TLanguage): string {
  if (!change || change.percent === null || change.smallBase) return '–';
  const arrow = change.percent > 0 ? '▲' : change.percent < 0 ? '▼' : '=';
  return `${arrow} ${num(Math.abs(change.percent), lang, 1)}%`;
}

/** A plain decimal (z scores): −1,14 / -1.14. */
export function formatDecimal(value: number | null | undefined, lang: TLanguage, decimals = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : num(value, lang, decimals);
}

/** |z| > 3 significant, |z| > 2 notable, otherwise normal variation; null when the test does not apply (money). */
export function significanceOf(z: number | null | undefined): TSignificance | null {
  if (z === null || z === undefined || !Number.isFinite(z)) return null;
  const a = Math.abs(z);
  return a > 3 ? 'significant' : a > 2 ? 'notable' : 'normal';
}

/**
 * The colour of a change: red shades when it goes the wrong way, green shades when it goes the right way,
 * stronger with significance; grey for normal variation.
 */
export function changeColour(change: TStatResult['value']['change'], higherIsBetter: boolean): string {
  if (!change || change.absolute === 0) return 'default';
  const sig = change.label ?? significanceOf(change.z);
  if (sig === null || sig === 'normal') return 'default';
  const good = change.absolute > 0 === higherIsBetter;
  if (sig === 'significant') return good ? 'green' : 'red';
  return good ? 'cyan' : 'orange';
}

/** A number for a spreadsheet cell (rates and money unrounded; the cell's format does the rest). */
export function excelFormat(unit: TStatUnit): string {
  switch (unit) {
    case 'percent':
      return '0.0"%"';
    case 'vnd':
      return '#,##0';
    default:
      return '#,##0';
  }
}

/** Whether a figure meets a target (op and value of /api/stats/targets); null without a figure. */
export function meetsTarget(value: number | null | undefined, op: string, target: number): boolean | null {
  if (value === null || value === undefined) return null;
  switch (op) {
    case '>':
      return value > target;
    case '>=':
      return value >= target;
    case '<':
      return value < target;
    case '<=':
      return value <= target;
    default:
      return null;
  }
}

/** A rate per 10,000 inhabitants as written in the language, one decimal at most: 12,3 / 1.234,5 (vi), 12.3 / 1,234.5 (en). */
export function formatRate(value: number, lang: TLanguage): string {
  return compact(value, lang, 1);
}
