import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCsvParser, formatCsv, parseCsv, parseCsvChunks, type CsvRecord } from '../csv';

function splitAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let prev = 0;
  for (const p of [...points, text.length]) {
    chunks.push(text.slice(prev, p));
    prev = p;
  }
  return chunks;
}

function streamParse(chunks: string[]): CsvRecord[] | string {
  try {
    const p = createCsvParser();
    const out: CsvRecord[] = [];
    for (const c of chunks) out.push(...p.push(c));
    out.push(...p.end());
    return out;
  } catch (e) {
    return (e as Error).message;
  }
}

function wholeParse(text: string): CsvRecord[] | string {
  try {
    return parseCsv(text);
  } catch (e) {
    return (e as Error).message;
  }
}

/** CSV-ish text built from the characters that matter, valid or not. */
const csvText = fc
  .array(fc.constantFrom('a', 'ệ', ' ', ',', '"', '""', '\r', '\n', '\r\n', 'x,y', '"q,\r\nr"', '\uFEFF'), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));

/** Well-formed CSV written by the formatter from random fields. */
const wellFormed = fc
  .array(
    fc.array(fc.string({ unit: fc.constantFrom('a', 'Đ', ',', '"', '\n', '\r', ' ') }), { minLength: 1, maxLength: 4 }),
    { maxLength: 8 },
  )
  .map((rows) => formatCsv(rows));

describe('createCsvParser', () => {
  it('should give the same records as parseCsv for any chunking of well-formed CSV', () => {
    fc.assert(
      fc.property(wellFormed, fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
        expect(streamParse(splitAt(text, cuts))).toEqual(wholeParse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('should give the same records, line numbers and errors as parseCsv for any text and chunking', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
        expect(streamParse(splitAt(text, cuts))).toEqual(wholeParse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('should handle a quoted field, a doubled quote and a CRLF split across chunks', () => {
    const p = createCsvParser();
    expect(p.push('\uFEFFid,note\r')).toEqual([{ line: 1, fields: ['id', 'note'] }]);
    expect(p.push('\n1,"a ""b')).toEqual([]);
    expect(p.push('"" c\r\nd"\r\n2,')).toEqual([{ line: 2, fields: ['1', 'a "b" c\r\nd'] }]);
    expect(p.end()).toEqual([{ line: 4, fields: ['2', ''] }]);
  });

  it('should read a large file in chunks without holding it (100 000 rows)', async () => {
    async function* chunks() {
      for (let i = 0; i < 1000; i++) {
        let s = '';
        for (let j = 0; j < 100; j++) s += `${i * 100 + j},"Phường Hoàn Kiếm, Hà Nội",${j}\n`;
        yield s;
      }
    }
    let count = 0;
    let last: CsvRecord | undefined;
    for await (const r of parseCsvChunks(chunks())) {
      count++;
      last = r;
    }
    expect(count).toBe(100_000);
    expect(last).toEqual({ line: 100_000, fields: ['99999', 'Phường Hoàn Kiếm, Hà Nội', '99'] });
  });
});

describe('formatCsv', () => {
  it('should quote what needs quoting and guard formulas when asked', () => {
    expect(formatCsv([['a', 'b,c', 'say "hi"', '=1+1']], { guardFormula: true })).toBe(
      'a,"b,c","say ""hi""",\'=1+1\r\n',
    );
    expect(parseCsv(formatCsv([['x\ny', '']]))).toEqual([{ line: 1, fields: ['x\ny', ''] }]);
  });
});

describe('bytes → stream decoder → stream parser', () => {
  it('should read a legacy-encoded fixture split at random byte offsets exactly like the whole file', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { createStreamDecoder, decode } = await import('../text/encodings');
    const dir = join(import.meta.dirname, '../../../test/fixtures/import');
    for (const [file, enc] of [
      ['vi-vni.csv', 'vni'],
      ['vi-cp1258.csv', 'windows-1258'],
      ['vi-utf8.csv', 'utf-8'],
    ] as const) {
      const bytes = new Uint8Array(readFileSync(join(dir, file)));
      const expected = parseCsv(decode(bytes, enc));
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 30 }), (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const decoder = createStreamDecoder(enc);
          const parser = createCsvParser();
          const out: CsvRecord[] = [];
          let prev = 0;
          for (const p of [...points, bytes.length]) {
            out.push(...parser.push(decoder.push(bytes.slice(prev, p))));
            prev = p;
          }
          out.push(...parser.push(decoder.end()), ...parser.end());
          expect(out).toEqual(expected);
        }),
        { numRuns: 100 },
      );
    }
  });
});
