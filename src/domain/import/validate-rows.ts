import { hcmDateOf } from '../calendar/dates';
import { formatCsv } from '../csv';
import { isIncidentKind, isStatusOf } from '../incidents/kinds';
import {
  COUNT_LIMITS,
  TEXT_LIMITS,
  validateAmount,
  validateCount,
  validatePenalCode,
  validatePoint,
  validateText,
  validateTimes,
  type CountField,
  type FieldError,
} from '../incidents/validation';
import { compileMapping, type ColumnMapping, type MappedRecord, type RowError, type TargetField } from './mapping';

/**
 * Row-level validation of an import, on top of the mapping (types, dates, value maps) and the common-core
 * rules of incidents/validation.ts. Every problem is reported with its row and column, in Vietnamese and
 * English.
 *
 * Row numbers: the row as the user sees it in the file — for CSV the physical line where the record starts
 * (`CsvRecord.line`: the header is row 1, so the first data row is row 2, and a record with a line break
 * inside quotes pushes the next record's number down accordingly); for XLSX the sheet row number.
 *
 * Works row by row (`createRowValidator`), holding only the set of external IDs seen, so a million-row file
 * can be validated as it streams; `validateRows` is the whole-array convenience.
 */

export type ImportMode = 'all_or_nothing' | 'valid_rows_only';

export interface RowValidationOptions {
  headers: readonly string[];
  mapping: ColumnMapping;
  /** The current instant: dates after it are refused. */
  now: string | Date;
  /** Whether an area code exists on a date ('YYYY-MM-DD', Hanoi): injected by the caller. */
  areaExists: (code: string, date: string) => boolean;
  /** Require the time of occurrence (default true). */
  requireOccurredAt?: boolean;
  /** Require an area code (default true). */
  requireArea?: boolean;
  /** Kind of every row when the file has no kind column. */
  defaultKind?: string;
  /**
   * Foreign data (another country's police): points are checked for valid coordinates only, not against
   * Vietnam's bounding box.
   */
  foreign?: boolean;
}

/** Longest title of a record (as the API accepts). */
export const TITLE_LIMIT = 200;
/** Longest source category kept. */
export const SOURCE_CATEGORY_LIMIT = 200;

export interface ValidRow {
  row: number;
  record: MappedRecord;
}

export interface SourceRow {
  /** Row number as the user sees it (see the module comment). */
  line: number;
  fields: readonly string[];
}

export interface RowValidator {
  /** Problems with the header (missing columns, row 1); when non-empty, no row can be valid. */
  headerErrors: RowError[];
  validate(row: SourceRow): { ok: true; value: ValidRow } | { ok: false; errors: RowError[] };
}

const COUNT_FIELDS = Object.keys(COUNT_LIMITS) as CountField[];

