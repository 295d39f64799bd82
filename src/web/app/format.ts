import type { TLanguage } from '../../contracts/auth';

/** Every date on screen is shown in the city's time zone, whatever the browser's. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const numberFormats: Record<TLanguage, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
};

/** 1.234,5 in Vietnamese, 1,234.5 in English. */
export function formatNumber(value: number, lang: TLanguage = 'vi'): string {
  return numberFormats[lang].format(value);
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface DateParts {
  dd: string;
  MM: string;
  yyyy: string;
  HH: string;
  mm: string;
  ss: string;
}

function parts(value: Date | string): DateParts | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    partsFormat.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return { dd: get('day'), MM: get('month'), yyyy: get('year'), HH: get('hour'), mm: get('minute'), ss: get('second') };
}

// Both languages use day-first dates with 24-hour time: the users are in Vietnam, and an English
// screen that swaps day and month would invite misreading shared printouts.

/** dd/MM/yyyy */
export function formatDate(value: Date | string): string {
  const p = parts(value);
  return p ? `${p.dd}/${p.MM}/${p.yyyy}` : '';
}

/** dd/MM/yyyy HH:mm */
export function formatDateTime(value: Date | string): string {
  const p = parts(value);
  return p ? `${p.dd}/${p.MM}/${p.yyyy} ${p.HH}:${p.mm}` : '';
}

/** dd/MM/yyyy HH:mm:ss */
export function formatDateTimeSeconds(value: Date | string): string {
  const p = parts(value);
  return p ? `${p.dd}/${p.MM}/${p.yyyy} ${p.HH}:${p.mm}:${p.ss}` : '';
}

/** HH:mm dd/MM/yyyy — reads naturally after "đến" ("until"), e.g. lock expiry. */
export function formatTimeDate(value: Date | string): string {
  const p = parts(value);
  return p ? `${p.HH}:${p.mm} ${p.dd}/${p.MM}/${p.yyyy}` : '';
}

/** 'YYYY-MM-DD' (a calendar day, no time zone involved) → dd/MM/yyyy; anything else is returned as is. */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

const isoDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in the city's time zone as 'YYYY-MM-DD'. */
export function todayIso(now: Date = new Date()): string {
  return isoDayFormat.format(now);
}
