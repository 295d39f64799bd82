import { describe, expect, it } from 'vitest';
import { applyMapping, compileMapping, isTimeZone, localDateOf, parseDateTime, parseNumber, type ColumnMapping } from './mapping';

describe('parseDateTime', () => {
  it.each([
    ['05/03/2024 08:30', 'dd/MM/yyyy HH:mm', '2024-03-05T01:30:00.000Z'],
    ['5/3/2024 8:30', 'dd/MM/yyyy HH:mm', '2024-03-05T01:30:00.000Z'],
    ['05/03/2024', 'dd/MM/yyyy', '2024-03-04T17:00:00.000Z'],
    ['2024-03-05', 'yyyy-MM-dd', '2024-03-04T17:00:00.000Z'],
    ['2024/03/05 23:59:59', 'yyyy/MM/dd HH:mm:ss', '2024-03-05T16:59:59.000Z'],
    ['2024-03-05T08:30:00+07:00', 'iso', '2024-03-05T01:30:00.000Z'],
    ['2024-03-05T08:30:00Z', 'iso', '2024-03-05T08:30:00.000Z'],
    ['2024-03-05T08:30:00.250+0000', 'iso', '2024-03-05T08:30:00.250Z'],
    ['2024-03-05T08:30', 'iso', '2024-03-05T01:30:00.000Z'],
    ['45356', 'excel', '2024-03-04T17:00:00.000Z'],
    ['45356.5625', 'excel', '2024-03-05T06:30:00.000Z'],
    ['1', 'excel', '1899-12-31T17:00:00.000Z'],
    ['61', 'excel', '1900-02-28T17:00:00.000Z'],
    ['05/03/2024 08:30', 'auto', '2024-03-05T01:30:00.000Z'],
    ['45356', 'auto', '2024-03-04T17:00:00.000Z'],
  ] as const)('should read %s as %s → %s', (text, format, iso) => {
    expect(parseDateTime(text, format)).toBe(iso);
  });

  it('should take local times at another offset when told', () => {
    expect(parseDateTime('05/03/2024 08:30', 'dd/MM/yyyy HH:mm', '+00:00')).toBe('2024-03-05T08:30:00.000Z');
  });

  it.each([
    ['31/02/2024', 'dd/MM/yyyy'],
    ['29/02/2023', 'dd/MM/yyyy'],
    ['12/13/2024', 'dd/MM/yyyy'],
    ['05/03/2024 24:00', 'dd/MM/yyyy HH:mm'],
    ['60', 'excel'],
    ['abc', 'auto'],
    ['2024-03-05', 'dd/MM/yyyy'],
  ] as const)('should refuse %s as %s', (text, format) => {
    expect(parseDateTime(text, format)).toBeNull();
  });
});

describe('parseNumber', () => {
  it.each([
    ['1.234,5', 'vi', 1234.5],
    ['1.250.000 đ', 'vi', 1_250_000],
    ['1.250.000 đồng', 'vi', 1_250_000],
    ['1234', 'vi', 1234],
    ['-3', 'vi', -3],
    ['1,234.5', 'en', 1234.5],
    ['2,500,000 VND', 'en', 2_500_000],
    ['1,234.5', 'vi', null],
    ['1.234,5', 'en', null],
    ['12.34', 'vi', null],
    ['abc', 'vi', null],
    ['', 'vi', null],
  ] as const)('should read %s (%s) as %s', (text, locale, n) => {
    expect(parseNumber(text, locale)).toBe(n);
  });
});

