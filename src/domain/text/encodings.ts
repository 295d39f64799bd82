import { splitTone, TONE_MARKS, type Tone } from './vietnamese';

/**
 * Decoders (bytes → NFC string) and encoders (string → bytes) for the encodings Vietnamese files still
 * arrive in: UTF-8, Windows-1258, TCVN3 and VNI-Windows. The legacy tables are written here from the
 * standards (see each table); encoders are the inverse of the decoders: `decode(encode(s)) === s.normalize('NFC')`
 * for every string the encoding can represent, and `encode` throws `EncodeError` naming the first
 * character it cannot. Pure; streaming decoders are in `createStreamDecoder`.
 */

export type EncodingName = 'utf-8' | 'windows-1258' | 'tcvn3' | 'vni';
export const ENCODINGS: readonly EncodingName[] = ['utf-8', 'windows-1258', 'tcvn3', 'vni'];

export class EncodeError extends Error {
  constructor(
    readonly encoding: EncodingName,
    readonly char: string,
    readonly index: number,
  ) {
    super(
      `${encoding}: cannot encode "${char}" (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) at ${index}`,
    );
  }
}

const REPLACEMENT = '\uFFFD';

// ---------------------------------------------------------------------------------------------------------
// Windows-1258

/**
 * Windows-1258 bytes 0x80–0xFF (Microsoft's code page table; undefined bytes are null). Like Windows-1252
 * except 0xC3 Ă, 0xCC ̀, 0xD0 Đ, 0xD2 ̉, 0xD5 Ơ, 0xDD Ư, 0xDE ̃, 0xE3 ă, 0xEC ́, 0xF0 đ, 0xF2 ̣, 0xF5 ơ,
 * 0xFD ư, 0xFE ₫ (and 0x8A, 0x8E, 0x9A, 0x9E undefined). Tones are combining marks after the letter; the
 * decoder composes them (NFC).
 */
// prettier-ignore
const CP1258_HIGH: readonly (number | null)[] = [
  // 0x80
  0x20ac, null, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, null, 0x2039, 0x0152, null, null, null,
  // 0x90
  null, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, null, 0x203a, 0x0153, null, null, 0x0178,
  // 0xA0–0xBF: as Latin-1
  ...Array.from({ length: 32 }, (_, i) => 0xa0 + i),
  // 0xC0
  0x00c0, 0x00c1, 0x00c2, 0x0102, 0x00c4, 0x00c5, 0x00c6, 0x00c7, 0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x0300, 0x00cd, 0x00ce, 0x00cf,
  // 0xD0
  0x0110, 0x00d1, 0x0309, 0x00d3, 0x00d4, 0x01a0, 0x00d6, 0x00d7, 0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x01af, 0x0303, 0x00df,
  // 0xE0
  0x00e0, 0x00e1, 0x00e2, 0x0103, 0x00e4, 0x00e5, 0x00e6, 0x00e7, 0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x0301, 0x00ed, 0x00ee, 0x00ef,
  // 0xF0
  0x0111, 0x00f1, 0x0323, 0x00f3, 0x00f4, 0x01a1, 0x00f6, 0x00f7, 0x00f8, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x01b0, 0x20ab, 0x00ff,
];

// ---------------------------------------------------------------------------------------------------------
// TCVN3

/**
 * TCVN3 = TCVN 5712:1993, table VN3 (the "ABC" .VnTime fonts): ASCII plus, in 0xA1–0xFE, the seven base
 * upper-case letters Ă Â Ê Ô Ơ Ư Đ, the seven lower-case ones, and the 60 lower-case toned vowels.
 * Upper-case toned letters (Ấ, Ệ, …) have no byte in VN3: documents typed them with the separate upper-case
 * fonts (.VnTimeH), which draw capitals at the lower-case positions, so "CÔNG AN" in .VnTimeH is stored as
 * the bytes of "c«ng an"-like lower case — the case is lost and cannot be recovered from the bytes.
 * The encoder therefore throws on upper-case toned letters. The positions VN1 gives to some capitals
 * (0x80–0x9F, 0xBA, 0xBF–0xC5, …) and VN2's combining marks (0xB0–0xB4) are left undefined (decoded as
 * U+FFFD), and so is 0xA0.
 */
