import { decode, isValidUtf8, type EncodingName } from './encodings';
import { isPlausibleSyllable } from './vietnamese';

/**
 * Guess the encoding of a Vietnamese text file.
 *
 * 1. A UTF-8 BOM, pure ASCII, or well-formed UTF-8 containing multi-byte characters → UTF-8 (legacy
 *    Vietnamese bytes are practically never well-formed UTF-8 over a whole file).
 * 2. Otherwise each legacy table is tried and scored on the words that contain a non-ASCII letter (ASCII
 *    words read the same in all of them): a word scores 1 when it is a plausible Vietnamese syllable
 *    (onset, rhyme, one tone placed where Vietnamese places it) and 1 more when it is one of the most
 *    frequent syllables; undecodable bytes and marks left without a letter count against. The best
 *    average wins; confidence is that average scaled to 0–1, reduced when the runner-up is close.
 */

export interface EncodingGuess {
  encoding: EncodingName;
  /** 0–1. */
  confidence: number;
  /** Scores of the legacy tables (absent when UTF-8 was decided on structure). */
  scores?: Partial<Record<EncodingName, number>>;
}

/** Frequent Vietnamese syllables with their tones (lower case, NFC). */
export const COMMON_SYLLABLES: ReadonlySet<string> = new Set(
  (
    'của và các được trong người những một không có đã này cho với tại ngày năm phường xã quận huyện công an vụ ' +
    'việc tài sản đường thành phố hà nội là để từ về đến theo khi sau trên dưới nhà đi ra vào bị đối tượng ' +
    'số điện thoại tiền lừa đảo trộm cắp cướp giật xe máy ô tô tai nạn giao thông cháy nổ chết thương tổn hại ' +
    'báo tố giác tin kiến nghị khởi tố điều tra hình sự tội phạm địa bàn khu vực chủ cơ quan đơn vị cán bộ ' +
    'lúc giờ sáng chiều tối đêm tháng anh chị ông bà em học sinh viên làm việc ở nơi đó mất trị giá đồng ' +
    'triệu tỷ nghìn trăm mười hai ba bốn năm sáu bảy tám chín đông nam bắc tây cầu giấy đống đa hoàn kiếm'
  ).split(' '),
);

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  if (bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b)) return { encoding: 'utf-8', confidence: 1 };
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return { encoding: 'utf-8', confidence: 1 };
  if (isValidUtf8(bytes)) return { encoding: 'utf-8', confidence: 0.99 };

  const scores: Partial<Record<EncodingName, number>> = {};
  let best: EncodingName = 'windows-1258';
  let bestScore = -Infinity;
  let second = -Infinity;
  for (const enc of ['windows-1258', 'tcvn3', 'vni'] as const) {
    const s = scoreVietnamese(decode(bytes, enc));
    scores[enc] = s;
    if (s > bestScore) {
      second = bestScore;
      bestScore = s;
      best = enc;
    } else if (s > second) second = s;
  }
  const level = Math.max(0, Math.min(1, bestScore / 2));
  const margin = Math.max(0, Math.min(1, (bestScore - second) / 0.5));
  return { encoding: best, confidence: Math.round(level * margin * 1000) / 1000, scores };
}

/**
 * Average score of the non-ASCII words of a text: 0 (nothing Vietnamese) to 2 (every such word a plausible
 * syllable from the frequent list); U+FFFD and stray combining marks subtract.
 */
export function scoreVietnamese(text: string): number {
  let words = 0;
  let points = 0;
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{M}\uFFFD]+/gu)) {
    const w = m[0];
    if (/^[a-z]+$/.test(w)) continue;
    words++;
    if (w.includes('\uFFFD') || /^\p{M}/u.test(w) || /\p{M}/u.test(w.normalize('NFC'))) {
      points -= 1;
      continue;
    }
    if (isPlausibleSyllable(w)) points += COMMON_SYLLABLES.has(w) ? 2 : 1;
  }
  return words === 0 ? 0 : points / words;
}
