import { describe, expect, it } from 'vitest';
import {
  isPlausibleSyllable,
  normalizeNfc,
  splitTone,
  toSearchKey,
  VIETNAMESE_LOWER,
  VIETNAMESE_UPPER,
} from './vietnamese';

describe('toSearchKey', () => {
  it('should strip diacritics, lower-case, map đ to d and collapse spaces', () => {
    expect(toSearchKey('Phường Hoàn Kiếm')).toBe('phuong hoan kiem');
    expect(toSearchKey('  ĐỐNG   Đa\t')).toBe('dong da');
    expect(toSearchKey('Nguyễn Thị Ượng')).toBe('nguyen thi uong');
  });

  it('should give the same key for composed and decomposed input', () => {
    expect(toSearchKey('Ho\u0300an Kie\u0302\u0301m')).toBe(toSearchKey('Hoàn Kiếm'));
  });
});

describe('normalizeNfc', () => {
  it('should compose a decomposed letter into one code point', () => {
    expect(normalizeNfc('e\u0302\u0323')).toBe('ệ');
    expect(normalizeNfc('e\u0302\u0323')).toHaveLength(1);
  });
});

describe('alphabet', () => {
  it('should list the 67 lower-case and 67 upper-case letters with a diacritic, all single code points', () => {
    expect(VIETNAMESE_LOWER).toHaveLength(67);
    expect(VIETNAMESE_UPPER).toHaveLength(67);
    expect(new Set([...VIETNAMESE_LOWER, ...VIETNAMESE_UPPER]).size).toBe(134);
    for (const c of [...VIETNAMESE_LOWER, ...VIETNAMESE_UPPER]) expect(c).toHaveLength(1);
    expect(VIETNAMESE_LOWER).toContain('ỵ');
    expect(VIETNAMESE_UPPER).toContain('Đ');
  });

  it('should split a letter into its toneless letter and tone', () => {
    expect(splitTone('ấ')).toEqual({ base: 'â', tone: 'acute' });
    expect(splitTone('Ặ')).toEqual({ base: 'Ă', tone: 'dot' });
    expect(splitTone('ư')).toEqual({ base: 'ư', tone: null });
  });
});

describe('isPlausibleSyllable', () => {
  it('should accept common syllables with their tones', () => {
    for (const w of [
      'người',
      'được',
      'việc',
      'huyện',
      'quận',
      'giá',
      'gì',
      'khuya',
      'hòa',
      'hoà',
      'thủy',
      'thuỷ',
      'ngoài',
      'nghiêng',
      'xã',
      'mùa',
    ]) {
      expect(isPlausibleSyllable(w), w).toBe(true);
    }
  });

  it('should refuse two tones, impossible rhymes and misplaced tones', () => {
    for (const w of ['viờũt', 'vieọt', 'neí', 'haứ', 'muà', 'viöt', 'nhanhh']) {
      expect(isPlausibleSyllable(w), w).toBe(false);
    }
  });
});