const MAPPING: ColumnMapping = {
  source: 'Hệ thống 113',
  externalIdColumn: 'Mã hồ sơ',
  fields: [
    { column: 'Ngày xảy ra', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
    {
      column: 'Loại tin',
      field: 'reportSource',
      values: { 'Tố giác': 'to_giac', 'Tin báo': 'tin_bao', 'Kiến nghị khởi tố': 'kien_nghi_khoi_to' },
    },
    { column: 'Phân loại', field: 'category', values: { 'Trộm cắp': 'theft', 'Lừa đảo': 'fraud' } },
    { column: 'Số người chết', field: 'deaths' },
    { column: 'Thiệt hại (đồng)', field: 'damageVnd' },
    { column: 'Nội dung', field: 'narrative' },
  ],
};
const HEADERS = ['Mã hồ sơ', 'Ngày xảy ra', 'Loại tin', 'Phân loại', 'Số người chết', 'Thiệt hại (đồng)', 'Nội dung'];

describe('applyMapping', () => {
  it('should map a row into typed values with the source and external ID', () => {
    const r = applyMapping(
      HEADERS,
      ['HS-001', '05/03/2024 08:30', 'tố giác', 'Trộm cắp', '0', '1.250.000', ' Mất xe máy '],
      MAPPING,
      2,
    );
    expect(r.errors).toEqual([]);
    expect(r.record).toEqual({
      source: 'Hệ thống 113',
      externalId: 'HS-001',
      values: {
        occurredAt: '2024-03-05T01:30:00.000Z',
        reportSource: 'to_giac',
        category: 'theft',
        deaths: 0,
        damageVnd: 1_250_000,
        narrative: 'Mất xe máy',
      },
    });
  });

  it('should keep an unmapped category as sourceCategory and leave empty cells out', () => {
    const r = applyMapping(HEADERS, ['HS-002', '', 'Tin báo', 'Đánh bạc', '', '', ''], MAPPING, 3);
    expect(r.errors).toEqual([]);
    expect(r.record.values).toEqual({ reportSource: 'tin_bao' });
    expect(r.record.sourceCategory).toBe('Đánh bạc');
  });

  it('should report a bad date, a wrong type and an unknown enum value with row and column', () => {
    const r = applyMapping(
      HEADERS,
      ['HS-003', '31/02/2024 08:00', 'Thư tay', 'Lừa đảo', 'abc', '12.34', 'x'],
      MAPPING,
      7,
    );
    expect(r.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [7, 'Ngày xảy ra', 'INVALID_DATE'],
      [7, 'Loại tin', 'UNKNOWN_VALUE'],
      [7, 'Số người chết', 'WRONG_TYPE'],
      [7, 'Thiệt hại (đồng)', 'WRONG_TYPE'],
    ]);
    expect(r.errors[2]!.vi).toBe('"abc" không phải là số');
    expect(r.errors[2]!.en).toBe('"abc" is not a number');
  });

  it('should find columns regardless of accents and case when unambiguous, and report missing ones on row 1', () => {
    const c = compileMapping(
      ['ma ho so', 'NGAY XAY RA', 'Loại tin', 'Phân loại', 'Số người chết', 'Nội dung'],
      MAPPING,
    );
    expect(c.headerErrors.map((e) => [e.row, e.column, e.code])).toEqual([[1, 'Thiệt hại (đồng)', 'MISSING_COLUMN']]);
    expect(c.apply(['HS-9', '01/01/2025 00:00', '', '', '', ''], 2).record).toMatchObject({
      externalId: 'HS-9',
      values: { occurredAt: '2024-12-31T17:00:00.000Z' },
    });
  });
});

describe('12-hour dates and time zones (DataSF)', () => {
  it('should read "yyyy/MM/dd hh:mm:ss a" with 12 AM as midnight and 12 PM as noon', () => {
    expect(parseDateTime('2018/12/01 12:25:00 AM', 'yyyy/MM/dd hh:mm:ss a', '-08:00')).toBe('2018-12-01T08:25:00.000Z');
    expect(parseDateTime('2018/12/01 12:25:00 PM', 'yyyy/MM/dd hh:mm:ss a', '-08:00')).toBe('2018-12-01T20:25:00.000Z');
    expect(parseDateTime('2018/12/31 11:59:00 pm', 'yyyy/MM/dd hh:mm:ss a', '-08:00')).toBe('2019-01-01T07:59:00.000Z');
    expect(parseDateTime('2018/12/01 13:25:00 PM', 'yyyy/MM/dd hh:mm:ss a')).toBeNull();
    expect(parseDateTime('2018/12/01 00:25:00 AM', 'yyyy/MM/dd hh:mm:ss a')).toBeNull();
    expect(parseDateTime('12/01/2018 01:05:09 PM', 'MM/dd/yyyy hh:mm:ss a', '-08:00')).toBe('2018-12-01T21:05:09.000Z');
    expect(parseDateTime('2018/12/01 12:25:00 AM', 'auto', '-08:00')).toBe('2018-12-01T08:25:00.000Z');
  });

  it('should apply an IANA time zone with its daylight saving', () => {
    // December: PST (UTC−8); July: PDT (UTC−7).
    expect(parseDateTime('2018/12/01 12:25:00 AM', 'yyyy/MM/dd hh:mm:ss a', undefined, 'America/Los_Angeles')).toBe('2018-12-01T08:25:00.000Z');
    expect(parseDateTime('2018/07/01 12:25:00 AM', 'yyyy/MM/dd hh:mm:ss a', undefined, 'America/Los_Angeles')).toBe('2018-07-01T07:25:00.000Z');
    expect(parseDateTime('05/03/2024 08:30', 'dd/MM/yyyy HH:mm', undefined, 'Asia/Ho_Chi_Minh')).toBe('2024-03-05T01:30:00.000Z');
    expect(localDateOf('2019-01-01T07:59:00.000Z', { timeZone: 'America/Los_Angeles' })).toBe('2018-12-31');
    expect(localDateOf('2019-01-01T07:59:00.000Z', { utcOffset: '+07:00' })).toBe('2019-01-01');
    expect(isTimeZone('America/Los_Angeles')).toBe(true);
    expect(isTimeZone('Mars/Base')).toBe(false);
  });

  it('should keep the source category as its own field next to the mapped local category', () => {
    const r = applyMapping(
      ['Row ID', 'Incident Category', 'Incident Description'],
      ['1', 'Larceny Theft', 'Theft From Vehicle'],
      {
        source: 'sfpd',
        externalIdColumn: 'Row ID',
        fields: [
          { column: 'Incident Category', field: 'sourceCategory' },
          { column: 'Incident Category', field: 'category', values: { 'Larceny Theft': '173' } },
          { column: 'Incident Description', field: 'title' },
        ],
      },
    );
    expect(r.errors).toEqual([]);
    expect(r.record.values).toEqual({ sourceCategory: 'Larceny Theft', category: '173', title: 'Theft From Vehicle' });
  });
});
