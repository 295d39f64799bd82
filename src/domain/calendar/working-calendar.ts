import holidayData from '../../../data/holidays/vn-holidays.json';
import { addDays, assertDate, isWeekend, parts, toEpochDay, type DateString } from './dates';

/** A holiday block as shipped in data/holidays/vn-holidays.json. */
export interface HolidayBlock {
  from: DateString;
  to: DateString;
  name: string;
  note?: string;
}

export interface HolidayYear {
  blocks: HolidayBlock[];
  makeUpWorkdays: DateString[];
  provisional?: boolean;
  note?: string;
}

export interface HolidayData {
  years: Record<string, HolidayYear>;
}

export interface WorkingCalendarOptions {
  /**
   * Whether Saturdays the government declared working days (make-up days for a swapped weekday
   * off) count as working days. Default true: agencies work on them. Art. 134 BLTTHS names
   * "thứ Bảy" as a day off without exception, so a stricter reading may set this to false.
   */
  makeUpSaturdaysAreWorkingDays?: boolean;
}

/** Days off and working days; injected into the legal clock so tests can use any calendar. */
export interface WorkingCalendar {
  /** Saturday, Sunday or a public holiday (including swapped weekdays off). */
  isDayOff(date: DateString): boolean;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: DateString): DateString;
  /** `date` itself when it is a working day, otherwise the next working day (art. 134 roll-over). */
  rollForward(date: DateString): DateString;
  /** `date` itself when it is a working day, otherwise the previous working day. */
  rollBackward(date: DateString): DateString;
  /** Name of the holiday on that date, if any. */
  holidayName(date: DateString): string | undefined;
  /** Years covered by data; outside them only weekends are days off. */
  coveredYears(): number[];
  /** True when `date` falls in a year whose data is missing or provisional. */
  isUncertain(date: DateString): boolean;
}

/** Builds a calendar from holiday data (defaults to the shipped Vietnamese data). */
export function createWorkingCalendar(
  data: HolidayData = holidayData as HolidayData,
  options: WorkingCalendarOptions = {},
): WorkingCalendar {
  const makeUpCounts = options.makeUpSaturdaysAreWorkingDays ?? true;
  const holidays = new Map<DateString, string>();
  const makeUp = new Set<DateString>();
  const provisional = new Set<number>();
  for (const [year, entry] of Object.entries(data.years)) {
    if (entry.provisional) provisional.add(Number(year));
    for (const block of entry.blocks) {
      assertDate(block.from);
      assertDate(block.to);
      if (block.to < block.from) throw new RangeError(`Holiday block ends before it starts: ${block.from}`);
      for (let d = block.from; d <= block.to; d = addDays(d, 1)) holidays.set(d, block.name);
    }
    for (const d of entry.makeUpWorkdays) makeUp.add(assertDate(d));
  }
  const years = Object.keys(data.years).map(Number).sort((a, b) => a - b);

  const isDayOff = (date: DateString): boolean => {
    assertDate(date);
    if (holidays.has(date)) return true;
    if (makeUpCounts && makeUp.has(date)) return false;
    return isWeekend(date);
  };
  const nextWorkingDay = (date: DateString): DateString => {
    let d = addDays(date, 1);
    // Tết plus weekends never exceeds ~10 consecutive days off; 60 is a safety bound.
    for (let i = 0; i < 60 && isDayOff(d); i++) d = addDays(d, 1);
    return d;
  };
  const rollBackward = (date: DateString): DateString => {
    let d = date;
    for (let i = 0; i < 60 && isDayOff(d); i++) d = addDays(d, -1);
    return d;
  };
  return {
    isDayOff,
    nextWorkingDay,
    rollForward: (date) => (isDayOff(date) ? nextWorkingDay(date) : date),
    rollBackward,
    holidayName: (date) => holidays.get(date),
    coveredYears: () => [...years],
    isUncertain: (date) => {
      const { year } = parts(date);
      return !years.includes(year) || provisional.has(year);
    },
  };
}

/** A calendar with weekends only (no public holidays), for tests and for dates outside the data. */
export function createWeekendOnlyCalendar(): WorkingCalendar {
  return createWorkingCalendar({ years: {} });
}

const defaultCalendar = createWorkingCalendar();

/** The shipped Vietnamese calendar. */
export const vnWorkingCalendar: WorkingCalendar = defaultCalendar;

/** Saturday, Sunday or a Vietnamese public holiday (shipped data). */
export function isDayOff(date: DateString): boolean {
  return defaultCalendar.isDayOff(date);
}

/** The first Vietnamese working day strictly after `date` (shipped data). */
export function nextWorkingDay(date: DateString): DateString {
  return defaultCalendar.nextWorkingDay(date);
}

/** Number of working days in [from, to] inclusive. */
export function countWorkingDays(calendar: WorkingCalendar, from: DateString, to: DateString): number {
  let n = 0;
  for (let i = toEpochDay(from), d = from; i <= toEpochDay(to); i++, d = addDays(d, 1)) {
    if (!calendar.isDayOff(d)) n++;
  }
  return n;
}