export function createRowValidator(options: RowValidationOptions): RowValidator {
  const compiled = compileMapping(options.headers, options.mapping);
  const columnOf = new Map<string, string>(options.mapping.fields.map((f) => [f.field, f.column]));
  const mapped = (field: TargetField) => columnOf.has(field);
  const idColumn = options.mapping.externalIdColumn ?? '';
  const seen = new Map<string, number>();
  const requireOccurredAt = options.requireOccurredAt ?? true;
  const requireArea = options.requireArea ?? true;

  return {
    headerErrors: compiled.headerErrors,
    validate(source) {
      const row = source.line;
      // A NUL character cannot be stored (PostgreSQL text and jsonb refuse it): the row is reported, by column,
      // without quoting the value (so the report itself stays storable).
      if (source.fields.some((f) => f.includes('\u0000')))
        return {
          ok: false,
          errors: source.fields.flatMap((f, i) =>
            f.includes('\u0000')
              ? [{ row, column: options.headers[i] ?? `#${i + 1}`, code: 'INVALID_CHARACTER', vi: 'Ô có ký tự NUL (mã 0), không lưu được', en: 'The cell holds a NUL character (code 0), which cannot be stored' }]
              : [],
          ),
        };
      const { record, errors } = compiled.apply(source.fields, row);
      const v = record.values;
      const failedFields = new Set(errors.map((e) => e.column));
      const push = (field: string, code: string, vi: string, en: string) =>
        errors.push({ row, column: columnOf.get(field) ?? (field === 'externalId' ? idColumn : field), code, vi, en });
      const pushAll = (list: FieldError[]) => {
        for (const e of list) push(e.path, e.code, e.vi, e.en);
      };
      const str = (f: TargetField) => (typeof v[f] === 'string' ? (v[f] as string) : undefined);
      const num = (f: TargetField) => (typeof v[f] === 'number' ? (v[f] as number) : undefined);

      // Dates: required, not in the future, receipt not before occurrence. Without a receivedAt column the
      // time of receipt is taken to be the time of occurrence.
      const occurredAt = str('occurredAt');
      const receivedAt = mapped('receivedAt') ? str('receivedAt') : occurredAt;
      const occurredColumnOk = !failedFields.has(columnOf.get('occurredAt') ?? '');
      const receivedColumnOk = !failedFields.has(columnOf.get('receivedAt') ?? '');
      if (requireOccurredAt && occurredAt === undefined && occurredColumnOk) {
        push('occurredAt', 'MISSING_DATE', 'Thiếu ngày xảy ra', 'Missing date of occurrence');
      }
      if (mapped('receivedAt') && receivedAt === undefined && receivedColumnOk) {
        push('receivedAt', 'MISSING_DATE', 'Thiếu ngày tiếp nhận', 'Missing date of receipt');
      }
      if (receivedAt !== undefined) {
        const paths = { occurredAt: 'occurredAt', receivedAt: mapped('receivedAt') ? 'receivedAt' : 'occurredAt' };
        // Without a receivedAt column both paths are occurredAt: report each problem once.
        const list = validateTimes({ occurredAt, receivedAt }, options.now, paths);
        pushAll(list.filter((e, i) => list.findIndex((x) => x.path === e.path && x.code === e.code) === i));
      }
      const when = occurredAt ?? receivedAt;
      const date = when === undefined ? undefined : hcmDateOf(when);

      // Area code valid on the date.
      const area = str('areaCode');
      if (area === undefined) {
        if (requireArea && mapped('areaCode')) push('areaCode', 'REQUIRED', 'Thiếu mã địa bàn', 'Missing area code');
      } else if (date !== undefined && !options.areaExists(area, date)) {
        push(
          'areaCode',
          'UNKNOWN_AREA',
          `Mã địa bàn "${area}" không tồn tại vào ngày ${date}`,
          `Area code "${area}" does not exist on ${date}`,
        );
      }

      // Point: both coordinates or none, inside Vietnam.
      const lon = num('lon');
      const lat = num('lat');
      if ((lon === undefined) !== (lat === undefined)) {
        const missing = lon === undefined ? 'lon' : 'lat';
        if (!failedFields.has(columnOf.get(missing) ?? ''))
          push(missing, 'REQUIRED', 'Thiếu một trong hai tọa độ', 'One of the two coordinates is missing');
      } else if (lon !== undefined && lat !== undefined) {
        const pointErrors = validatePoint('lon', { lon, lat }).filter((e) => !options.foreign || e.code !== 'OUTSIDE_VIETNAM');
        for (const e of pointErrors) push(e.path, e.code, e.vi, e.en);
      }

      for (const f of COUNT_FIELDS) pushAll(validateCount(f, num(f), COUNT_LIMITS[f]));
      pushAll(validateAmount('damageVnd', num('damageVnd')));
      pushAll(validateAmount('lossVnd', num('lossVnd')));
      pushAll(validateText('narrative', str('narrative'), TEXT_LIMITS.narrative));
      pushAll(validateText('address', str('address'), TEXT_LIMITS.address));
      pushAll(validateText('title', str('title'), TITLE_LIMIT));
      pushAll(validateText('sourceCategory', str('sourceCategory') ?? record.sourceCategory, SOURCE_CATEGORY_LIMIT));
      pushAll(validatePenalCode({ article: 'article', clause: 'clause' }, str('article'), num('clause'), date));

      const kind = str('kind') ?? options.defaultKind;
      const status = str('status');
      if (status !== undefined && kind !== undefined && isIncidentKind(kind) && !isStatusOf(kind, status)) {
        push(
          'status',
          'UNKNOWN_VALUE',
          `Trạng thái "${status}" không áp dụng cho loại vụ việc này`,
          `Status "${status}" does not apply to this kind`,
        );
      }

      // Duplicate external ID within the file.
      if (record.externalId !== undefined) {
        const first = seen.get(record.externalId);
        if (first !== undefined) {
          push(
            'externalId',
            'DUPLICATE_ID',
            `Mã "${record.externalId}" trùng với dòng ${first}`,
            `ID "${record.externalId}" repeats row ${first}`,
          );
        } else seen.set(record.externalId, row);
      }

      if (errors.length > 0) return { ok: false, errors };
      return { ok: true, value: { row, record } };
    },
  };
}

