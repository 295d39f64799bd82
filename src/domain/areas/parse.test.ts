import { describe, expect, it } from 'vitest';
import { parsePreReformWards, parseWardMapping, parseWards2025, toAreaType } from './parse';
import { readData } from './test-data.fixture';

const HEADER_2025 =
  'province_code,province_full_name,ward_code,ward_name,ward_full_name,ward_type,ward_name_en,ward_full_name_en,ward_code_name,administrative_unit_id';

describe('parse', () => {
  it('should map every Vietnamese unit type, whatever its case or Unicode form', () => {
    expect(toAreaType('Phường')).toBe('phuong');
    expect(toAreaType('Thị trấn')).toBe('thi_tran');
    expect(toAreaType('thị xã')).toBe('thi_xa');
    expect(toAreaType('Thành phố')).toBe('thanh_pho');
    expect(toAreaType('Đặc khu')).toBe('dac_khu');
    expect(toAreaType('Xã'.normalize('NFD'))).toBe('xa');
    expect(toAreaType('Ấp')).toBeUndefined();
  });

  it('should parse the shipped lists with their documented counts', () => {
    const w2024 = parsePreReformWards(readData('vn-admin-units-pre2025/hanoi_wards_2024-11-01.csv'));
    const w2025 = parsePreReformWards(readData('vn-admin-units-pre2025/hanoi_wards_2025-03-01.csv'));
    const national = parseWards2025(readData('vn-admin-units-2025/vn_wards_2025-07-01.csv'));
    const mapping = parseWardMapping(readData('vn-admin-mapping-2025/vn_ward_mapping_old_to_new_2025.csv'));
    expect(w2024).toHaveLength(579);
    expect(w2025).toHaveLength(526);
    expect(national).toHaveLength(3321);
    expect(mapping).toHaveLength(10599);
    expect(w2024.filter((w) => w.wardType === 'thi_tran')).toHaveLength(21);
    expect(national.filter((w) => w.wardType === 'dac_khu')).toHaveLength(13);
    expect(mapping.filter((m) => m.oldDistrictCode === null).length).toBeGreaterThan(0);
  });

  it('should normalise names to NFC and trim them', () => {
    const text = `${HEADER_2025}\n01, Thành phố Hà Nội ,00004,${'Ba Đình'.normalize('NFD')},Phường Ba Đình,Phường,Ba Dinh,Ba Dinh Ward,ba_dinh,3\n`;
    const [row] = parseWards2025(text);
    expect(row!.wardName).toBe('Ba Đình'.normalize('NFC'));
    expect(row!.provinceFullName).toBe('Thành phố Hà Nội');
  });

  it('should throw an error naming the line and column of bad data', () => {
    const good = '01,Thành phố Hà Nội,00004,Ba Đình,Phường Ba Đình,Phường,Ba Dinh,Ba Dinh Ward,ba_dinh,3';
    expect(() => parseWards2025(`${HEADER_2025}\n${good}\n${good.replace('00004', '4')}\n`, 'w.csv')).toThrow(
      'w.csv: line 3, column "ward_code": expected a 5-digit zero-padded code, got "4"',
    );
    expect(() => parseWards2025(`${HEADER_2025}\n${good.replace(',Phường,', ',Quận,')}\n`, 'w.csv')).toThrow(
      /line 2, column "ward_full_name"/,
    );
    expect(() =>
      parseWards2025(`${HEADER_2025}\n${good.replace('Phường Ba Đình,Phường', 'Quận Ba Đình,Quận')}\n`, 'w.csv'),
    ).toThrow(/line 2, column "ward_type": unknown or unexpected unit type "Quận"/);
    const mapping = readData('vn-admin-mapping-2025/hanoi_ward_mapping_old_to_new_2025.csv').replace(
      ',full,1',
      ',whole,1',
    );
    expect(() => parseWardMapping(mapping, 'm.csv')).toThrow(
      /m.csv: line 2, column "relation": expected "full" or "partial"/,
    );
  });
});
