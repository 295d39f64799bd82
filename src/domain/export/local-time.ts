import { HCM_OFFSET_MS, assertDate, formatDateVi, instantMs, toEpochDay } from '../calendar/dates';

/**
 * Times in exports are Hanoi wall-clock times (Asia/Ho_Chi_Minh, UTC+7 all year: no daylight saving since
 * 1975), whatever the server's or the reader's time zone.
 *
 * Spreadsheets have no time zones: a cell holds a day count and shows it as it is. ExcelJS turns a JS `Date`
 * into that count from its UTC fields, so a `Date` written as is shows UTC (08:19 for 15:19 in Hà Nội). The
 * functions below give the `Date` whose UTC fields are the Hanoi wall time, so the cell shows 15:19.
 */

/** Excel number format of a date-and-time cell (Excel's invariant syntax: `mm` after `hh` is minutes). */
export const XLSX_DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm';
/** Excel number format of a date cell. */
export const XLSX_DATE_FORMAT = 'dd/mm/yyyy';

const DAY_MS = 24 * 60 * 60 * 1000;

function hanoiFields(instant: Date | string): Date {
  return new Date(instantMs(instant) + HCM_OFFSET_MS);
}

const two = (n: number) => String(n).padStart(2, '0');

/** `dd/MM/yyyy HH:mm` in Hanoi time: the text of a date-and-time in a CSV cell or a header line. */
export function localDateTimeText(instant: Date | string): string {
  const d = hanoiFields(instant);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** `dd/MM/yyyy` of a calendar day (`YYYY-MM-DD`, no time zone involved). */
export function localDateText(date: string): string {
  return formatDateVi(assertDate(date));
}

/** The value of an XLSX date-and-time cell showing the Hanoi wall time of an instant (see the module note). */
export function xlsxLocalDateTime(instant: Date | string): Date {
  return hanoiFields(instant);
}

/** The value of an XLSX date cell showing a calendar day (midnight of that day in the cell's own clock). */
export function xlsxDate(date: string): Date {
  return new Date(toEpochDay(assertDate(date)) * DAY_MS);
}
