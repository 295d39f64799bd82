import { addDays, diffDays, fromParts, isoWeekday, parts, type DateString } from '../calendar/dates';
import { vnWorkingCalendar } from '../calendar/working-calendar';

/**
 * The rhythms of the demo city: yearly volumes, seasons, weekdays, Tết and public holidays, COVID-19,
 * and hours of the day. Every figure is a plausible value for Hanoi (8.5 million people), chosen from
 * the orders of magnitude in published year-end reports of the Hanoi police and the press; none is an
 * official statistic. They are data, so a demo can be re-tuned without touching the generator.
 */

/** The streams of the generator; each has its own volumes, rhythms and record builder. */
export type Stream =
  | 'social_order' // criminal cases of social order (calibrated per reporting year)
  | 'drugs' // criminal cases, drugs group
  | 'high_tech' // criminal cases, high-tech group (art. 290)
  | 'economic' // criminal cases, economy / corruption / smuggling group
  | 'traffic_crime' // criminal cases under art. 260 (fatal accidents prosecuted)
  | 'crime_report'
  | 'traffic_accident'
  | 'fire'
  | 'online_fraud';

/** Rhythm family: which seasonal, weekday, holiday and COVID profile a stream follows. */
export type Rhythm = 'crime' | 'drugs' | 'traffic' | 'fire' | 'fraud';

export const STREAM_RHYTHM: Readonly<Record<Stream, Rhythm>> = {
  social_order: 'crime',
  drugs: 'drugs',
  high_tech: 'fraud',
  economic: 'crime',
  traffic_crime: 'traffic',
  crime_report: 'crime',
  traffic_accident: 'traffic',
  fire: 'fire',
  online_fraud: 'fraud',
};

/**
 * Social-order criminal cases per Decree 09 reporting year (15/12 of Y−1 to 14/12 of Y), scale 1.
 * Basis: Hanoi reported roughly 3,000–3,500 such cases a year before 2023; the 2024 reporting year is
 * "down 17.1% vs the same period" (DESIGN.md, Demo data): 2,914 → 2,416 gives 1 − 2416/2914 = 17.09%,
 * which rounds to 17.1. 2021 is low because of the COVID-19 lockdowns; 2025–2026 continue the decline.
 * The 2024 target is not read from this table: it is derived from 2023 so that the ratio holds at
 * every scale (see `socialOrderTargets`).
 */
export const SOCIAL_ORDER_PER_REPORT_YEAR: Readonly<Record<number, number>> = {
  2020: 3350,
  2021: 2780,
  2022: 3150,
  2023: 2914,
  2024: 2416,
  2025: 2330,
  2026: 2260,
};
/** The published reduction of the 2024 reporting year against 2023, in percent. */
export const REDUCTION_2024_PCT = 17.1;
/** After the last tabled year, social-order crime keeps falling by this factor a year. */
const LATER_YEARS_FACTOR = 0.97;

/**
 * Records per calendar year at scale 1 for the other streams (not calibrated exactly: Poisson noise).
 * Basis (orders of magnitude, as reported in the press for Hanoi):
 * - drugs: ~1,000–1,200 criminal cases a year (arrests in raids; all cleared at once);
 * - high tech (art. 290): a few hundred cases a year, rising with online fraud;
 * - economic / corruption / smuggling: ~100 cases a year;
 * - art. 260 (road traffic offences prosecuted): ~150 cases a year, about a third of fatal accidents;
 * - crime reports and tips: 8,000–12,000 a year (most end with no case or are transferred);
 * - traffic accidents ("three criteria" count): 600–800 a year with ~450–550 deaths, falling slowly;
 * - fires: 450–650 a year (a peak in 2023);
 * - online fraud reports: ~2,000 in 2020 rising to ~4,000 in 2026.
 */
