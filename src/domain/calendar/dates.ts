/**
 * Date-only arithmetic on 'YYYY-MM-DD' strings and conversion of instants to the
 * Asia/Ho_Chi_Minh calendar date. Vietnam has used UTC+7 without daylight saving since 1975,
 * so the offset is a constant and no time-zone database is needed (results do not depend on TZ).
 */

/** A calendar date as 'YYYY-MM-DD'. */
export type DateString = string;

/** Offset of Asia/Ho_Chi_Minh from UTC, in milliseconds. */
export const HCM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws on anything but a real 'YYYY-MM-DD' date (2025-02-29 is refused). */
export function assertDate(date: string): DateString {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RangeError(`No such date: ${date}`);
  return date;
}

export function isDateString(value: string): boolean {
  try {
    assertDate(value);
    return true;
  } catch {
    return false;
  }
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

export function parts(date: DateString): { year: number; month: number; day: number } {
  assertDate(date);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function fromParts(year: number, month: number, day: number): DateString {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (UTC epoch day) of a date. */
export function toEpochDay(date: DateString): number {
  const { year, month, day } = parts(date);
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function fromEpochDay(epochDay: number): DateString {
  const d = new Date(epochDay * DAY_MS);
  return fromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: DateString, days: number): DateString {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Number of days from a to b (b − a); 0 when equal. */
export function diffDays(a: DateString, b: DateString): number {
  return toEpochDay(b) - toEpochDay(a);
}

/**
 * The same-numbered day `months` months later (negative: earlier); when that month has no such
 * day, its last day (31/1 + 1 month = 28/2 or 29/2). This is the month rule of art. 134 BLTTHS.
 */
export function addMonths(date: DateString, months: number): DateString {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return fromParts(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Same day one year earlier/later; 29/02 maps to 28/02 in a common year. */
export function addYears(date: DateString, years: number): DateString {
  return addMonths(date, years * 12);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: DateString): number {
  const dow = new Date(toEpochDay(date) * DAY_MS).getUTCDay();
  return dow === 0 ? 7 : dow;
}

export function isWeekend(date: DateString): boolean {
  return isoWeekday(date) >= 6;
}

export function compareDates(a: DateString, b: DateString): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: DateString, b: DateString): DateString {
  return a <= b ? a : b;
}

export function maxDate(a: DateString, b: DateString): DateString {
  return a >= b ? a : b;
}

/** Parses an ISO instant (must carry Z or an offset) to epoch milliseconds. */
export function instantMs(instant: string | Date): number {
  if (instant instanceof Date) {
    const ms = instant.getTime();
    if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
    return ms;
  }
  if (!/T.*(Z|[+-]\d{2}:?\d{2})$/.test(instant)) {
    throw new RangeError(`Instant must be ISO 8601 with Z or an offset: ${instant}`);
  }
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid instant: ${instant}`);
  return ms;
}

/** The Asia/Ho_Chi_Minh calendar date of an instant. */
export function hcmDateOf(instant: string | Date): DateString {
  const shifted = new Date(instantMs(instant) + HCM_OFFSET_MS);
  return fromParts(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/**
 * Accepts either a date ('YYYY-MM-DD', taken as a Hanoi date) or an instant, and returns the
 * Hanoi calendar date.
 */
export function toHcmDate(value: string | Date): DateString {
  if (typeof value === 'string' && DATE_RE.test(value)) return assertDate(value);
  return hcmDateOf(value);
}

/** The instant 00:00 Asia/Ho_Chi_Minh of a date, as a UTC ISO string. */
export function hcmStartOfDay(date: DateString): string {
  return new Date(toEpochDay(date) * DAY_MS - HCM_OFFSET_MS).toISOString();
}

/** The instant 24:00 Asia/Ho_Chi_Minh of a date (= 00:00 of the next day), as a UTC ISO string. */
export function hcmEndOfDay(date: DateString): string {
  return hcmStartOfDay(addDays(date, 1));
}

/** 'dd/MM/yyyy', the Vietnamese date format. */
export function formatDateVi(date: DateString): string {
  const { year, month, day } = parts(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}
