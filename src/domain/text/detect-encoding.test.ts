import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectEncoding, scoreVietnamese } from './detect-encoding';
import { decode, encode, encodeUtf8 } from './encodings';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/import');
const read = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

describe('detectEncoding', () => {
  it.each([
    ['vi-utf8.csv', 'utf-8'],
    ['vi-cp1258.csv', 'windows-1258'],
    ['vi-tcvn3.csv', 'tcvn3'],
    ['vi-vni.csv', 'vni'],
  ] as const)('should detect %s as %s and decode it to the UTF-8 text', (file, encoding) => {
    const bytes = read(file);
    const guess = detectEncoding(bytes);
    expect(guess.encoding).toBe(encoding);
    expect(guess.confidence).toBeGreaterThan(0.5);
    expect(decode(bytes, guess.encoding)).toBe(decode(read('vi-utf8.csv'), 'utf-8'));
  });

  it('should call plain ASCII and BOM-marked text UTF-8 with full confidence', () => {
    expect(detectEncoding(encodeUtf8('id,date\n1,05/03/2024\n'))).toEqual({ encoding: 'utf-8', confidence: 1 });
    expect(detectEncoding(encodeUtf8('Hà Nội', { bom: true }))).toEqual({ encoding: 'utf-8', confidence: 1 });
    expect(detectEncoding(new Uint8Array())).toEqual({ encoding: 'utf-8', confidence: 1 });
  });

  it('should detect a single short legacy line', () => {
    const line = 'Công an phường Hoàn Kiếm tiếp nhận tin báo về vụ trộm cắp tài sản';
    expect(detectEncoding(encode(line, 'tcvn3')).encoding).toBe('tcvn3');
    expect(detectEncoding(encode(line, 'vni')).encoding).toBe('vni');
    expect(detectEncoding(encode(line, 'windows-1258')).encoding).toBe('windows-1258');
  });
});

describe('scoreVietnamese', () => {
  it('should score real Vietnamese above mojibake', () => {
    expect(scoreVietnamese('người dân trình báo công an')).toBeGreaterThan(1.5);
    expect(scoreVietnamese('ng­êi d©n tr×nh b¸o c«ng an')).toBeLessThan(0.5);
    expect(scoreVietnamese('ngöôøi daân trình baùo coâng an')).toBeLessThan(0.5);
  });
});
