import fs from 'node:fs';
import { CsvLimitError, createCsvParser } from '../../../domain/csv';
import { ImportLimitError, type ImportLimits } from '../../../domain/import/limits';
import {
  createSharedStringsParser,
  createSheetParser,
  createStylesParser,
  parseRelsXml,
  parseWorkbookXml,
  resolveWorkbookTarget,
} from '../../../domain/import/xlsx';
import { createStreamDecoder, detectEncoding, type EncodingName } from '../../../domain/text';
import { ZipArchive, ZipFormatError } from './xlsx-zip';

/**
 * Reading an uploaded file as a stream of rows (cells as text), in bounded memory: CSV through the streaming
 * decoder of its encoding and the streaming CSV parser; XLSX (first sheet) through bounded inflation and a
 * streaming sheet parser. Every reader is bounded by `ImportLimits` and throws `ImportLimitError` beyond them.
 * The first row yielded is the header. Row numbers are what the user sees: the physical line of a CSV record,
 * the sheet row of an XLSX row.
 */

export type ImportFormat = 'csv' | 'xlsx';

export interface FileRow {
  line: number;
  fields: string[];
}

/** 'xlsx' when the file is a ZIP (PK\x03\x04), else 'csv'. */
export async function sniffFormat(file: string): Promise<ImportFormat> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(4);
    await fh.read(buf, 0, 4, 0);
    return buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04 ? 'xlsx' : 'csv';
  } finally {
    await fh.close();
  }
}

/** Encoding of a CSV from its first megabyte (cut at the last line end, so no character is split). */
export async function sniffEncoding(file: string): Promise<{ encoding: EncodingName; confidence: number }> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let end = bytesRead;
    if (bytesRead === buf.length) {
      const nl = buf.lastIndexOf(0x0a, bytesRead - 1);
      if (nl > 0) end = nl + 1;
    }
    const g = detectEncoding(new Uint8Array(buf.buffer, buf.byteOffset, end));
    return { encoding: g.encoding, confidence: g.confidence };
  } finally {
    await fh.close();
  }
}

export async function* readCsvRows(
  file: string,
  encoding: EncodingName,
  limits: ImportLimits,
): AsyncGenerator<FileRow> {
  const decoder = createStreamDecoder(encoding);
  const parser = createCsvParser({
    maxFieldChars: limits.maxCellChars,
    maxFields: limits.maxColumns,
    maxRecordChars: limits.maxLineChars,
  });
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  let records = 0;
  const counted = (line: number) => {
    // The header is record 1; data rows beyond the bound are refused.
    if (++records > limits.maxRows + 1) throw new ImportLimitError('rows', limits.maxRows, { row: line });
  };
  try {
    for await (const chunk of stream) {
      const text = decoder.push(chunk as Buffer);
      for (const r of parser.push(text)) {
        counted(r.line);
        yield { line: r.line, fields: r.fields as string[] };
      }
    }
    const tail = decoder.end();
    for (const r of parser.push(tail)) {
      counted(r.line);
      yield { line: r.line, fields: r.fields as string[] };
    }
    for (const r of parser.end()) {
      counted(r.line);
      yield { line: r.line, fields: r.fields as string[] };
    }
  } catch (err) {
    if (err instanceof CsvLimitError) {
      const name = err.limit === 'fieldChars' ? 'cellChars' : err.limit === 'fields' ? 'columns' : 'lineChars';
      throw new ImportLimitError(name, err.max, {
        row: err.line,
        ...(err.field !== undefined ? { column: err.field } : {}),
      });
    }
    throw err;
  } finally {
    stream.destroy();
  }
}

const SMALL_PART_BYTES = 16 * 1024 * 1024;

/**
 * The first sheet of an XLSX workbook, streamed from its ZIP through bounded inflation (`ZipArchive`) and the
 * bounded parsers of `domain/import/xlsx`: the central directory is checked before anything is inflated, the
 * workbook's sheet count is bounded, the shared strings table (held in memory) has its own bound, and the
 * sheet is parsed as it is inflated, one row at a time.
 */
export async function* readXlsxRows(file: string, limits: ImportLimits): AsyncGenerator<FileRow> {
  const zip = await ZipArchive.open(file, limits);
  const wbEntry = zip.find('xl/workbook.xml');
  if (!wbEntry) throw new ZipFormatError('not an XLSX workbook (no xl/workbook.xml)');
  const wb = parseWorkbookXml(await zip.readText(wbEntry, SMALL_PART_BYTES));
  if (wb.sheets.length > limits.xlsxMaxSheets) throw new ImportLimitError('sheets', limits.xlsxMaxSheets);
  if (wb.sheets.length === 0) throw new ZipFormatError('the workbook has no sheet');
  const relsEntry = zip.find('xl/_rels/workbook.xml.rels');
  const rels = relsEntry ? parseRelsXml(await zip.readText(relsEntry, SMALL_PART_BYTES)) : [];
  const byType = (suffix: string) => rels.find((r) => r.type.endsWith(suffix));
  const sheetRel = rels.find((r) => r.id === wb.sheets[0]!.relId);
  const sheetEntry = zip.find(sheetRel ? resolveWorkbookTarget(sheetRel.target) : 'xl/worksheets/sheet1.xml');
  if (!sheetEntry) throw new ZipFormatError('the first sheet is missing from the workbook');

  let shared: string[] = [];
  const ssRel = byType('/sharedStrings');
  const ssEntry = zip.find(ssRel ? resolveWorkbookTarget(ssRel.target) : 'xl/sharedStrings.xml');
  if (ssEntry) {
    if (ssEntry.uncompressedSize > limits.xlsxMaxSharedStringsBytes)
      throw new ImportLimitError('sharedStringsBytes', limits.xlsxMaxSharedStringsBytes, { entry: ssEntry.name });
    const p = createSharedStringsParser(limits);
    for await (const t of zip.text(ssEntry)) p.push(t);
    shared = p.end();
  }
  let dateStyles = new Set<number>();
  const stRel = byType('/styles');
  const stEntry = zip.find(stRel ? resolveWorkbookTarget(stRel.target) : 'xl/styles.xml');
  if (stEntry) {
    if (stEntry.uncompressedSize > SMALL_PART_BYTES) throw new ZipFormatError('the styles part is too large');
    const p = createStylesParser();
    for await (const t of zip.text(stEntry)) p.push(t);
    dateStyles = p.end();
  }
  const sheet = createSheetParser({ shared, dateStyles, date1904: wb.date1904, limits });
  for await (const t of zip.text(sheetEntry)) yield* sheet.push(t);
  yield* sheet.end();
}

/** Rows of an import file. Errors: `ImportLimitError` (a bound exceeded), anything else = unreadable. */
export function readRows(
  file: string,
  format: ImportFormat,
  encoding: EncodingName,
  limits: ImportLimits,
): AsyncGenerator<FileRow> {
  return format === 'xlsx' ? readXlsxRows(file, limits) : readCsvRows(file, encoding, limits);
}
