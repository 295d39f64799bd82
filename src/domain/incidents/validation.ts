import { hcmDateOf, instantMs } from '../calendar/dates';
import { articleInForce, penaltyTopOf } from '../law/penal-code';

/**
 * The common-core rules of an incident record, shared by the API and the importer. Each function returns
 * the field errors it finds (empty when the value is fine), with the field's path and a message in both
 * languages, so the API can put them in its error model and the importer in its row report. Pure: the
 * current time is passed in.
 */

export type FieldErrorCode =
  | 'REQUIRED'
  | 'INVALID_DATE'
  | 'IN_FUTURE'
  | 'RECEIVED_BEFORE_OCCURRED'
  | 'NOT_AN_INTEGER'
  | 'NEGATIVE'
  | 'TOO_LARGE'
  | 'TOO_LONG'
  | 'OUTSIDE_VIETNAM'
  | 'INVALID_COORDINATE'
  | 'ARTICLE_UNKNOWN'
  | 'ARTICLE_NOT_IN_FORCE'
  | 'CLAUSE_UNKNOWN';

export interface FieldError {
  path: string;
  code: FieldErrorCode;
  vi: string;
  en: string;
}

const err = (path: string, code: FieldErrorCode, vi: string, en: string): FieldError[] => [{ path, code, vi, en }];

/** Counts of a record and their sane maxima (a value above is a typo, not an event). */
export const COUNT_LIMITS = {
  deaths: 1_000,
  injured: 10_000,
  suspects: 1_000,
  victims: 100_000, // an online fraud ring can have tens of thousands of victims
  vehicles: 1_000,
  rescued: 10_000,
} as const;
export type CountField = keyof typeof COUNT_LIMITS;

/** Largest money amount accepted (VND): 10^15. */
export const MAX_AMOUNT_VND = 1e15;

export const TEXT_LIMITS = { narrative: 20_000, address: 500 } as const;

/** Vietnam's bounding box (mainland and islands): longitude 102.1–109.5, latitude 8.1–23.4. */
export const VIETNAM_BBOX = { minLon: 102.1, maxLon: 109.5, minLat: 8.1, maxLat: 23.4 } as const;

function parseInstant(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  try {
    const ms = instantMs(value);
    return Number.isFinite(ms) ? ms : null;
  } catch {
    return null;
  }
}

/**
 * occurredAt ≤ receivedAt (a report cannot be received before what it reports happened), neither after
 * `now`. Both are ISO instants with an offset; `receivedAt` is required, `occurredAt` may be unknown.
 */
export function validateTimes(
  input: { occurredAt?: string | null; receivedAt?: string | null },
  now: string | Date,
  paths: { occurredAt: string; receivedAt: string } = { occurredAt: 'occurredAt', receivedAt: 'receivedAt' },
): FieldError[] {
  const out: FieldError[] = [];
  const nowMs = instantMs(now);
  const check = (
    value: string | null | undefined,
    path: string,
    required: boolean,
    what: { vi: string; en: string },
  ): number | null => {
    if (value === undefined || value === null || value === '') {
      if (required) out.push(...err(path, 'REQUIRED', `Thiếu ${what.vi}`, `Missing ${what.en}`));
      return null;
    }
    const ms = parseInstant(value);
    if (ms === null) {
      out.push(
        ...err(
          path,
          'INVALID_DATE',
          `${cap(what.vi)} không phải thời điểm hợp lệ: "${value}"`,
          `${cap(what.en)} is not a valid time: "${value}"`,
        ),
      );
      return null;
    }
    if (ms > nowMs)
      out.push(...err(path, 'IN_FUTURE', `${cap(what.vi)} ở tương lai`, `${cap(what.en)} is in the future`));
    return ms;
  };
  const occurred = check(input.occurredAt, paths.occurredAt, false, {
    vi: 'thời điểm xảy ra',
    en: 'time of occurrence',
  });
  const received = check(input.receivedAt, paths.receivedAt, true, {
    vi: 'thời điểm tiếp nhận',
    en: 'time of receipt',
  });
  if (occurred !== null && received !== null && received < occurred) {
    out.push(
      ...err(
        paths.receivedAt,
        'RECEIVED_BEFORE_OCCURRED',
        'Thời điểm tiếp nhận không thể trước thời điểm xảy ra',
        'The time of receipt cannot precede the time of occurrence',
      ),
    );
  }
  return out;
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** A count: absent is fine; otherwise a non-negative integer not above its maximum. */
export function validateCount(path: string, value: number | null | undefined, max: number): FieldError[] {
  if (value === null || value === undefined) return [];
  if (!Number.isInteger(value))
    return err(path, 'NOT_AN_INTEGER', `Phải là số nguyên: ${value}`, `Must be a whole number: ${value}`);
  if (value < 0) return err(path, 'NEGATIVE', `Không được âm: ${value}`, `Cannot be negative: ${value}`);
  if (value > max)
    return err(path, 'TOO_LARGE', `Vượt quá giới hạn ${max}: ${value}`, `Above the limit of ${max}: ${value}`);
  return [];
}

/** A money amount in VND: absent is fine; otherwise finite, non-negative and ≤ 10^15. */
export function validateAmount(path: string, value: number | null | undefined): FieldError[] {
  if (value === null || value === undefined) return [];
  if (!Number.isFinite(value)) return err(path, 'TOO_LARGE', 'Số tiền không hợp lệ', 'Invalid amount');
  if (value < 0)
    return err(path, 'NEGATIVE', `Số tiền không được âm: ${value}`, `An amount cannot be negative: ${value}`);
  if (value > MAX_AMOUNT_VND) return err(path, 'TOO_LARGE', 'Số tiền vượt quá 10^15 đồng', 'Amount above 10^15 VND');
  return [];
}

/** Text length in characters (code points, after NFC). */
export function validateText(path: string, value: string | null | undefined, max: number): FieldError[] {
  if (value === null || value === undefined) return [];
  const length = [...value.normalize('NFC')].length;
  if (length > max)
    return err(path, 'TOO_LONG', `Dài ${length} ký tự, tối đa ${max}`, `${length} characters long, at most ${max}`);
  return [];
}

/**
 * A point (WGS 84) inside Vietnam's bounding box. A coarse test: the server checks the point against the
 * area polygons later.
 */
export function validatePoint(path: string, point: { lon: number; lat: number } | null | undefined): FieldError[] {
  if (!point) return [];
  const { lon, lat } = point;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    return err(path, 'INVALID_COORDINATE', 'Tọa độ không hợp lệ', 'Invalid coordinates');
  }
  const b = VIETNAM_BBOX;
  if (lon < b.minLon || lon > b.maxLon || lat < b.minLat || lat > b.maxLat) {
    return err(
      path,
      'OUTSIDE_VIETNAM',
      `Điểm (${lat}, ${lon}) nằm ngoài lãnh thổ Việt Nam`,
      `Point (${lat}, ${lon}) is outside Vietnam`,
    );
  }
  return [];
}