// prettier-ignore
const TCVN3_HIGH: Readonly<Record<number, string>> = {
  0xa1: 'Ă', 0xa2: 'Â', 0xa3: 'Ê', 0xa4: 'Ô', 0xa5: 'Ơ', 0xa6: 'Ư', 0xa7: 'Đ',
  0xa8: 'ă', 0xa9: 'â', 0xaa: 'ê', 0xab: 'ô', 0xac: 'ơ', 0xad: 'ư', 0xae: 'đ',
  0xb5: 'à', 0xb6: 'ả', 0xb7: 'ã', 0xb8: 'á', 0xb9: 'ạ',
  0xbb: 'ằ', 0xbc: 'ẳ', 0xbd: 'ẵ', 0xbe: 'ắ', 0xc6: 'ặ',
  0xc7: 'ầ', 0xc8: 'ẩ', 0xc9: 'ẫ', 0xca: 'ấ', 0xcb: 'ậ',
  0xcc: 'è', 0xce: 'ẻ', 0xcf: 'ẽ', 0xd0: 'é', 0xd1: 'ẹ',
  0xd2: 'ề', 0xd3: 'ể', 0xd4: 'ễ', 0xd5: 'ế', 0xd6: 'ệ',
  0xd7: 'ì', 0xd8: 'ỉ', 0xdc: 'ĩ', 0xdd: 'í', 0xde: 'ị',
  0xdf: 'ò', 0xe1: 'ỏ', 0xe2: 'õ', 0xe3: 'ó', 0xe4: 'ọ',
  0xe5: 'ồ', 0xe6: 'ổ', 0xe7: 'ỗ', 0xe8: 'ố', 0xe9: 'ộ',
  0xea: 'ờ', 0xeb: 'ở', 0xec: 'ỡ', 0xed: 'ớ', 0xee: 'ợ',
  0xef: 'ù', 0xf1: 'ủ', 0xf2: 'ũ', 0xf3: 'ú', 0xf4: 'ụ',
  0xf5: 'ừ', 0xf6: 'ử', 0xf7: 'ữ', 0xf8: 'ứ', 0xf9: 'ự',
  0xfa: 'ỳ', 0xfb: 'ỷ', 0xfc: 'ỹ', 0xfd: 'ý', 0xfe: 'ỵ',
};

// ---------------------------------------------------------------------------------------------------------
// VNI-Windows

/**
 * VNI-Windows (the VNI-Times fonts): a vowel is the Latin base letter followed by one diacritic byte that
 * carries the vowel modifier, the tone, or both; ơ ư đ and the i-with-tone letters are single bytes. Lower-
 * case bytes follow lower-case letters; upper-case letters use the byte 0x20 lower (e.g. acute 0xF9 ù /
 * 0xD9 Ù). The decoder accepts either case of mark after either case of letter (the letter's case wins);
 * the encoder writes the mark of the letter's case.
 *
 * | mark                | lower | upper |
 * |---------------------|-------|-------|
 * | sắc (acute)         | F9 ù  | D9 Ù  |
 * | huyền (grave)       | F8 ø  | D8 Ø  |
 * | hỏi (hook)          | FB û  | DB Û  |
 * | ngã (tilde)         | F5 õ  | D5 Õ  |
 * | nặng (dot below)    | EF ï  | CF Ï  |
 * | ^ (â ê ô)           | E2 â  | C2 Â  |
 * | ^ + sắc/huyền/hỏi/ngã/nặng | E1 E0 E5 E3 E4 | C1 C0 C5 C3 C4 |
 * | ˘ (ă)               | EA ê  | CA Ê  |
 * | ˘ + sắc/huyền/hỏi/ngã/nặng | E9 E8 FA FC EB | C9 C8 DA DC CB |
 *
 * Single letters: ơ F4 ô, Ơ D4; ư F6 ö, Ư D6; đ F1 ñ, Đ D1; í ED, ì EC, ỉ E6, ĩ F3, ị F2; Í CD, Ì CC,
 * Ỉ C6, Ĩ D3, Ị D2; and ỵ EE î, Ỵ CE Î (the dot below y is its own glyph; "y" + EF is also read as ỵ).
 * Other bytes ≥ 0x80 are read as Windows-1252 (the VNI fonts are ANSI fonts).
 */