export const VOLUME_PER_YEAR: Readonly<Record<Exclude<Stream, 'social_order'>, Readonly<Record<number, number>>>> = {
  drugs: { 2020: 1180, 2021: 1020, 2022: 1150, 2023: 1120, 2024: 1080, 2025: 1050, 2026: 1040 },
  high_tech: { 2020: 140, 2021: 190, 2022: 230, 2023: 270, 2024: 300, 2025: 320, 2026: 330 },
  economic: { 2020: 110, 2021: 90, 2022: 105, 2023: 100, 2024: 95, 2025: 95, 2026: 95 },
  traffic_crime: { 2020: 170, 2021: 140, 2022: 160, 2023: 155, 2024: 150, 2025: 145, 2026: 140 },
  crime_report: { 2020: 10400, 2021: 9100, 2022: 10200, 2023: 10000, 2024: 9300, 2025: 9000, 2026: 8800 },
  traffic_accident: { 2020: 780, 2021: 640, 2022: 760, 2023: 720, 2024: 690, 2025: 650, 2026: 630 },
  fire: { 2020: 520, 2021: 480, 2022: 560, 2023: 610, 2024: 540, 2025: 500, 2026: 480 },
  online_fraud: { 2020: 1900, 2021: 2500, 2022: 2900, 2023: 3300, 2024: 3600, 2025: 3900, 2026: 4000 },
};

function fromTable(table: Readonly<Record<number, number>>, year: number): number {
  const years = Object.keys(table).map(Number);
  const first = Math.min(...years);
  const last = Math.max(...years);
  return table[Math.min(last, Math.max(first, year))]!;
}

/** Volume of a stream in a calendar year at scale 1. */
export function yearlyVolume(stream: Exclude<Stream, 'social_order'>, year: number): number {
  return fromTable(VOLUME_PER_YEAR[stream], year);
}

/**
 * Target count of social-order criminal cases in reporting year `year` at `scale`. The 2024 target is
 * the integer nearest to T2023 × (1 − 17.1%) whose reduction rounds to 17.1 (to one decimal), so the
 * published figure holds exactly at any scale with enough cases (T2023 ≥ 70).
 */
export function socialOrderTarget(year: number, scale: number): number {
  const t2023 = Math.round(SOCIAL_ORDER_PER_REPORT_YEAR[2023]! * scale);
  if (year === 2024) return target2024(t2023);
  const years = Object.keys(SOCIAL_ORDER_PER_REPORT_YEAR).map(Number);
  const last = Math.max(...years);
  const base =
    year > last
      ? SOCIAL_ORDER_PER_REPORT_YEAR[last]! * LATER_YEARS_FACTOR ** (year - last)
      : fromTable(SOCIAL_ORDER_PER_REPORT_YEAR, year);
  return Math.round(base * scale);
}

/** Reduction in percent rounded to one decimal, as reports print it. */
export const reductionPct = (before: number, after: number): number =>
  before === 0 ? 0 : Math.round(1000 * (1 - after / before)) / 10;

function target2024(t2023: number): number {
  const ideal = Math.round(t2023 * (1 - REDUCTION_2024_PCT / 100));
  for (let d = 0; d <= 3; d++) {
    for (const k of [ideal - d, ideal + d]) {
      if (k >= 0 && reductionPct(t2023, k) === REDUCTION_2024_PCT) return k;
    }
  }
  return ideal;
}

// ---------------------------------------------------------------------------------------------------------
// Seasons, weekdays, holidays

/** Month multipliers (Jan…Dec), mean ≈ 1. */
const SEASON: Readonly<Record<Rhythm, readonly number[]>> = {
  // Crime rises before Tết (Dec–Jan) when people carry cash and goods; slightly lower in spring.
  crime: [1.1, 1.0, 0.95, 0.95, 0.97, 0.98, 1.0, 0.98, 0.97, 1.0, 1.02, 1.1],
  drugs: [1.0, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.02, 1.05],
  // Traffic: more travel and drinking around year-end and Tết; rainy summer slightly lower.
  traffic: [1.1, 1.05, 0.95, 0.95, 0.95, 1.0, 0.95, 0.95, 0.95, 1.0, 1.0, 1.1],
  // Fires: dry, cold winter (heaters, incense, Tết) from November to March; fewest in the rainy summer.
  fire: [1.45, 1.4, 1.15, 0.95, 0.9, 0.9, 0.8, 0.75, 0.75, 0.85, 1.05, 1.35],
  fraud: [1.0, 0.95, 0.97, 0.98, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.02, 1.08],
};