/**
 * The Penal Code article (and clause, when given) exists in the catalogue and was in force on the date of
 * the offence ('YYYY-MM-DD', Asia/Ho_Chi_Minh). A clause whose penalty data is not recorded is accepted:
 * the clause exists, only its bracket is unknown.
 */
export function validatePenalCode(
  paths: { article: string; clause: string },
  article: string | null | undefined,
  clause: number | null | undefined,
  date?: string,
): FieldError[] {
  if (article === null || article === undefined || article === '') {
    if (clause !== null && clause !== undefined)
      return err(paths.article, 'REQUIRED', 'Có khoản nhưng thiếu điều', 'A clause is given without an article');
    return [];
  }
  const a = articleInForce(article, date);
  if (!a.ok) {
    const code = a.error.code === 'ARTICLE_NOT_IN_FORCE' ? 'ARTICLE_NOT_IN_FORCE' : 'ARTICLE_UNKNOWN';
    return err(paths.article, code, a.error.vi, a.error.en);
  }
  if (clause === null || clause === undefined) return [];
  if (!Number.isInteger(clause) || clause < 1)
    return err(paths.clause, 'CLAUSE_UNKNOWN', `Khoản không hợp lệ: ${clause}`, `Invalid clause: ${clause}`);
  const top = penaltyTopOf(article, clause, date);
  if (!top.ok && top.error.code === 'CLAUSE_UNKNOWN')
    return err(paths.clause, 'CLAUSE_UNKNOWN', top.error.vi, top.error.en);
  return [];
}

/** The common core of an incident as the API and the importer hand it over. */
export interface IncidentCoreInput {
  occurredAt?: string | null;
  receivedAt?: string | null;
  counts?: Partial<Record<CountField, number | null>>;
  damageVnd?: number | null;
  lossVnd?: number | null;
  narrative?: string | null;
  address?: string | null;
  point?: { lon: number; lat: number } | null;
  article?: string | null;
  clause?: number | null;
}

/** Every common-core rule at once; paths are the input's field names (`counts.deaths`, `point`, …). */
export function validateIncidentCore(input: IncidentCoreInput, now: string | Date): FieldError[] {
  const out = validateTimes(input, now);
  for (const [field, max] of Object.entries(COUNT_LIMITS) as [CountField, number][]) {
    out.push(...validateCount(`counts.${field}`, input.counts?.[field], max));
  }
  out.push(...validateAmount('damageVnd', input.damageVnd));
  out.push(...validateAmount('lossVnd', input.lossVnd));
  out.push(...validateText('narrative', input.narrative, TEXT_LIMITS.narrative));
  out.push(...validateText('address', input.address, TEXT_LIMITS.address));
  out.push(...validatePoint('point', input.point));
  const occurredMs = input.occurredAt ? parseInstant(input.occurredAt) : null;
  const date = occurredMs === null ? undefined : hcmDateOf(new Date(occurredMs));
  out.push(...validatePenalCode({ article: 'article', clause: 'clause' }, input.article, input.clause, date));
  return out;
}
