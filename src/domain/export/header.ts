import { localDateText, localDateTimeText } from './local-time';
import type { ExportLanguage, Labelled } from './labels';

/**
 * The lines above an exported table: what it counts, over which dates, compared with which dates, with
 * which filters, and when it was exported. One place, so every export (server CSV/XLSX, the dashboard's
 * workbook built in the browser) states its ranges the same way, and the wording can change here alone.
 */

export interface ExportPeriod {
  readonly start: string;
  readonly end: string;
  readonly label: Labelled;
}

/** One filter as the reader sees it: "Loại: Cháy, nổ". */
export interface ExportFilter {
  readonly name: Labelled;
  readonly value: string;
}

const WORDS = {
  period: { vi: 'Kỳ số liệu', en: 'Period' },
  same_period: { vi: 'So với cùng kỳ', en: 'Compared with the same period last year' },
  previous_period: { vi: 'So với kỳ trước', en: 'Compared with the previous period' },
  filters: { vi: 'Bộ lọc', en: 'Filters' },
  noFilter: { vi: 'không', en: 'none' },
  exportedAt: { vi: 'Xuất lúc', en: 'Exported at' },
  timeZone: { vi: 'giờ Việt Nam, UTC+7', en: 'Vietnam time, UTC+7' },
  from: { vi: 'từ', en: 'from' },
  to: { vi: 'đến', en: 'to' },
  allDates: { vi: 'mọi thời gian', en: 'all dates' },
} as const satisfies Record<string, Labelled>;

/** "01/11/2026 – 30/11/2026": both ends, inclusive. */
export function rangeText(start: string, end: string): string {
  return `${localDateText(start)} – ${localDateText(end)}`;
}

/** A period in words with its dates: its label, followed by the range when the label does not state it. */
export function periodText(period: ExportPeriod, lang: ExportLanguage): string {
  const range = rangeText(period.start, period.end);
  const label = period.label[lang];
  return label.includes(range) ? label : `${label} (${range})`;
}

/** An open or closed range of days: "từ 01/11/2026 đến 30/11/2026", "từ 01/11/2026", "mọi thời gian". */
export function openRangeText(from: string | undefined, to: string | undefined, lang: ExportLanguage): string {
  if (!from && !to) return WORDS.allDates[lang];
  const parts = [];
  if (from) parts.push(`${WORDS.from[lang]} ${localDateText(from)}`);
  if (to) parts.push(`${WORDS.to[lang]} ${localDateText(to)}`);
  return parts.join(' ');
}

export function filtersLine(filters: readonly ExportFilter[], lang: ExportLanguage): string {
  const text = filters.length ? filters.map((f) => `${f.name[lang]}: ${f.value}`).join('; ') : WORDS.noFilter[lang];
  return `${WORDS.filters[lang]}: ${text}`;
}

export function exportedAtLine(at: Date, lang: ExportLanguage): string {
  return `${WORDS.exportedAt[lang]}: ${localDateTimeText(at)} (${WORDS.timeZone[lang]})`;
}

/**
 * The period line of a statistics table: "Kỳ số liệu: <kỳ này> · So với cùng kỳ: <kỳ so sánh>". Swap the
 * wording of comparisons here (e.g. when a running period is compared like-for-like).
 */
export function periodLine(
  period: ExportPeriod,
  comparison: { kind: 'same_period' | 'previous_period' | 'none'; period: ExportPeriod | null },
  lang: ExportLanguage,
): string {
  const head = `${WORDS.period[lang]}: ${periodText(period, lang)}`;
  if (comparison.kind === 'none' || !comparison.period) return head;
  return `${head} · ${WORDS[comparison.kind][lang]}: ${periodText(comparison.period, lang)}`;
}

/** The header lines of a statistics table: title, period and comparison, filters, time of export. */
export function statsHeaderLines(
  input: {
    title: string;
    period: ExportPeriod;
    comparison: 'same_period' | 'previous_period' | 'none';
    comparisonPeriod: ExportPeriod | null;
    filters: readonly ExportFilter[];
    exportedAt: Date;
  },
  lang: ExportLanguage,
): string[] {
  return [
    input.title,
    periodLine(input.period, { kind: input.comparison, period: input.comparisonPeriod }, lang),
    filtersLine(input.filters, lang),
    exportedAtLine(input.exportedAt, lang),
  ];
}

/** The header lines of a list: title, the dates it covers, filters, time of export. */
export function listHeaderLines(
  input: {
    title: string;
    dateName: Labelled;
    from?: string;
    to?: string;
    filters: readonly ExportFilter[];
    exportedAt: Date;
  },
  lang: ExportLanguage,
): string[] {
  return [
    input.title,
    `${input.dateName[lang]}: ${openRangeText(input.from, input.to, lang)}`,
    filtersLine(input.filters, lang),
    exportedAtLine(input.exportedAt, lang),
  ];
}