/** ISO weekday multipliers (Mon…Sun). */
const WEEKDAY: Readonly<Record<Rhythm, readonly number[]>> = {
  crime: [1.0, 0.98, 0.98, 1.0, 1.02, 1.04, 0.98],
  drugs: [1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 0.9],
  traffic: [0.93, 0.92, 0.93, 0.97, 1.05, 1.15, 1.1],
  fire: [1, 1, 1, 1, 1, 1, 1],
  fraud: [1.05, 1.05, 1.05, 1.05, 1.02, 0.9, 0.88],
};

/** Multipliers in the month before Tết, during the Tết days off, and on other public holidays. */
const HOLIDAY: Readonly<Record<Rhythm, { preTet: number; preTetDays: number; tet: number; other: number }>> = {
  crime: { preTet: 1.2, preTetDays: 30, tet: 0.75, other: 0.95 },
  drugs: { preTet: 1.05, preTetDays: 30, tet: 0.7, other: 0.9 },
  traffic: { preTet: 1.25, preTetDays: 14, tet: 1.35, other: 1.3 },
  fire: { preTet: 1.1, preTetDays: 14, tet: 1.4, other: 1.1 },
  fraud: { preTet: 1.15, preTetDays: 30, tet: 0.8, other: 0.95 },
};

/**
 * COVID-19 in Hanoi: nationwide social distancing (Directive 16) 1–22 April 2020 with milder months
 * around it; the Hanoi lockdown of 24 July – 20 September 2021 with restrictions before and after.
 * Streets emptied (traffic −55–60%, street crime −40%), fraud moved online (+10–25%).
 */
const COVID: readonly { from: DateString; to: DateString; factor: Readonly<Record<Rhythm, number>> }[] = [
  { from: '2020-02-01', to: '2020-03-31', factor: { crime: 0.9, drugs: 0.95, traffic: 0.85, fire: 1, fraud: 1.05 } },
  { from: '2020-04-01', to: '2020-04-22', factor: { crime: 0.6, drugs: 0.7, traffic: 0.45, fire: 1, fraud: 1.1 } },
  { from: '2020-04-23', to: '2020-05-15', factor: { crime: 0.9, drugs: 0.95, traffic: 0.85, fire: 1, fraud: 1.05 } },
  { from: '2021-05-01', to: '2021-07-23', factor: { crime: 0.9, drugs: 0.95, traffic: 0.85, fire: 1, fraud: 1.1 } },
  { from: '2021-07-24', to: '2021-09-20', factor: { crime: 0.55, drugs: 0.7, traffic: 0.4, fire: 0.9, fraud: 1.25 } },
  { from: '2021-09-21', to: '2021-10-31', factor: { crime: 0.9, drugs: 0.95, traffic: 0.85, fire: 1, fraud: 1.1 } },
];

export function covidFactor(date: DateString, rhythm: Rhythm): number {
  for (const c of COVID) if (date >= c.from && date <= c.to) return c.factor[rhythm];
  return 1;
}

const TET_PREFIX = 'Tết Nguyên Đán';
const tetStartCache = new Map<number, DateString | null>();

/**
 * First day off of Tết Nguyên Đán in a year, from the shipped holiday data (src/domain/calendar);
 * null for a year without data (no Tết effect is then applied).
 */
export function tetStart(year: number): DateString | null {
  const cached = tetStartCache.get(year);
  if (cached !== undefined) return cached;
  let found: DateString | null = null;
  // Tết falls between 21 January and 20 February.
  for (let d = fromParts(year, 1, 15); d <= fromParts(year, 2, 25); d = addDays(d, 1)) {
    if (vnWorkingCalendar.holidayName(d)?.startsWith(TET_PREFIX)) {
      found = d;
      break;
    }
  }
  tetStartCache.set(year, found);
  return found;
}

/** The Tết situation of a date: in the days off, in the run-up before them, or neither. */
export function tetPhase(date: DateString): { phase: 'tet' | 'pre' | 'none'; daysBefore: number } {
  const name = vnWorkingCalendar.holidayName(date);
  if (name?.startsWith(TET_PREFIX)) return { phase: 'tet', daysBefore: 0 };
  const { year } = parts(date);
  for (const y of [year, year + 1]) {
    const start = tetStart(y);
    if (start && start > date) {
      const days = diffDays(date, start);
      if (days <= 30) return { phase: 'pre', daysBefore: days };
    }
  }
  return { phase: 'none', daysBefore: 0 };
}