export interface ImportReport {
  mode: ImportMode;
  rowsRead: number;
  rowsValid: number;
  rowsInvalid: number;
  /** Errors, header first, then by row; at most `maxErrors`. */
  errors: RowError[];
  /** Errors not listed because of `maxErrors`. */
  errorsOmitted: number;
  /** Whether anything is to be written: false in all-or-nothing mode as soon as one row is bad. */
  importable: boolean;
}

/**
 * Validate all rows. `valid` holds the valid rows; `toImport` what the mode allows to write (all valid rows in
 * valid-rows-only mode; every row or none in all-or-nothing mode).
 */
export function validateRows(
  rows: Iterable<SourceRow>,
  options: RowValidationOptions & { mode: ImportMode; maxErrors?: number },
): { valid: ValidRow[]; toImport: ValidRow[]; report: ImportReport } {
  const validator = createRowValidator(options);
  const maxErrors = options.maxErrors ?? 10_000;
  const errors: RowError[] = [...validator.headerErrors];
  let omitted = 0;
  const valid: ValidRow[] = [];
  let read = 0;
  let invalid = 0;
  for (const r of rows) {
    read++;
    const result = validator.validate(r);
    if (result.ok) valid.push(result.value);
    else {
      invalid++;
      for (const e of result.errors) {
        if (errors.length < maxErrors) errors.push(e);
        else omitted++;
      }
    }
  }
  const headerOk = validator.headerErrors.length === 0;
  const importable = headerOk && (options.mode === 'valid_rows_only' ? valid.length > 0 : invalid === 0 && read > 0);
  return {
    valid: headerOk ? valid : [],
    toImport: importable ? valid : [],
    report: {
      mode: options.mode,
      rowsRead: read,
      rowsValid: headerOk ? valid.length : 0,
      rowsInvalid: headerOk ? invalid : read,
      errors,
      errorsOmitted: omitted,
      importable,
    },
  };
}

export const REPORT_CSV_HEADER = ['dòng/row', 'cột/column', 'lỗi/error (vi)', 'error (en)'] as const;

/**
 * The error report as CSV for spreadsheet users: UTF-8 with a byte-order mark (so Excel reads the
 * Vietnamese correctly), CRLF, and cells that would start a formula neutralised.
 */
export function reportToCsv(report: Pick<ImportReport, 'errors' | 'errorsOmitted'>): string {
  const rows: string[][] = [[...REPORT_CSV_HEADER], ...report.errors.map((e) => [String(e.row), e.column, e.vi, e.en])];
  if (report.errorsOmitted > 0) {
    rows.push([
      '',
      '',
      `… và ${report.errorsOmitted} lỗi khác không liệt kê`,
      `… and ${report.errorsOmitted} more errors not listed`,
    ]);
  }
  return '\uFEFF' + formatCsv(rows, { guardFormula: true });
}
