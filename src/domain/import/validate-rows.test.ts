import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../csv';
import { detectEncoding } from '../text/detect-encoding';
import { decode } from '../text/encodings';
import type { ColumnMapping } from './mapping';
import { reportToCsv, validateRows, type SourceRow } from './validate-rows';

const NOW = '2024-06-01T00:00:00Z';
const HOAN_KIEM_2024 = new Set(['00037', '00040', '00043', '00046', '00049', '00052', '00055', '00058']);
const areaExists = (code: string, date: string) => HOAN_KIEM_2024.has(code) && date < '2025-07-01';

/** The mapping of the fixture files (test/fixtures/import). */
const MAPPING: ColumnMapping = {
  source: 'Sổ tiếp nhận cũ',
  externalIdColumn: 'Mã hồ sơ',
  fields: [
    { column: 'Ngày xảy ra', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
    { column: 'Ngày tiếp nhận', field: 'receivedAt', dateFormat: 'dd/MM/yyyy HH:mm' },
    {
      column: 'Loại tin',
      field: 'reportSource',
      values: { 'Tố giác': 'to_giac', 'Tin báo': 'tin_bao', 'Kiến nghị khởi tố': 'kien_nghi_khoi_to' },
    },
    {
      column: 'Phân loại',
      field: 'category',
      values: { 'Trộm cắp': 'theft', 'Cướp giật': 'snatching', 'Lừa đảo': 'fraud' },
    },
    { column: 'Mã địa bàn', field: 'areaCode' },
    { column: 'Địa chỉ', field: 'address' },
    { column: 'Kinh độ', field: 'lon' },
    { column: 'Vĩ độ', field: 'lat' },
    { column: 'Số người chết', field: 'deaths' },
    { column: 'Thiệt hại (đồng)', field: 'damageVnd' },
    { column: 'Điều luật', field: 'article' },
    { column: 'Khoản', field: 'clause' },
    { column: 'Nội dung', field: 'narrative' },
  ],
};

function loadFixture(name: string) {
  const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../../../test/fixtures/import', name)));
  const [head, ...rows] = parseCsv(decode(bytes, detectEncoding(bytes).encoding));
  return { headers: head!.fields, rows };
}

describe('importing the fixture files', () => {
  it.each(['vi-utf8.csv', 'vi-cp1258.csv', 'vi-tcvn3.csv', 'vi-vni.csv'])(
    'should accept 9 rows of %s and report the bad one at row 10',
    (file) => {
      const { headers, rows } = loadFixture(file);
      const { valid, toImport, report } = validateRows(rows, {
        headers,
        mapping: MAPPING,
        now: NOW,
        areaExists,
        mode: 'valid_rows_only',
      });
      expect(report).toMatchObject({ rowsRead: 10, rowsValid: 9, rowsInvalid: 1, importable: true });
      expect(report.errors).toEqual([
        { row: 10, column: 'Số người chết', code: 'NEGATIVE', vi: 'Không được âm: -1', en: 'Cannot be negative: -1' },
      ]);
      expect(toImport).toHaveLength(9);
      // The third record holds a line break inside quotes: it starts on line 4, the next one on line 6.
      expect(valid.map((v) => v.row)).toEqual([2, 3, 4, 6, 7, 8, 9, 11, 12]);
      expect(valid[0]!.record).toEqual({
        source: 'Sổ tiếp nhận cũ',
        externalId: 'HS-2024-0001',
        values: {
          occurredAt: '2024-03-05T01:30:00.000Z',
          receivedAt: '2024-03-05T02:15:00.000Z',
          reportSource: 'to_giac',
          category: 'theft',
          areaCode: '00049',
          address: 'số 12 phố Hàng Đào, phường Hàng Đào',
          lon: 105.8512,
          lat: 21.0342,
          deaths: 0,
          damageVnd: 15_000_000,
          article: '173',
          clause: 1,
          narrative: 'Bị mất trộm xe máy trước cửa nhà, đã trình báo công an phường.',
        },
      });
      expect(valid[3]!.record.sourceCategory).toBe('Đánh bạc');
    },
  );

  it('should import nothing in all-or-nothing mode when one row is bad', () => {
    const { headers, rows } = loadFixture('vi-utf8.csv');
    const { valid, toImport, report } = validateRows(rows, {
      headers,
      mapping: MAPPING,
      now: NOW,
      areaExists,
      mode: 'all_or_nothing',
    });
    expect(valid).toHaveLength(9);
    expect(toImport).toEqual([]);
    expect(report.importable).toBe(false);
  });

  it('should write the report as UTF-8 CSV with a BOM and bilingual columns', () => {
    const { headers, rows } = loadFixture('vi-utf8.csv');
    const { report } = validateRows(rows, { headers, mapping: MAPPING, now: NOW, areaExists, mode: 'all_or_nothing' });
    expect(reportToCsv(report)).toBe(
      '\uFEFFdòng/row,cột/column,lỗi/error (vi),error (en)\r\n10,Số người chết,Không được âm: -1,Cannot be negative: -1\r\n',
    );
  });
});

describe('validateRows: every kind of bad row', () => {
  const headers = ['ID', 'Ngày', 'Địa bàn', 'Kinh độ', 'Vĩ độ', 'Chết', 'Nội dung', 'Địa chỉ'];
  const mapping: ColumnMapping = {
    source: 'test',
    externalIdColumn: 'ID',
    fields: [
      { column: 'Ngày', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
      { column: 'Địa bàn', field: 'areaCode' },
      { column: 'Kinh độ', field: 'lon', numberLocale: 'en' },
      { column: 'Vĩ độ', field: 'lat', numberLocale: 'en' },
      { column: 'Chết', field: 'deaths' },
      { column: 'Nội dung', field: 'narrative' },
      { column: 'Địa chỉ', field: 'address' },
    ],
  };
  const ok = ['A1', '01/03/2024 10:00', '00037', '105.85', '21.03', '0', 'x', 'phố Huế'];
  const run = (...rows: string[][]) =>
    validateRows(
      rows.map((fields, i): SourceRow => ({ line: i + 2, fields })),
      { headers, mapping, now: NOW, areaExists, mode: 'valid_rows_only' },
    ).report.errors.map((e) => `${e.row} ${e.column} ${e.code}`);
  const withCell = (i: number, v: string, id = 'B') => ok.map((c, j) => (j === i ? v : j === 0 ? id : c));

  it('should accept a good row', () => {
    expect(run(ok)).toEqual([]);
  });

  it.each([
    ['missing date', withCell(1, ''), '2 Ngày MISSING_DATE'],
    ['invalid date', withCell(1, '30/02/2024 10:00'), '2 Ngày INVALID_DATE'],
    ['date in the future', withCell(1, '01/06/2024 08:00'), '2 Ngày IN_FUTURE'],
    ['unknown area code', withCell(2, '99999'), '2 Địa bàn UNKNOWN_AREA'],
    ['missing area code', withCell(2, ''), '2 Địa bàn REQUIRED'],
    ['point outside Vietnam', withCell(3, '100.5'), '2 Kinh độ OUTSIDE_VIETNAM'],
    ['one coordinate only', withCell(4, ''), '2 Vĩ độ REQUIRED'],
    ['negative deaths', withCell(5, '-2'), '2 Chết NEGATIVE'],
    ['text over its limit', withCell(6, 'x'.repeat(20_001)), '2 Nội dung TOO_LONG'],
    ['address over its limit', withCell(7, 'y'.repeat(501)), '2 Địa chỉ TOO_LONG'],
    ['wrong type', withCell(5, 'abc'), '2 Chết WRONG_TYPE'],
  ])('should report %s with row and column', (_what, row, expected) => {
    expect(run(row)).toEqual([expected]);
  });

  it('should check the area on the date of occurrence', () => {
    expect(run(withCell(1, '01/07/2025 10:00'))).toEqual(['2 Ngày IN_FUTURE', '2 Địa bàn UNKNOWN_AREA']);
  });

  it('should report a duplicate external ID on the later row, naming the first', () => {
    const r = validateRows(
      [ok, ok].map((fields, i) => ({ line: i + 2, fields })),
      { headers, mapping, now: NOW, areaExists, mode: 'valid_rows_only' },
    );
    expect(r.report.errors).toEqual([
      { row: 3, column: 'ID', code: 'DUPLICATE_ID', vi: 'Mã "A1" trùng với dòng 2', en: 'ID "A1" repeats row 2' },
    ]);
    expect(r.toImport.map((v) => v.row)).toEqual([2]);
  });

  it('should refuse every row when a mapped column is missing from the header', () => {
    const r = validateRows([{ line: 2, fields: ok.slice(0, 7) }], {
      headers: headers.slice(0, 7),
      mapping,
      now: NOW,
      areaExists,
      mode: 'valid_rows_only',
    });
    expect(r.report.errors.map((e) => `${e.row} ${e.column} ${e.code}`)).toEqual(['1 Địa chỉ MISSING_COLUMN']);
    expect(r.report).toMatchObject({ rowsValid: 0, rowsInvalid: 1, importable: false });
    expect(r.toImport).toEqual([]);
  });

  it('should cap the listed errors and say how many were left out', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ line: i + 2, fields: withCell(5, '-1', `C${i}`) }));
    const { report } = validateRows(rows, {
      headers,
      mapping,
      now: NOW,
      areaExists,
      mode: 'valid_rows_only',
      maxErrors: 3,
    });
    expect(report.errors).toHaveLength(3);
    expect(report.errorsOmitted).toBe(2);
    expect(reportToCsv(report)).toContain('… and 2 more errors not listed');
  });

  it('should neutralise cells that would be spreadsheet formulas in the report', () => {
    const csv = reportToCsv({
      errors: [{ row: 2, column: '=HYPERLINK("x")', code: 'X', vi: 'a', en: 'b' }],
      errorsOmitted: 0,
    });
    expect(csv).toContain(`2,"'=HYPERLINK(""x"")",a,b`);
  });
});
