import { describe, expect, it } from 'vitest';
import { findBank, guessIdentifierKind, normalizeIdentifier } from './scam-identifiers';

const value = (kind: Parameters<typeof normalizeIdentifier>[0], raw: string) => {
  const r = normalizeIdentifier(kind, raw);
  return r.ok ? r.value : `ERR ${r.en}`;
};

describe('phone numbers', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['84912345678', '0912345678'],
    ['0084-912-345-678', '0912345678'],
    ['(091) 234.5678', '0912345678'],
    ['+84 (0)912 345 678'.replace('(0)', ''), '0912345678'],
    ['024 3825 1234', '02438251234'],
    ['+84 24 3825 1234', '02438251234'],
    ['1900 1234', '19001234'],
  ])('should normalise %s to %s', (raw, expected) => {
    expect(value('phone', raw)).toBe(expected);
  });

  it('should format the display as 4-3-3 for mobiles', () => {
    expect(normalizeIdentifier('phone', '+84912345678')).toEqual({
      ok: true,
      kind: 'phone',
      value: '0912345678',
      display: '0912 345 678',
    });
  });

  it.each([
    ['01234567890', /2018/],
    ['+1 212 555 0100', /country code/],
    ['091234567', /too short/],
    ['09123456789', /too long/],
    ['0112345678', /No such/],
    ['0912abc678', /only digits/],
    ['0912+345678', /only start/],
  ])('should refuse %s with a reason', (raw, reason) => {
    const r = normalizeIdentifier('phone', raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.en).toMatch(reason);
      expect(r.vi.length).toBeGreaterThan(0);
    }
  });
});

describe('bank accounts', () => {
  it.each([
    ['Vietcombank - 0011 0012 34567', 'VCB:0011001234567'],
    ['VCB:0011001234567', 'VCB:0011001234567'],
    ['ngân hàng Vietinbank 1234-5678-90', 'CTG:1234567890'],
    ['MB Bank 0123456789', 'MB:0123456789'],
    ['Ngân hàng Bắc Á 123456', 'BAB:123456'],
    ['0011001234567', '0011001234567'],
  ])('should normalise %s to %s', (raw, expected) => {
    expect(value('bank_account', raw)).toBe(expected);
  });

  it('should refuse too short, too long and unknown banks', () => {
    expect(value('bank_account', 'VCB 12345')).toMatch(/too short/);
    expect(value('bank_account', 'VCB 12345678901234567890')).toMatch(/too long/);
    expect(value('bank_account', 'Ngân hàng Mặt Trăng 123456789')).toMatch(/Unknown bank/);
    expect(value('bank_account', 'VCB')).toMatch(/end in digits/);
  });

  it('should find banks by code, name and Vietnamese name regardless of accents', () => {
    expect(findBank('agribank')?.code).toBe('AGR');
    expect(findBank('Ngan hang Ky Thuong')?.code).toBe('TCB');
    expect(findBank('SeABank')?.code).toBe('SEAB');
  });
});

describe('URLs', () => {
  it.each([
    ['HTTPS://www.Example.vn:443/Khuyen-Mai/?utm_source=fb&id=7#top', 'example.vn/Khuyen-Mai?id=7'],
    ['http://shop-gia-re.com/', 'shop-gia-re.com'],
    ['shop-gia-re.com/a/b/?fbclid=xyz', 'shop-gia-re.com/a/b'],
    ['https://vay-nhanh.online:8443/dang-ky', 'vay-nhanh.online:8443/dang-ky'],
    ['http://103.20.1.5/login', '103.20.1.5/login'],
  ])('should normalise %s to %s', (raw, expected) => {
    expect(value('url', raw)).toBe(expected);
  });

  it('should refuse what is not a web address', () => {
    expect(value('url', 'not a url')).toMatch(/Invalid/);
    expect(value('url', 'ftp://x.com')).toMatch(/Invalid/);
    expect(value('url', 'http://localhost/')).toMatch(/Invalid domain/);
    expect(value('url', 'http://300.1.1.1/')).toMatch(/Invalid/);
  });
});

describe('social accounts', () => {
  it.each([
    ['https://facebook.com/abc.def', 'facebook:abc.def'],
    ['https://www.facebook.com/profile.php?id=100012345', 'facebook:100012345'],
    ['https://m.facebook.com/Abc.Def/', 'facebook:abc.def'],
    ['https://t.me/xyz', 'telegram:xyz'],
    ['tiktok.com/@Shop_ABC', 'tiktok:shop_abc'],
    ['https://www.instagram.com/abc_1/', 'instagram:abc_1'],
    ['https://twitter.com/Someone', 'x:someone'],
    ['zalo: 0912 345 678', 'zalo:0912345678'],
    ['https://zalo.me/84912345678', 'zalo:0912345678'],
    ['instagram:@Abc', 'instagram:abc'],
  ])('should normalise %s to %s', (raw, expected) => {
    expect(value('social', raw)).toBe(expected);
  });

  it('should refuse an account without a platform and a bad handle', () => {
    expect(value('social', '@someone')).toMatch(/Unknown social platform/);
    expect(value('social', 'facebook:tên có dấu')).toMatch(/unaccented/);
    expect(value('social', 'zalo:0112345678')).toMatch(/No such/);
  });
});

describe('guessIdentifierKind', () => {
  it.each([
    ['+84 912 345 678', 'phone'],
    ['0011001234567', 'bank_account'],
    ['Vietcombank 0011001234567', 'bank_account'],
    ['https://t.me/xyz', 'social'],
    ['zalo:0912345678', 'social'],
    ['https://shop-gia-re.com/x', 'url'],
    ['shop-gia-re.com', 'url'],
    ['hello', null],
  ])('should guess %s is %s', (raw, kind) => {
    expect(guessIdentifierKind(raw)).toBe(kind);
  });
});
