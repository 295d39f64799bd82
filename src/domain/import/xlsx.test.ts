import { describe, expect, it } from 'vitest';
import { createCsvParser, CsvLimitError } from '../csv';
import { DEFAULT_IMPORT_LIMITS, ImportLimitError } from './limits';
import {
  columnOfRef,
  createSharedStringsParser,
  createSheetParser,
  createStylesParser,
  isDateFormatCode,
  serialToText,
} from './xlsx';

const SHEET = `<?xml version="1.0"?><!-- c --><worksheet xmlns:x="urn:x"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>a &amp; b &#x1EA1;</t><rPh><t>ignored</t></rPh></is></c></row>
<row r="3"><c r="A3" s="1"><v>46073.3958333333</v></c><c r="B3" t="b"><v>1</v></c><c r="C3"><v>1.5E-3</v></c><c r="D3" t="str"><f>A1</f><v><![CDATA[x<y]]></v></c><c r="E3"/></row>
<row r="4"><c r="A4"><v></v></c></row>
</sheetData></worksheet>`;

const STYLES = `<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy&quot;h&quot;"/></numFmts>
<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>`;

function rowsOf(xml: string, step: number, limits = DEFAULT_IMPORT_LIMITS) {
  const p = createSheetParser({ shared: ['Mã'], dateStyles: new Set([1]), date1904: false, limits });
  const out = [];
  for (let i = 0; i < xml.length; i += step) out.push(...p.push(xml.slice(i, i + step)));
  out.push(...p.end());
  return out;
}

describe('xlsx parts', () => {
  it('should read the same rows for any split of the sheet XML into chunks', () => {
    const whole = rowsOf(SHEET, SHEET.length);
    expect(whole).toEqual([
      { line: 1, fields: ['Mã', '', 'a & b ạ'] },
      { line: 3, fields: ['2026-02-20T09:30:00', 'true', '0.0015', 'x<y'] },
    ]);
    for (const step of [1, 2, 3, 7, 13, 64]) expect(rowsOf(SHEET, step)).toEqual(whole);
  });

  it('should know date formats from the styles', () => {
    const p = createStylesParser();
    p.push(STYLES);
    expect([...p.end()]).toEqual([1, 2]);
    expect(isDateFormatCode('[Red]0.00')).toBe(false);
    expect(isDateFormatCode('"d"0')).toBe(false);
    expect(isDateFormatCode('[h]:mm')).toBe(true);
    expect(serialToText(1, true)).toBe('1904-01-02T00:00:00');
    expect(columnOfRef('AB12')).toBe(27);
  });

  it('should refuse a long cell, a far column, a long row, too many rows, with the row and column', () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxCellChars: 10, maxColumns: 3, maxLineChars: 15, maxRows: 1 };
    const err = (xml: string) => {
      try {
        rowsOf(`<sheetData>${xml}</sheetData>`, 5, limits);
      } catch (e) {
        return e instanceof ImportLimitError ? [e.limit, e.where.row, e.where.column] : e;
      }
      return null;
    };
    expect(err(`<row r="2"><c r="B2" t="inlineStr"><is><t>${'x'.repeat(11)}</t></is></c></row>`)).toEqual([
      'cellChars',
      2,
      2,
    ]);
    expect(err(`<row r="2"><c r="D2"><v>1</v></c></row>`)).toEqual(['columns', 2, undefined]);
    expect(err(`<row r="2"><c><v>1234567890</v></c><c><v>1234567890</v></c></row>`)).toEqual([
      'lineChars',
      2,
      undefined,
    ]);
    expect(err(`<row><c><v>1</v></c></row><row><c><v>1</v></c></row><row><c><v>1</v></c></row>`)).toEqual([
      'rows',
      3,
      undefined,
    ]);
    // A shared string too long is kept one character beyond the bound and refused where it is used.
    const ss = createSharedStringsParser({ maxCellChars: 10 });
    ss.push(`<sst><si><t>${'y'.repeat(1000)}</t></si></sst>`);
    expect(ss.end()[0]).toHaveLength(11);
  });

  it('should return the rows before a bound and throw at the next call (CSV and sheet)', () => {
    const p = createCsvParser({ maxFieldChars: 5 });
    expect(p.push('a,b\r\nabcdefgh\r\n').map((r) => r.fields)).toEqual([['a', 'b']]);
    expect(() => p.end()).toThrow(CsvLimitError);
    const s = createSheetParser({
      shared: [],
      dateStyles: new Set(),
      date1904: false,
      limits: { ...DEFAULT_IMPORT_LIMITS, maxCellChars: 3 },
    });
    expect(s.push('<sheetData><row><c><v>1</v></c></row><row><c><v>12345</v></c></row>')).toHaveLength(1);
    expect(() => s.end()).toThrow(ImportLimitError);
  });
});