/** Relative daily intensity of a rhythm on a date (≈ 1 on an ordinary day). */
export function dayShape(date: DateString, rhythm: Rhythm): number {
  const { month } = parts(date);
  let f = SEASON[rhythm][month - 1]! * WEEKDAY[rhythm][isoWeekday(date) - 1]!;
  const h = HOLIDAY[rhythm];
  const tet = tetPhase(date);
  if (tet.phase === 'tet') f *= h.tet;
  else if (tet.phase === 'pre' && tet.daysBefore <= h.preTetDays) f *= h.preTet;
  else if (vnWorkingCalendar.holidayName(date)) f *= h.other;
  return f * covidFactor(date, rhythm);
}

const meanShapeCache = new Map<string, number>();

/** Mean of `dayShape` over a calendar year, to turn a yearly volume into daily rates. */
export function meanShape(year: number, rhythm: Rhythm): number {
  const key = `${year}:${rhythm}`;
  const cached = meanShapeCache.get(key);
  if (cached !== undefined) return cached;
  let s = 0;
  let n = 0;
  for (let d = fromParts(year, 1, 1); d <= fromParts(year, 12, 31); d = addDays(d, 1)) {
    s += dayShape(d, rhythm);
    n++;
  }
  meanShapeCache.set(key, s / n);
  return s / n;
}

// ---------------------------------------------------------------------------------------------------------
// Hours of the day (Asia/Ho_Chi_Minh), 24 relative weights each

export type HourProfile = 'theft' | 'violent' | 'gambling' | 'drugs' | 'fraud' | 'traffic' | 'fire' | 'fire_winter' | 'office';

export const HOUR_PROFILES: Readonly<Record<HourProfile, readonly number[]>> = {
  // Thefts and snatchings: afternoon and evening, burglaries in the small hours.
  theft: [2, 2, 2.5, 2.5, 2, 1.5, 1.5, 2, 2.5, 3, 3.5, 3.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6, 5.5, 5, 4, 3],
  // Assaults, affrays, murders, robberies: evening and night (alcohol, quarrels).
  violent: [4, 3.5, 3, 2, 1.5, 1, 1, 1.5, 2, 2.5, 3, 3, 3, 3, 3, 3.5, 4, 4.5, 5.5, 6.5, 7, 7, 6.5, 5],
  gambling: [3, 2.5, 2, 1, 0.5, 0.5, 0.5, 1, 1.5, 2, 3, 3.5, 4, 4.5, 5, 5, 5.5, 6.5, 6, 5.5, 5, 5, 4.5, 3.5],
  drugs: [4, 3.5, 3, 2.5, 1.5, 1, 1, 1.5, 2, 2.5, 3, 3, 3, 3, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6, 5.5, 5],
  // Online fraud: waking hours, with peaks mid-morning and in the evening.
  fraud: [0.8, 0.5, 0.3, 0.3, 0.3, 0.6, 1.5, 3, 5, 6.5, 6.5, 6, 5, 5, 5.5, 5.5, 5, 5, 5.5, 6, 6.5, 6, 4, 2],
  // Traffic: morning and evening rush hours, and late evening (drink driving).
  traffic: [2, 1.5, 1, 1, 1.2, 2, 4, 6, 5, 3.5, 3, 3.5, 3.5, 3, 3, 3.5, 4.5, 7, 8, 7, 6, 5.5, 5, 3.5],
  // Fires: cooking hours and the night (electrical faults while asleep).
  fire: [4, 4, 4.5, 4, 3, 2.5, 2.5, 2.5, 2.5, 3, 3.5, 4, 4, 4, 4, 3.5, 3.5, 4, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5],
  // Winter nights: heaters, blankets, incense — night hours weigh 1.6×.
  fire_winter: [6.4, 6.4, 7.2, 6.4, 4.8, 4, 2.5, 2.5, 2.5, 3, 3.5, 4, 4, 4, 4, 3.5, 3.5, 4, 4.5, 4.5, 4.5, 4.5, 7.2, 7.2],
  // Office hours: when a desk receives written reports.
  office: [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 3, 6, 7, 7, 5, 2, 4, 7, 7, 6, 4, 2, 1, 0.8, 0.6, 0.4, 0.3],
};

/** Months counted as winter for the fire hour profile. */
export const WINTER_MONTHS: ReadonlySet<number> = new Set([11, 12, 1, 2, 3]);
