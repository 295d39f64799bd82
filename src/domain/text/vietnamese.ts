/**
 * Vietnamese text: Unicode normalisation, accent-insensitive search keys, the alphabet, and a syllable
 * plausibility test (used to tell legacy encodings apart). Pure.
 */

/** Unicode NFC — the form every string is stored in (composed letters: "ệ" is one code point). */
export function normalizeNfc(s: string): string {
  return s.normalize('NFC');
}

/**
 * A search key: NFC → lower case → diacritics stripped → đ→d → whitespace collapsed and trimmed.
 * "Phường  Hoàn Kiếm" → "phuong hoan kiem".
 */
export function toSearchKey(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The 12 vowels (with their vowel modifiers) of the alphabet. */
export const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'] as const;

/** The five tone marks as combining characters: huyền, hỏi, ngã, sắc, nặng. */
export const TONE_MARKS = {
  grave: '\u0300',
  hook: '\u0309',
  tilde: '\u0303',
  acute: '\u0301',
  dot: '\u0323',
} as const;
export type Tone = keyof typeof TONE_MARKS;
export const TONES: readonly Tone[] = ['grave', 'hook', 'tilde', 'acute', 'dot'];
const TONE_OF_MARK = new Map<string, Tone>(TONES.map((t) => [TONE_MARKS[t], t]));

/** The 67 lower-case letters with a diacritic: 12 vowels × 5 tones + ă â ê ô ơ ư + đ (NFC). */
export const VIETNAMESE_LOWER: readonly string[] = (() => {
  const out: string[] = [];
  for (const v of VOWELS) {
    if (v !== 'a' && v !== 'e' && v !== 'i' && v !== 'o' && v !== 'u' && v !== 'y') out.push(v);
    for (const t of TONES) out.push((v + TONE_MARKS[t]).normalize('NFC'));
  }
  out.push('đ');
  return out;
})();

/** The 67 upper-case counterparts. */
export const VIETNAMESE_UPPER: readonly string[] = VIETNAMESE_LOWER.map((c) => c.toUpperCase());

/**
 * Split one letter into its toneless letter and tone: "ấ" → { base: "â", tone: "acute" }.
 * More than one tone mark → null.
 */
export function splitTone(letter: string): { base: string; tone: Tone | null } | null {
  let tone: Tone | null = null;
  let rest = '';
  for (const ch of letter.normalize('NFD')) {
    const t = TONE_OF_MARK.get(ch);
    if (t) {
      if (tone) return null;
      tone = t;
    } else rest += ch;
  }
  return { base: rest.normalize('NFC'), tone };
}

const ONSETS = [
  'ngh',
  'ng',
  'nh',
  'ch',
  'gh',
  'gi',
  'kh',
  'ph',
  'th',
  'tr',
  'qu',
  'b',
  'c',
  'd',
  'đ',
  'g',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'x',
  '',
];
/** Nuclei that stand without a final consonant. */
const OPEN_RHYMES = new Set(
  'a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oa oe oi ôi ơi ua uê ui uơ uy ưa ưi ưu oai oay oao oeo uây uôi uya uyu ươi ươu iêu yêu'.split(
    ' ',
  ),
);
/** Nuclei that take a final consonant. */
const CLOSED_NUCLEI = 'a ă â e ê i o ô ơ u ư y iê yê oa oă oe oo uâ uê uô ươ uy uyê'.split(' ');
const CODAS = ['c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'];
const CLOSED_RHYMES = new Set(CLOSED_NUCLEI.flatMap((n) => CODAS.map((c) => n + c)));
const VOWEL_SET = new Set<string>(VOWELS);

/**
 * Whether a lower-case word looks like one Vietnamese syllable: an onset, a valid rhyme, at most one tone
 * mark, and the tone on a vowel where Vietnamese puts it (the modified vowel — ă â ê ô ơ ư, ơ in ươ —
 * else the last vowel before a final consonant, else the first of two open vowels; both the old "hòa"
 * and the new "hoà" styles are accepted). ASCII words without tone pass on structure alone.
 */
export function isPlausibleSyllable(word: string): boolean {
  const w = word.normalize('NFC').toLowerCase();
  const letters = [...w];
  let tone: Tone | null = null;
  let toneIndex = -1;
  const bare: string[] = [];
  for (let i = 0; i < letters.length; i++) {
    const s = splitTone(letters[i]!);
    if (!s || [...s.base].length !== 1) return false;
    if (s.tone) {
      if (tone) return false;
      tone = s.tone;
      toneIndex = i;
    }
    bare.push(s.base);
  }
  const plain = bare.join('');
  for (const onset of ONSETS) {
    if (!plain.startsWith(onset)) continue;
    let rhyme = plain.slice(onset.length);
    let offset = onset.length;
    // "gi" + rhyme without i ("gia"), "gì" = g + ì; "qu" needs a vowel after it.
    if (rhyme === '' && onset === 'gi') {
      rhyme = 'i';
      offset = 1;
    }
    if (!OPEN_RHYMES.has(rhyme) && !CLOSED_RHYMES.has(rhyme)) continue;
    if (tone === null) return true;
    if (tonePlacementOk(bare, offset, toneIndex)) return true;
  }
  return false;
}

function tonePlacementOk(bare: string[], rhymeStart: number, toneIndex: number): boolean {
  if (toneIndex < rhymeStart) return false;
  const vowelIdx: number[] = [];
  for (let i = rhymeStart; i < bare.length; i++) if (VOWEL_SET.has(bare[i]!)) vowelIdx.push(i);
  if (!vowelIdx.includes(toneIndex)) return false;
  if (vowelIdx.length === 1) return true;
  const hasCoda = vowelIdx[vowelIdx.length - 1]! < bare.length - 1;
  const modified = vowelIdx.filter((i) => 'ăâêôơư'.includes(bare[i]!));
  if (modified.length > 0) return toneIndex === modified[modified.length - 1];
  const nucleus = vowelIdx.map((i) => bare[i]).join('');
  if (hasCoda) return toneIndex === vowelIdx[vowelIdx.length - 1];
  if (nucleus === 'oa' || nucleus === 'oe' || nucleus === 'uy') return true; // hòa / hoà, thủy / thuỷ
  if (vowelIdx.length === 3) return toneIndex === vowelIdx[1];
  return toneIndex === vowelIdx[0];
}