type VniMark = { modifier: '' | '\u0302' | '\u0306'; tone: Tone | null };
const VNI_MARKS_LOWER: Readonly<Record<number, VniMark>> = {
  0xf9: { modifier: '', tone: 'acute' },
  0xf8: { modifier: '', tone: 'grave' },
  0xfb: { modifier: '', tone: 'hook' },
  0xf5: { modifier: '', tone: 'tilde' },
  0xef: { modifier: '', tone: 'dot' },
  0xe2: { modifier: '\u0302', tone: null },
  0xe1: { modifier: '\u0302', tone: 'acute' },
  0xe0: { modifier: '\u0302', tone: 'grave' },
  0xe5: { modifier: '\u0302', tone: 'hook' },
  0xe3: { modifier: '\u0302', tone: 'tilde' },
  0xe4: { modifier: '\u0302', tone: 'dot' },
  0xea: { modifier: '\u0306', tone: null },
  0xe9: { modifier: '\u0306', tone: 'acute' },
  0xe8: { modifier: '\u0306', tone: 'grave' },
  0xfa: { modifier: '\u0306', tone: 'hook' },
  0xfc: { modifier: '\u0306', tone: 'tilde' },
  0xeb: { modifier: '\u0306', tone: 'dot' },
};
const VNI_MARKS = new Map<number, VniMark>();
for (const [b, m] of Object.entries(VNI_MARKS_LOWER)) {
  VNI_MARKS.set(Number(b), m);
  VNI_MARKS.set(Number(b) - 0x20, m);
}
// prettier-ignore
const VNI_SINGLE_LOWER: Readonly<Record<number, string>> = {
  0xf4: 'ơ', 0xf6: 'ư', 0xf1: 'đ', 0xed: 'í', 0xec: 'ì', 0xe6: 'ỉ', 0xf3: 'ĩ', 0xf2: 'ị', 0xee: 'ỵ',
};
const VNI_SINGLE = new Map<number, string>();
for (const [b, c] of Object.entries(VNI_SINGLE_LOWER)) {
  VNI_SINGLE.set(Number(b), c);
  VNI_SINGLE.set(Number(b) - 0x20, c.toUpperCase());
}
/** Letters a VNI mark may follow. */
const VNI_BASES = new Set(['a', 'e', 'o', 'u', 'y', 'i', 'ơ', 'ư', 'A', 'E', 'O', 'U', 'Y', 'I', 'Ơ', 'Ư']);

// ---------------------------------------------------------------------------------------------------------
// Decoders

/** Strips a UTF-8 BOM and decodes (invalid sequences → U+FFFD); NFC. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes).normalize('NFC');
}

/** True when the bytes are well-formed UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function cp1258Char(b: number): string {
  if (b < 0x80) return String.fromCharCode(b);
  const cp = CP1258_HIGH[b - 0x80];
  return cp === null || cp === undefined ? REPLACEMENT : String.fromCharCode(cp);
}

function tcvn3Char(b: number): string {
  if (b < 0x80) return String.fromCharCode(b);
  return TCVN3_HIGH[b] ?? REPLACEMENT;
}

/** Windows-1252 high half for VNI's non-Vietnamese bytes (same as 1258 minus its Vietnamese changes). */
function cp1252Char(b: number): string {
  if (b < 0x80) return String.fromCharCode(b);
  if (b >= 0xa0) return String.fromCharCode(b);
  const special: Record<number, number> = { 0x8a: 0x0160, 0x8e: 0x017d, 0x9a: 0x0161, 0x9e: 0x017e };
  const cp = special[b] ?? CP1258_HIGH[b - 0x80];
  return cp === null || cp === undefined ? REPLACEMENT : String.fromCharCode(cp);
}

/**
 * Raw VNI decoding of `bytes[0..end)` without normalisation. Returns the text and how many bytes were
 * consumed (a vowel in the last two bytes may wait for its mark when `final` is false).
 */
function vniRaw(bytes: Uint8Array, final: boolean): { text: string; consumed: number } {
  let out = '';
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    const single = VNI_SINGLE.get(b);
    const ch = single ?? (b < 0x80 ? String.fromCharCode(b) : VNI_MARKS.has(b) ? null : cp1252Char(b));
    if (ch !== null && VNI_BASES.has(ch)) {
      if (!final && i + 2 >= n) break;
      let j = i + 1;
      let modifier = '';
      let tone: Tone | null = null;
      const m1 = VNI_MARKS.get(bytes[j]!);
      const lowerBase = ch.toLowerCase();
      if (m1 && m1.modifier !== '' && modifierFits(lowerBase, m1.modifier)) {
        modifier = m1.modifier;
        tone = m1.tone;
        j++;
      }
      if (tone === null) {
        const m2 = VNI_MARKS.get(bytes[j]!);
        if (m2 && m2.modifier === '' && m2.tone) {
          tone = m2.tone;
          j++;
        }
      }
      out += (ch + modifier + (tone ? TONE_MARKS[tone] : '')).normalize('NFC');
      i = j;
      continue;
    }
    if (ch === null) {
      const m = VNI_MARKS.get(b)!; // a mark with no letter to sit on: keep it as combining marks
      out += m.modifier + (m.tone ? TONE_MARKS[m.tone] : '');
    } else out += ch;
    i++;
  }
  return { text: out, consumed: i };
}

