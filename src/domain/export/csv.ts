import { formatCsvField } from '../csv';

/**
 * One CSV record of an export: RFC 4180 quoting, CRLF, and the formula guard on text (a text cell starting
 * with = + - @, tab or CR is prefixed with ' so a spreadsheet shows it instead of running it). Numbers are
 * written as numbers (a negative count of days left stays -3).
 */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return (
    fields
      .map((f) => (f === null || f === undefined ? '' : typeof f === 'number' ? String(f) : formatCsvField(f, true)))
      .join(',') + '\r\n'
  );
}

/** UTF-8 byte-order mark: Excel reads a CSV without one in the system's legacy code page (mojibake). */
export const CSV_BOM = '\uFEFF';
