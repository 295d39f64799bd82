import { describe, expect, it } from 'vitest';
import { parseCsv } from '../csv';
import {
  breakdownRowLabel,
  csvLine,
  exportLanguage,
  incidentStatusLabel,
  kindLabel,
  listHeaderLines,
  localDateText,
  localDateTimeText,
  periodLine,
  periodText,
  severityLabel,
  statGroupLabel,
  statsHeaderLines,
  xlsxDate,
  xlsxLocalDateTime,
} from '.';

describe('export local time', () => {
  it('should write an instant as Hanoi wall time, whatever the process time zone', () => {
    expect(localDateTimeText('2025-11-07T08:19:37.000Z')).toBe('07/11/2025 15:19');
    expect(localDateTimeText(new Date('2025-12-31T17:00:00Z'))).toBe('01/01/2026 00:00');
    expect(localDateTimeText('2024-02-28T20:30:00+03:00')).toBe('29/02/2024 00:30');
    expect(localDateText('2026-03-05')).toBe('05/03/2026');
  });

  it('should give XLSX cell values whose UTC fields are the Hanoi wall time', () => {
    // ExcelJS writes a Date from its UTC fields: 15:19 must be in them for Excel to show 15:19.
    expect(xlsxLocalDateTime('2025-11-07T08:19:37.000Z').toISOString()).toBe('2025-11-07T15:19:37.000Z');
    expect(xlsxDate('2026-12-03').toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect(() => xlsxDate('2026-02-30')).toThrow();
  });
});

describe('export labels', () => {
  it('should name codes in Vietnamese or English and keep unknown codes as they are', () => {
    expect(severityLabel('it_nghiem_trong', 'vi')).toBe('Ít nghiêm trọng');
    expect(severityLabel('it_nghiem_trong', 'en')).toBe('Less serious');
    expect(severityLabel('it_nghiem_trong', 'vi', 'traffic_accident')).toBe('Tai nạn ít nghiêm trọng');
    expect(severityLabel('va_cham', 'vi')).toBe('Va chạm giao thông');
    expect(severityLabel(null, 'vi')).toBe('');
    expect(statGroupLabel('trat_tu_xa_hoi', 'vi')).toBe('Tội phạm về trật tự xã hội');
    expect(statGroupLabel('', 'en')).toBe('(unknown)');
    expect(kindLabel('fire', 'vi')).toBe('Cháy, nổ');
    expect(kindLabel('toString', 'vi')).toBe('toString');
    expect(incidentStatusLabel('criminal_case', 'solved', 'vi')).toBe('Đã điều tra làm rõ');
    expect(incidentStatusLabel('criminal_case', 'solved', 'en')).toBe('Cleared');
    expect(incidentStatusLabel('fire', 'nonsense', 'vi')).toBe('nonsense');
  });

  it('should rename code-keyed breakdown rows and keep named rows', () => {
    expect(breakdownRowLabel('event_type', 'political_meeting', 'Hội nghị, sự kiện chính trị', 'en')).toBe(
      'Political meeting',
    );
    expect(breakdownRowLabel('stat_group', 'ma_tuy', 'x', 'vi')).toBe('Tội phạm về ma túy');
    expect(breakdownRowLabel('unit', 'uuid', 'Công an phường Ba Đình', 'en')).toBe('Công an phường Ba Đình');
    expect(breakdownRowLabel('category', '', '(không xác định)', 'en')).toBe('(unknown)');
  });
});

describe('export header', () => {
  const period = {
    start: '2026-11-15',
    end: '2026-12-14',
    label: {
      vi: 'Tháng báo cáo 12/2026 (15/11/2026 – 14/12/2026)',
      en: 'Reporting month 12/2026 (15/11/2026 – 14/12/2026)',
    },
  };
  const cmp = { start: '2025-11-15', end: '2025-12-14', label: { vi: 'Cùng kỳ', en: 'Same period last year' } };

  it('should state both ranges, adding the dates a label does not state', () => {
    expect(periodText(period, 'vi')).toBe('Tháng báo cáo 12/2026 (15/11/2026 – 14/12/2026)');
    expect(periodText(cmp, 'vi')).toBe('Cùng kỳ (15/11/2025 – 14/12/2025)');
    expect(periodLine(period, { kind: 'same_period', period: cmp }, 'vi')).toBe(
      'Kỳ số liệu: Tháng báo cáo 12/2026 (15/11/2026 – 14/12/2026) · So với cùng kỳ: Cùng kỳ (15/11/2025 – 14/12/2025)',
    );
    expect(periodLine(period, { kind: 'none', period: null }, 'en')).toBe(
      'Period: Reporting month 12/2026 (15/11/2026 – 14/12/2026)',
    );
  });

  it('should list filters and the time of export in Hanoi time', () => {
    const lines = statsHeaderLines(
      {
        title: 'T',
        period,
        comparison: 'previous_period',
        comparisonPeriod: cmp,
        filters: [{ name: { vi: 'Địa bàn', en: 'Area' }, value: 'Phường Ba Đình' }],
        exportedAt: new Date('2026-12-03T08:19:00Z'),
      },
      'vi',
    );
    expect(lines).toEqual([
      'T',
      'Kỳ số liệu: Tháng báo cáo 12/2026 (15/11/2026 – 14/12/2026) · So với kỳ trước: Cùng kỳ (15/11/2025 – 14/12/2025)',
      'Bộ lọc: Địa bàn: Phường Ba Đình',
      'Xuất lúc: 03/12/2026 15:19 (giờ Việt Nam, UTC+7)',
    ]);
    const list = listHeaderLines(
      {
        title: 'L',
        dateName: { vi: 'Thời điểm xảy ra', en: 'Occurred' },
        from: '2026-11-01',
        filters: [],
        exportedAt: new Date(0),
      },
      'en',
    );
    expect(list.slice(1, 3)).toEqual(['Occurred: from 01/11/2026', 'Filters: none']);
  });
});

describe('export CSV and language', () => {
  it('should quote per RFC 4180, guard formulas in text and keep numbers', () => {
    const line = csvLine(['a,b', 'say "hi"', '=SUM(A1)', '-1', -3, null, 'dòng\nmới']);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(parseCsv(line)[0]!.fields).toEqual(['a,b', 'say "hi"', "'=SUM(A1)", "'-1", '-3', '', 'dòng\nmới']);
  });

  it('should take the explicit language first, then Accept-Language, then Vietnamese', () => {
    expect(exportLanguage('en', 'vi')).toBe('en');
    expect(exportLanguage(undefined, 'en-US,en;q=0.9')).toBe('en');
    expect(exportLanguage(undefined, 'fr')).toBe('vi');
    expect(exportLanguage('xx', undefined)).toBe('vi');
  });
});
