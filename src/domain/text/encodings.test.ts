import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createStreamDecoder,
  decode,
  decodeTcvn3,
  decodeVni,
  decodeWindows1258,
  encode,
  encodeTcvn3,
  encodeUtf8,
  encodeVni,
  encodeWindows1258,
  EncodeError,
  ENCODINGS,
  type EncodingName,
} from './encodings';
import { VIETNAMESE_LOWER, VIETNAMESE_UPPER } from './vietnamese';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
const bytes = (h: string) => Uint8Array.from(h.split(' ').map((x) => parseInt(x, 16)));

/** Every lower-case letter with a diacritic, in words, plus ordinary prose. */
const LOWER_TEXT =
  'Cộng hòa xã hội chủ nghĩa Việt Nam — độc lập, tự do, hạnh phúc. Ngày 05/01/2026 tại phường Hoàn Kiếm, ' +
  'đối tượng lừa đảo qua điện thoại chiếm đoạt 1.250.000 đồng; người dân trình báo công an. ' +
  VIETNAMESE_LOWER.join(' ');
const UPPER_BASE = 'ĂÂÊÔƠƯĐ ăâêôơưđ';
const FULL_TEXT = `${LOWER_TEXT} ${VIETNAMESE_UPPER.join('')} TRUNG TÂM CHỈ HUY — ĐƯỜNG LÁNG`;

describe('known byte sequences (hand-computed from the tables)', () => {
  it('should encode "Hà Nội" in each legacy table', () => {
    expect(hex(encodeTcvn3('Hà Nội'))).toBe('48 B5 20 4E E9 69');
    expect(hex(encodeVni('Hà Nội'))).toBe('48 61 F8 20 4E 6F E4 69');
    expect(hex(encodeWindows1258('Hà Nội'))).toBe('48 E0 20 4E F4 F2 69');
  });

  it('should encode ư, ơ, đ and the breve with tones', () => {
    expect(hex(encodeVni('Người'))).toBe('4E 67 F6 F4 F8 69');
    expect(hex(encodeVni('ĐƯỜNG'))).toBe('D1 D6 D4 D8 4E 47');
    expect(hex(encodeVni('Nẵng NẴNG'))).toBe('4E 61 FC 6E 67 20 4E 41 DC 4E 47');
    expect(hex(encodeVni('nghĩa'))).toBe('6E 67 68 F3 61');
    expect(hex(encodeVni('ỵ Ỵ ỷ'))).toBe('EE 20 CE 20 79 FB');
    expect(hex(encodeWindows1258('Đường'))).toBe('D0 FD F5 CC 6E 67');
    expect(hex(encodeTcvn3('đường'))).toBe('AE AD EA 6E 67');
  });

  it('should decode the classic mojibake back to Vietnamese', () => {
    // "Céng hßa x· héi" is how TCVN3 looks when read as Latin-1.
    expect(decodeTcvn3(bytes('43 E9 6E 67 20 68 DF 61 20 78 B7 20 68 E9 69'))).toBe('Cộng hòa xã hội');
    // "Vieät Nam" is how VNI looks when read as Latin-1.
    expect(decodeVni(bytes('56 69 65 E4 74 20 4E 61 6D'))).toBe('Việt Nam');
    expect(decodeWindows1258(bytes('56 69 EA F2 74'))).toBe('Việt');
  });

  it('should read a VNI mark of either case and keep the letter case', () => {
    expect(decodeVni(bytes('41 F9'))).toBe('Á');
    expect(decodeVni(bytes('61 D9'))).toBe('á');
  });

  it('should decode Windows-1258 text written with decomposed tones or precomposed letters alike', () => {
    expect(decodeWindows1258(bytes('61 EC'))).toBe('á');
    expect(decodeWindows1258(bytes('E1'))).toBe('á');
  });
});

describe('round trips', () => {
  const roundTrip = (text: string, enc: EncodingName) =>
    expect(decode(encode(text, enc), enc)).toBe(text.normalize('NFC'));

  it('should round-trip all 134 letters through UTF-8, Windows-1258 and VNI', () => {
    for (const enc of ['utf-8', 'windows-1258', 'vni'] as const) roundTrip(FULL_TEXT, enc);
  });

  it('should round-trip all 67 lower-case letters and the base capitals through TCVN3', () => {
    roundTrip(`${LOWER_TEXT} ${UPPER_BASE}`.replace('—', '-'), 'tcvn3');
  });

  it('should refuse upper-case toned letters in TCVN3, naming the character', () => {
    expect(() => encodeTcvn3('Hà NỘI')).toThrow(EncodeError);
    expect(() => encodeTcvn3('Hà NỘI')).toThrow(/"Ộ"/);
  });

  it('should refuse characters outside a table', () => {
    expect(() => encodeVni('数')).toThrow(EncodeError);
    expect(() => encodeWindows1258('数')).toThrow(EncodeError);
    expect(() => encodeTcvn3('€')).toThrow(EncodeError);
  });

  it('should round-trip random Vietnamese strings in every encoding', () => {
    const upperOk = (enc: EncodingName) => (enc === 'tcvn3' ? [...'ĂÂÊÔƠƯĐ'] : VIETNAMESE_UPPER);
    for (const enc of ENCODINGS) {
      const alphabet = [
        ...VIETNAMESE_LOWER,
        ...upperOk(enc),
        ...'abcdefghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY0123456789 ,.;:-"\'\n',
      ];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (chars) => {
          const s = chars.join('');
          expect(decode(encode(s, enc), enc)).toBe(s);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('should write and strip a UTF-8 BOM', () => {
    const b = encodeUtf8('Đà', { bom: true });
    expect(hex(b.slice(0, 3))).toBe('EF BB BF');
    expect(decode(b, 'utf-8')).toBe('Đà');
  });
});

describe('createStreamDecoder', () => {
  it('should give the same text as the whole-buffer decoder for any chunking', () => {
    for (const enc of ENCODINGS) {
      const text = enc === 'tcvn3' ? `${LOWER_TEXT} ${UPPER_BASE}`.replace('—', '-') : FULL_TEXT;
      const all = encode(text, enc);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: all.length }), { maxLength: 20 }), (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const d = createStreamDecoder(enc);
          let out = '';
          let prev = 0;
          for (const p of [...points, all.length]) {
            out += d.push(all.slice(prev, p));
            prev = p;
          }
          out += d.end();
          expect(out).toBe(decode(all, enc));
        }),
        { numRuns: 100 },
      );
    }
  });
});
