import { CLASSIFICATIONS, INCIDENT_KINDS, REPORT_SOURCES } from '../incidents/kinds';
import { toSearchKey } from '../text/vietnamese';

/**
 * Column mapping of an import: which source column fills which field of an incident, how its text is read
 * (date formats and time zone, number formats, category value maps), which column holds the source
 * system's own ID, and the fixed name of the source system. Pure: rows come in as arrays of cell text (an
 * XLSX reader passes dates as Excel serial numbers or ISO text).
 */

export type FieldType = 'text' | 'integer' | 'number' | 'instant' | 'enum' | 'category';

/** The fields an import can fill, with their types. */
export const TARGET_FIELDS = {
  kind: 'enum',
  reportSource: 'enum',
  classification: 'enum',
  status: 'text',
  title: 'text',
  category: 'category',
  /** The source's own category, kept as is (also when `category` maps it to the local taxonomy). */
  sourceCategory: 'text',
  occurredAt: 'instant',
  receivedAt: 'instant',
  areaCode: 'text',
  address: 'text',
  lon: 'number',
  lat: 'number',
  narrative: 'text',
  unitCode: 'text',
  article: 'text',
  clause: 'integer',
  deaths: 'integer',
  injured: 'integer',
  suspects: 'integer',
  victims: 'integer',
  vehicles: 'integer',
  rescued: 'integer',
  damageVnd: 'number',
  lossVnd: 'number',
} as const satisfies Record<string, FieldType>;
export type TargetField = keyof typeof TARGET_FIELDS;

/** Allowed values of the enumerated fields (after the value map). */
export const ENUM_VALUES: Readonly<Record<'kind' | 'reportSource' | 'classification', readonly string[]>> = {
  kind: INCIDENT_KINDS,
  reportSource: REPORT_SOURCES,
  classification: CLASSIFICATIONS,
};

/** 'excel' = Excel serial day numbers (1900 date system); 'auto' tries the others in a fixed order. */
export type DateFormat =
  | 'dd/MM/yyyy'
  | 'dd/MM/yyyy HH:mm'
  | 'yyyy-MM-dd'
  | 'yyyy/MM/dd HH:mm:ss'
  /** 12-hour clock with AM/PM, as DataSF exports: 2018/12/01 12:25:00 AM. */
  | 'yyyy/MM/dd hh:mm:ss a'
  | 'MM/dd/yyyy hh:mm:ss a'
  | 'iso'
  | 'excel'
  | 'auto';
export const DATE_FORMATS: readonly DateFormat[] = [
  'auto',
  'dd/MM/yyyy',
  'dd/MM/yyyy HH:mm',
  'yyyy-MM-dd',
  'yyyy/MM/dd HH:mm:ss',
  'yyyy/MM/dd hh:mm:ss a',
  'MM/dd/yyyy hh:mm:ss a',
  'iso',
  'excel',
];
/** vi: 1.234,5 — en: 1,234.5. */
export type NumberLocale = 'vi' | 'en';

export interface FieldMapping {
  /** Source column name as in the header (compared after trimming; case and accents matter only if ambiguous). */
  column: string;
  field: TargetField;
  /** For instants; default 'auto'. */
  dateFormat?: DateFormat;
  /** UTC offset of local times in the source, '+07:00' (Asia/Ho_Chi_Minh) by default. */
  utcOffset?: string;
  /** IANA time zone of local times (e.g. 'America/Los_Angeles', with its daylight saving); wins over utcOffset. */
  timeZone?: string;
  /** For numbers; default the mapping's `numberLocale`, else 'vi'. */
  numberLocale?: NumberLocale;
  /** Foreign value → local value (keys compared without case and accents). */
  values?: Readonly<Record<string, string>>;
}

export interface ColumnMapping {
  /** Fixed name of the source system, stored on every record ("VNeID", "Hệ thống 113", …). */
  source: string;
  /** Column holding the source system's own ID of the row. */
  externalIdColumn?: string;
  fields: readonly FieldMapping[];
  numberLocale?: NumberLocale;
}