function modifierFits(lowerBase: string, modifier: string): boolean {
  if (modifier === '\u0306') return lowerBase === 'a';
  return lowerBase === 'a' || lowerBase === 'e' || lowerBase === 'o';
}

function singleByteRaw(bytes: Uint8Array, map: (b: number) => string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += map(bytes[i]!);
  return out;
}

export function decodeWindows1258(bytes: Uint8Array): string {
  return singleByteRaw(bytes, cp1258Char).normalize('NFC');
}

export function decodeTcvn3(bytes: Uint8Array): string {
  return singleByteRaw(bytes, tcvn3Char).normalize('NFC');
}

export function decodeVni(bytes: Uint8Array): string {
  return vniRaw(bytes, true).text.normalize('NFC');
}

export function decode(bytes: Uint8Array, encoding: EncodingName): string {
  switch (encoding) {
    case 'utf-8':
      return decodeUtf8(bytes);
    case 'windows-1258':
      return decodeWindows1258(bytes);
    case 'tcvn3':
      return decodeTcvn3(bytes);
    case 'vni':
      return decodeVni(bytes);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Encoders

export function encodeUtf8(s: string, options: { bom?: boolean } = {}): Uint8Array {
  const body = new TextEncoder().encode(s.normalize('NFC'));
  if (!options.bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

function reverseTable(entries: Iterable<[number, string]>): Map<string, number> {
  const m = new Map<string, number>();
  for (const [b, c] of entries) if (c !== REPLACEMENT && !m.has(c)) m.set(c, b);
  return m;
}

const CP1258_REVERSE = reverseTable(Array.from({ length: 256 }, (_, b) => [b, cp1258Char(b)] as [number, string]));
const CP1258_TONE_BYTE: Readonly<Record<Tone, number>> = {
  grave: 0xcc,
  hook: 0xd2,
  tilde: 0xde,
  acute: 0xec,
  dot: 0xf2,
};
const TCVN3_REVERSE = reverseTable(Array.from({ length: 256 }, (_, b) => [b, tcvn3Char(b)] as [number, string]));

/**
 * Windows-1258: a character with its own byte is written as that byte (á → E1); otherwise a letter with a
 * tone is written as its toneless letter followed by the combining tone byte (ấ → E2 EC), which is how
 * Windows writes Vietnamese in this code page.
 */
export function encodeWindows1258(s: string): Uint8Array {
  const out: number[] = [];
  let index = 0;
  for (const ch of s.normalize('NFC')) {
    const direct = CP1258_REVERSE.get(ch);
    if (direct !== undefined) out.push(direct);
    else {
      const split = splitTone(ch);
      const baseByte = split && split.tone ? CP1258_REVERSE.get(split.base) : undefined;
      if (baseByte === undefined || !split?.tone) throw new EncodeError('windows-1258', ch, index);
      out.push(baseByte, CP1258_TONE_BYTE[split.tone]);
    }
    index += ch.length;
  }
  return Uint8Array.from(out);
}

/** TCVN3 (VN3): throws on upper-case toned letters, which VN3 cannot hold (see the table). */
export function encodeTcvn3(s: string): Uint8Array {
  const out: number[] = [];
  let index = 0;
  for (const ch of s.normalize('NFC')) {
    const b = TCVN3_REVERSE.get(ch);
    if (b === undefined) throw new EncodeError('tcvn3', ch, index);
    out.push(b);
    index += ch.length;
  }
  return Uint8Array.from(out);
}

const VNI_SINGLE_REVERSE = reverseTable(VNI_SINGLE.entries());
const VNI_MARK_REVERSE = new Map<string, number>(
  Object.entries(VNI_MARKS_LOWER).map(([b, m]) => [`${m.modifier}|${m.tone ?? ''}`, Number(b)]),
);
const VNI_OTHER_REVERSE = reverseTable(
  Array.from({ length: 128 }, (_, i) => 0x80 + i)
    .filter((b) => !VNI_MARKS.has(b) && !VNI_SINGLE.has(b))
    .map((b) => [b, cp1252Char(b)] as [number, string]),
);

/** VNI-Windows: base letter + one mark byte of the letter's case. */
export function encodeVni(s: string): Uint8Array {
  const out: number[] = [];
  let index = 0;
  for (const ch of s.normalize('NFC')) {
    const fail = () => new EncodeError('vni', ch, index);
    index += ch.length;
    const single = VNI_SINGLE_REVERSE.get(ch);
    if (single !== undefined) {
      out.push(single);
      continue;
    }
    if (ch.charCodeAt(0) < 0x80) {
      out.push(ch.charCodeAt(0));
      continue;
    }
    const split = splitTone(ch);
    if (split) {
      // Separate the vowel modifier: â → a + ^, ă → a + ˘; ơ ư are single bytes.
      const nfd = split.base.normalize('NFD');
      const letter = nfd[0]!;
      const modifier = nfd.slice(1);
      const upper = letter !== letter.toLowerCase();
      if (
        (modifier === '' || modifier === '\u0302' || modifier === '\u0306') &&
        /^[a-zA-Z]$/.test(letter) &&
        VNI_BASES.has(letter)
      ) {
        const mark = VNI_MARK_REVERSE.get(`${modifier}|${split.tone ?? ''}`);
        if (mark !== undefined && (modifier === '' || modifierFits(letter.toLowerCase(), modifier))) {
          out.push(letter.charCodeAt(0), upper ? mark - 0x20 : mark);
          continue;
        }
      }
      const singleBase = VNI_SINGLE_REVERSE.get(split.base);
      if (
        singleBase !== undefined &&
        split.tone &&
        (split.base === 'ơ' || split.base === 'ư' || split.base === 'Ơ' || split.base === 'Ư')
      ) {
        const mark = VNI_MARK_REVERSE.get(`|${split.tone}`)!;
        out.push(singleBase, split.base === split.base.toLowerCase() ? mark : mark - 0x20);
        continue;
      }
    }
    const other = VNI_OTHER_REVERSE.get(ch);
    if (other !== undefined) {
      out.push(other);
      continue;
    }
    throw fail();
  }
  return Uint8Array.from(out);
}

export function encode(s: string, encoding: EncodingName): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return encodeUtf8(s);
    case 'windows-1258':
      return encodeWindows1258(s);
    case 'tcvn3':
      return encodeTcvn3(s);
    case 'vni':
      return encodeVni(s);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Streaming

/** A decoder fed chunk by chunk; `push` returns the NFC text that can no longer change. */
export interface StreamDecoder {
  push(chunk: Uint8Array): string;
  end(): string;
}

/**
 * Decode a large file chunk by chunk in bounded memory. Combining sequences that straddle a chunk edge
 * (a VNI vowel and its mark byte, a Windows-1258 letter and its tone byte) are held back until the next
 * chunk, and the output is NFC-normalised only up to the last character that nothing can attach to any more,
 * so the concatenated output equals `decode(all bytes)`.
 */
export function createStreamDecoder(encoding: EncodingName): StreamDecoder {
  let pendingBytes = new Uint8Array(0);
  let pendingText = '';
  const utf8 = new TextDecoder('utf-8'); // consumes a leading BOM

  const flushText = (raw: string, final: boolean): string => {
    const text = pendingText + raw;
    if (final) {
      pendingText = '';
      return text.normalize('NFC');
    }
    // Keep the last starter (a character with combining class 0) and whatever follows it.
    let cut = text.length;
    while (cut > 0) {
      cut--;
      const c = text[cut]!;
      if (!/\p{M}/u.test(c) && !(c >= '\udc00' && c <= '\udfff')) break;
    }
    pendingText = text.slice(cut);
    return text.slice(0, cut).normalize('NFC');
  };

  const rawOf = (bytes: Uint8Array, final: boolean): string => {
    switch (encoding) {
      case 'utf-8':
        return utf8.decode(bytes, { stream: !final });
      case 'windows-1258':
        return singleByteRaw(bytes, cp1258Char);
      case 'tcvn3':
        return singleByteRaw(bytes, tcvn3Char);
      case 'vni': {
        const all = new Uint8Array(pendingBytes.length + bytes.length);
        all.set(pendingBytes);
        all.set(bytes, pendingBytes.length);
        const { text, consumed } = vniRaw(all, final);
        pendingBytes = all.slice(consumed);
        return text;
      }
    }
  };

  return {
    push: (chunk) => flushText(rawOf(chunk, false), false),
    end: () => flushText(rawOf(new Uint8Array(0), true), true),
  };
}
