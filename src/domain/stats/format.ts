/**
 * Vietnamese number formatting: '.' groups thousands, ',' marks decimals (1.234,5). Written out
 * rather than using Intl so output is identical on every runtime and ICU build.
 */
export function formatNumberVi(value: number, decimals = 0): string {
  return formatNumber(value, decimals, '.', ',');
}

/** English formatting (1,234.5). */
export function formatNumberEn(value: number, decimals = 0): string {
  return formatNumber(value, decimals, ',', '.');
}

function formatNumber(value: number, decimals: number, group: string, point: string): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(decimals);
  const [intPart, frac] = fixed.split('.') as [string, string | undefined];
  // Most figures on a dashboard (rates, changes) have no thousands: no grouping to do.
  const grouped = intPart.length > 3 ? intPart.replace(/\B(?=(\d{3})+(?!\d))/g, group) : intPart;
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '-' : ''}${grouped}${frac ? point + frac : ''}`;
}

/** Percentage with one decimal: 17,1% (vi) / 17.1% (en). */
export function formatPercent(value: number, lang: 'vi' | 'en' = 'vi', decimals = 1): string {
  return `${lang === 'vi' ? formatNumberVi(value, decimals) : formatNumberEn(value, decimals)}%`;
}
