import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { createCsvParser } from '../../../domain/csv';
import { createStreamDecoder, detectEncoding, type EncodingName } from '../../../domain/text';

/**
 * Reading an uploaded file as a stream of rows (cells as text), in bounded memory: CSV through the streaming
 * decoder of its encoding and the streaming CSV parser; XLSX through ExcelJS's streaming reader (first sheet).
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

export async function* readCsvRows(file: string, encoding: EncodingName): AsyncGenerator<FileRow> {
  const decoder = createStreamDecoder(encoding);
  const parser = createCsvParser();
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream) {
      const text = decoder.push(chunk as Buffer);
      for (const r of parser.push(text)) yield { line: r.line, fields: r.fields as string[] };
    }
    const tail = decoder.end();
    for (const r of parser.push(tail)) yield { line: r.line, fields: r.fields as string[] };
    for (const r of parser.end()) yield { line: r.line, fields: r.fields as string[] };
  } finally {
    stream.destroy();
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A cell as text: dates as local wall time 'YYYY-MM-DDTHH:mm:ss' (ExcelJS gives them as UTC = wall time). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}T${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
    return '';
  }
  return String(v);
}

export async function* readXlsxRows(file: string): AsyncGenerator<FileRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as unknown[];
      const fields: string[] = [];
      for (let i = 1; i < values.length; i++) fields.push(cellText(values[i]).normalize('NFC'));
      while (fields.length > 0 && fields.at(-1) === '') fields.pop();
      if (fields.length === 0) continue;
      yield { line: row.number, fields };
    }
    break; // first sheet only
  }
}

export function readRows(file: string, format: ImportFormat, encoding: EncodingName): AsyncGenerator<FileRow> {
  return format === 'xlsx' ? readXlsxRows(file) : readCsvRows(file, encoding);
}
