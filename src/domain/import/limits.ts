/**
 * Bounds on what an import file may hold, so that a small file cannot make the server decompress, parse, keep
 * or echo an unbounded amount of data (an XLSX "zip bomb", a 10 MB CSV header line). The values are
 * configuration (`IMPORT_MAX_*`, `IMPORT_XLSX_*`); the readers throw `ImportLimitError` naming the bound.
 */
export interface ImportLimits {
  /** Characters in one cell (Excel's own limit is 32,767). */
  maxCellChars: number;
  /** Columns holding a value in one row (CSV: fields of a record). */
  maxColumns: number;
  /** Data rows in a file (header excluded). */
  maxRows: number;
  /** Characters in one row or CSV record, all cells together. */
  maxLineChars: number;
  /** XLSX: entries in the ZIP's central directory. */
  xlsxMaxEntries: number;
  /** XLSX: uncompressed bytes, declared by all entries together and actually inflated. */
  xlsxMaxUncompressedBytes: number;
  /** XLSX: uncompressed / compressed size of an entry (checked for entries above 1 MB uncompressed). */
  xlsxMaxRatio: number;
  /** XLSX: sheets in the workbook. */
  xlsxMaxSheets: number;
  /** XLSX: uncompressed bytes of the shared strings table (held in memory while the sheet is read). */
  xlsxMaxSharedStringsBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxCellChars: 32_767,
  maxColumns: 1_000,
  maxRows: 2_000_000,
  maxLineChars: 1_048_576,
  xlsxMaxEntries: 1_000,
  xlsxMaxUncompressedBytes: 1024 * 1024 * 1024,
  xlsxMaxRatio: 200,
  xlsxMaxSheets: 100,
  xlsxMaxSharedStringsBytes: 128 * 1024 * 1024,
};

/** Entries smaller than this (uncompressed) are not held to the compression ratio (a blank sheet compresses 1000:1). */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

export type ImportLimitName =
  | 'cellChars'
  | 'columns'
  | 'rows'
  | 'lineChars'
  | 'entries'
  | 'uncompressedBytes'
  | 'ratio'
  | 'sheets'
  | 'sharedStringsBytes'
  | 'declaredSize';

/** The environment variable of each bound (named in the error, so an operator knows what to raise). */
export const LIMIT_SETTING: Record<ImportLimitName, string> = {
  cellChars: 'IMPORT_MAX_CELL_CHARS',
  columns: 'IMPORT_MAX_COLUMNS',
  rows: 'IMPORT_MAX_ROWS',
  lineChars: 'IMPORT_MAX_LINE_CHARS',
  entries: 'IMPORT_XLSX_MAX_ENTRIES',
  uncompressedBytes: 'IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES',
  ratio: 'IMPORT_XLSX_MAX_RATIO',
  sheets: 'IMPORT_XLSX_MAX_SHEETS',
  sharedStringsBytes: 'IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES',
  declaredSize: 'IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES',
};

/** Bounds of the compressed archive (answered 413); the others are bounds of the content (422). */
export const ARCHIVE_LIMITS: ReadonlySet<ImportLimitName> = new Set([
  'entries',
  'uncompressedBytes',
  'ratio',
  'sharedStringsBytes',
  'declaredSize',
]);

export class ImportLimitError extends Error {
  readonly vi: string;
  readonly en: string;
  constructor(
    readonly limit: ImportLimitName,
    readonly max: number,
    readonly where: { row?: number; column?: number; entry?: string; actual?: number } = {},
  ) {
    const { vi, en } = describeLimit(limit, max, where);
    super(en);
    this.vi = vi;
    this.en = en;
  }
}

const at = (w: { row?: number; column?: number; entry?: string }, lang: 'vi' | 'en') => {
  const parts: string[] = [];
  if (w.row !== undefined) parts.push(lang === 'vi' ? `dòng ${w.row}` : `row ${w.row}`);
  if (w.column !== undefined) parts.push(lang === 'vi' ? `cột ${w.column}` : `column ${w.column}`);
  if (w.entry !== undefined) parts.push(lang === 'vi' ? `phần "${w.entry}"` : `part "${w.entry}"`);
  return parts.length ? ` (${parts.join(', ')})` : '';
};

const fmt = (n: number) => n.toLocaleString('en-US');

/** The message naming the bound, its value and where it was exceeded, in Vietnamese and English. */
export function describeLimit(
  limit: ImportLimitName,
  max: number,
  w: { row?: number; column?: number; entry?: string; actual?: number } = {},
): { vi: string; en: string } {
  const m = fmt(max);
  const s = LIMIT_SETTING[limit];
  const texts: Record<ImportLimitName, [string, string]> = {
    cellChars: [`Ô dữ liệu dài quá ${m} ký tự`, `A cell is longer than ${m} characters`],
    columns: [`Dòng có quá ${m} cột`, `A row has more than ${m} columns`],
    rows: [`Tệp có quá ${m} dòng dữ liệu`, `The file has more than ${m} data rows`],
    lineChars: [`Dòng dài quá ${m} ký tự`, `A row is longer than ${m} characters`],
    entries: [`Tệp XLSX có quá ${m} phần nén`, `The XLSX file has more than ${m} zipped parts`],
    uncompressedBytes: [`Tệp XLSX giải nén lớn hơn ${m} byte`, `The XLSX file expands to more than ${m} bytes`],
    ratio: [
      `Tệp XLSX có phần nén với tỷ lệ giải nén lớn hơn ${m}:1 (nghi là bom nén)`,
      `The XLSX file has a part that expands more than ${m}:1 (a suspected zip bomb)`,
    ],
    sheets: [`Tệp XLSX có quá ${m} trang tính`, `The XLSX workbook has more than ${m} sheets`],
    sharedStringsBytes: [
      `Bảng chuỗi dùng chung của tệp XLSX lớn hơn ${m} byte`,
      `The XLSX shared strings table is larger than ${m} bytes`,
    ],
    declaredSize: [
      `Tệp XLSX có phần nén giải nén ra nhiều hơn kích thước khai báo`,
      `The XLSX file has a part that expands beyond its declared size`,
    ],
  };
  const [vi, en] = texts[limit];
  return { vi: `${vi}${at(w, 'vi')} — giới hạn ${s}`, en: `${en}${at(w, 'en')} — limit ${s}` };
}

/** Text shown in a preview: at most `max` characters, an ellipsis marking a cut. */
export function previewCell(text: string, max = PREVIEW_CELL_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
/** Characters of a cell in the upload preview (the file itself is read whole by the import). */
export const PREVIEW_CELL_CHARS = 200;
/** Data rows in the upload preview. */
export const PREVIEW_ROWS = 20;