export type FieldValue = string | number;

export interface MappedRecord {
  source: string;
  externalId?: string;
  values: Partial<Record<TargetField, FieldValue>>;
  /** The source's category when the value map has no entry for it (the local `category` is then absent). */
  sourceCategory?: string;
}

export type MappingErrorCode = 'MISSING_COLUMN' | 'INVALID_DATE' | 'WRONG_TYPE' | 'UNKNOWN_VALUE';

export interface RowError {
  /** Row number as the user sees it: the physical line (CSV) or sheet row (XLSX); the header is row 1. */
  row: number;
  column: string;
  code: string;
  vi: string;
  en: string;
}

// ---------------------------------------------------------------------------------------------------------
// Dates

const OFFSET_RE = /^([+-])(\d{2}):?(\d{2})$/;

function offsetMs(offset: string): number {
  if (offset === 'Z' || offset === 'UTC') return 0;
  const m = OFFSET_RE.exec(offset);
  if (!m) throw new RangeError(`Bad UTC offset: ${offset}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function localToIso(y: number, mo: number, d: number, h: number, mi: number, s: number, offset: number): string | null {
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59)
    return null;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - offset).toISOString();
}

const PATTERNS: Record<Exclude<DateFormat, 'iso' | 'excel' | 'auto'>, { re: RegExp; order: 'dmy' | 'ymd' | 'mdy'; ampm?: true }> = {
  'dd/MM/yyyy': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: 'dmy' },
  'dd/MM/yyyy HH:mm': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})$/, order: 'dmy' },
  'yyyy-MM-dd': { re: /^(\d{4})-(\d{2})-(\d{2})$/, order: 'ymd' },
  'yyyy/MM/dd HH:mm:ss': { re: /^(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})$/, order: 'ymd' },
  'yyyy/MM/dd hh:mm:ss a': {
    re: /^(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])$/,
    order: 'ymd',
    ampm: true,
  },
  'MM/dd/yyyy hh:mm:ss a': {
    re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])$/,
    order: 'mdy',
    ampm: true,
  },
};
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const AUTO_ORDER: readonly DateFormat[] = [
  'iso',
  'yyyy-MM-dd',
  'dd/MM/yyyy HH:mm',
  'dd/MM/yyyy',
  'yyyy/MM/dd HH:mm:ss',
  'yyyy/MM/dd hh:mm:ss a',
  'excel',
];

/**
 * Excel serial day number → instant. Day 1 is 1900-01-01; Excel counts a 29 February 1900 that never was
 * (serial 60, refused), so from serial 61 on the epoch is 1899-12-30. The fraction is the time of day,
 * rounded to the second, in the source's local time.
 */
function excelToIso(text: string, offset: number): string | null {
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const serial = Number(text);
  if (serial < 1 || serial >= 2_958_466 || Math.floor(serial) === 60) return null;
  const day = Math.floor(serial);
  const seconds = Math.round((serial - day) * 86_400);
  const epochDay = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epochDay + day * 86_400_000 + seconds * 1000 - offset).toISOString();
}

/**
 * Read a date or date-time in a format; local times are taken at `utcOffset` (default +07:00, Vietnam has no
 * daylight saving); date-only values are midnight local. Returns an ISO instant in UTC, or null.
 */
export function parseDateTime(text: string, format: DateFormat, utcOffset = '+07:00', timeZone?: string): string | null {
  const t = text.trim();
  if (timeZone) {
    // Read as UTC wall time, then shift by the zone's offset at that moment (twice, for the DST edge).
    const wall = parseDateTime(t, format, '+00:00');
    if (wall === null || (format === 'iso' && /(Z|[+-]\d{2}:?\d{2})$/.test(t))) return wall;
    const ms = Date.parse(wall);
    const first = ms - zoneOffsetMs(timeZone, ms);
    return new Date(ms - zoneOffsetMs(timeZone, first)).toISOString();
  }
  const offset = offsetMs(utcOffset);
  if (format === 'auto') {
    for (const f of AUTO_ORDER) {
      const r = parseDateTime(t, f, utcOffset);
      if (r) return r;
    }
    return null;
  }
  if (format === 'excel') return excelToIso(t, offset);
  if (format === 'iso') {
    const m = ISO_RE.exec(t);
    if (!m) return null;
    const own = m[8] ? offsetMs(m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8]) : offset;
    const base = localToIso(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), own);
    if (!base) return null;
    const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    return new Date(Date.parse(base) + ms).toISOString();
  }
  const p = PATTERNS[format];
  const m = p.re.exec(t);
  if (!m) return null;
  const [a, b, c, h = '0', mi = '0', s = '0', ap] = m.slice(1);
  const [y, mo, d] = p.order === 'dmy' ? [+c!, +b!, +a!] : p.order === 'mdy' ? [+c!, +a!, +b!] : [+a!, +b!, +c!];
  let hour = +h;
  if (p.ampm) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ap!.toUpperCase() === 'PM' ? 12 : 0);
  }
  return localToIso(y, mo, d, hour, +mi, +s, offset);
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
/** Offset (ms, local − UTC) of an IANA zone at an instant. */
function zoneOffsetMs(timeZone: string, ms: number): number {
  let f = zoneFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const local = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return local - Math.floor(ms / 1000) * 1000;
}

/**
 * The calendar date ('YYYY-MM-DD') of an instant in a time zone (IANA name) or at a fixed UTC offset: foreign
 * data keeps the date of its own place, so "December 2018 in San Francisco" stays December.
 */
export function localDateOf(iso: string, zone: { timeZone?: string; utcOffset?: string }): string {
  const ms = Date.parse(iso);
  const off = zone.timeZone ? zoneOffsetMs(zone.timeZone, ms) : offsetMs(zone.utcOffset ?? '+07:00');
  return new Date(ms + off).toISOString().slice(0, 10);
}

/** Whether a name is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Numbers

const NUMBER_RE: Record<NumberLocale, RegExp> = {
  vi: /^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/,
  en: /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/,
};
const CURRENCY_RE = /\s*(đ|đồng|vnđ|vnd|₫)$/iu;

/** "1.234,5" (vi) / "1,234.5" (en) → 1234.5; a trailing "đ", "đồng", "VND" or "₫" is allowed. Null when not a number. */
export function parseNumber(text: string, locale: NumberLocale): number | null {
  const t = text
    .trim()
    .normalize('NFC')
    .replace(CURRENCY_RE, '')
    .replace(/\u00a0/g, '');
  if (!NUMBER_RE[locale].test(t)) return null;
  const plain = locale === 'vi' ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  const n = Number(plain);
  return Number.isFinite(n) ? n : null;
}

// ---------------------------------------------------------------------------------------------------------
// Applying a mapping

export interface CompiledMapping {
  /** Errors about the header itself (row 1): mapped columns that are missing. */
  headerErrors: RowError[];
  apply(row: readonly string[], rowNumber: number): { record: MappedRecord; errors: RowError[] };
}

function findColumn(headers: readonly string[], name: string): number {
  const exact = headers.findIndex((h) => h.trim().normalize('NFC') === name.trim().normalize('NFC'));
  if (exact >= 0) return exact;
  const key = toSearchKey(name);
  const loose = headers.map((h, i) => [toSearchKey(h), i] as const).filter(([k]) => k === key);
  return loose.length === 1 ? loose[0]![1] : -1;
}

/** Resolve the mapping's column names against a header once, for many rows. */
export function compileMapping(headers: readonly string[], mapping: ColumnMapping): CompiledMapping {
  const headerErrors: RowError[] = [];
  const missing = (column: string): RowError => ({
    row: 1,
    column,
    code: 'MISSING_COLUMN',
    vi: `Không có cột "${column}" trong dòng tiêu đề`,
    en: `Column "${column}" is not in the header`,
  });
  const idIndex = mapping.externalIdColumn === undefined ? -1 : findColumn(headers, mapping.externalIdColumn);
  if (mapping.externalIdColumn !== undefined && idIndex < 0) headerErrors.push(missing(mapping.externalIdColumn));
  const fields = mapping.fields.map((f) => {
    const index = findColumn(headers, f.column);
    if (index < 0) headerErrors.push(missing(f.column));
    const values = f.values ? new Map(Object.entries(f.values).map(([k, v]) => [toSearchKey(k), v])) : undefined;
    return { ...f, index, values };
  });

  return {
    headerErrors,
    apply(row, rowNumber) {
      const errors: RowError[] = [];
      const record: MappedRecord = { source: mapping.source, values: {} };
      const bad = (column: string, code: MappingErrorCode, vi: string, en: string) =>
        errors.push({ row: rowNumber, column, code, vi, en });
      if (idIndex >= 0) {
        const id = (row[idIndex] ?? '').trim();
        if (id !== '') record.externalId = id;
      }
      for (const f of fields) {
        if (f.index < 0) continue;
        const raw = (row[f.index] ?? '').normalize('NFC').trim();
        if (raw === '') continue;
        const type: FieldType = TARGET_FIELDS[f.field];
        switch (type) {
          case 'text':
            record.values[f.field] = f.values?.get(toSearchKey(raw)) ?? raw;
            break;
          case 'integer':
          case 'number': {
            const n = parseNumber(raw, f.numberLocale ?? mapping.numberLocale ?? 'vi');
            if (n === null) bad(f.column, 'WRONG_TYPE', `"${raw}" không phải là số`, `"${raw}" is not a number`);
            else if (type === 'integer' && !Number.isInteger(n))
              bad(f.column, 'WRONG_TYPE', `"${raw}" không phải là số nguyên`, `"${raw}" is not a whole number`);
            else record.values[f.field] = n;
            break;
          }
          case 'instant': {
            const format = f.dateFormat ?? 'auto';
            const iso = parseDateTime(raw, format, f.utcOffset, f.timeZone);
            if (iso === null) {
              const expected = format === 'auto' ? 'dd/MM/yyyy HH:mm' : format;
              bad(
                f.column,
                'INVALID_DATE',
                `"${raw}" không phải ngày giờ hợp lệ (dạng ${expected})`,
                `"${raw}" is not a valid date (expected ${expected})`,
              );
            } else record.values[f.field] = iso;
            break;
          }
          case 'enum': {
            const allowed = ENUM_VALUES[f.field as keyof typeof ENUM_VALUES];
            const v = f.values?.get(toSearchKey(raw)) ?? raw;
            if (!allowed.includes(v)) {
              bad(
                f.column,
                'UNKNOWN_VALUE',
                `Giá trị "${raw}" không có trong bảng ánh xạ`,
                `Value "${raw}" is not in the value map (allowed: ${allowed.join(', ')})`,
              );
            } else record.values[f.field] = v;
            break;
          }
          case 'category': {
            const v = f.values?.get(toSearchKey(raw));
            if (v === undefined) record.sourceCategory = raw;
            else record.values[f.field] = v;
            break;
          }
        }
      }
      return { record, errors };
    },
  };
}

/**
 * Map one row. `rowNumber` is put on the errors (header = row 1, first data row = 2). Missing columns are
 * reported on row 1.
 */
export function applyMapping(
  headers: readonly string[],
  row: readonly string[],
  mapping: ColumnMapping,
  rowNumber = 2,
): { record: MappedRecord; errors: RowError[] } {
  const compiled = compileMapping(headers, mapping);
  const { record, errors } = compiled.apply(row, rowNumber);
  return { record, errors: [...compiled.headerErrors, ...errors] };
}
