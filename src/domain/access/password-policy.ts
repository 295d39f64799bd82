import commonPasswords from '../../../data/passwords/common-passwords.json';

export type TPolicyRule = 'length' | 'max_length' | 'control' | 'username' | 'common' | 'pattern';

export interface PolicyFailure {
  rule: TPolicyRule;
  vi: string;
  en: string;
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
/** Characters a password must keep once its predictable runs (sequences, keyboard runs, repeats) are taken out. */
const MIN_UNPREDICTABLE = 6;

/** Common passwords and words (data/passwords, see data/README.md), as the comparison key below writes them. */
const COMMON: ReadonlySet<string> = new Set(commonPasswords);

/** Keyboard rows and usual walks (letter rows, digit row, columns, numeric keypad); runs of 4+ along them are predictable. */
const WALKS = [
  '`1234567890-=',
  'qwertyuiop[]\\',
  "asdfghjkl;'",
  'zxcvbnm,./',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/',
  'qazwsxedcrfvtgbyhnujmikolp',
  '1q2w3e4r5t6y7u8i9o0p',
  'zaq12wsxcde34rfvbgt56yhnmju78ik,.lo9',
  '789456123',
  '147258369',
  '741852963',
  '159753',
];
const WALK_MIN = 4;

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '8': 'b', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '$': 's', '5': 's', '7': 't', '+': 't' };

/** Lower case, Vietnamese diacritics and đ folded to ASCII letters (so «Mật khẩu» compares as «mat khau»). */
function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** True when `s` is a shorter unit repeated (abcabc, Aa1 Aa1 Aa1 ). */
function isRepetition(s: string): boolean {
  return s.length >= 2 && (s + s).indexOf(s, 1) < s.length;
}

function smallestUnit(s: string): string {
  const i = (s + s).indexOf(s, 1);
  return i < s.length ? s.slice(0, i) : s;
}

/** Characters of `s` (folded) not inside a predictable run: ascending/descending or repeated runs of 3+, keyboard runs of 4+. */
function unpredictableCount(s: string): number {
  const marked = new Array<boolean>(s.length).fill(false);
  // Runs of 3+ with a constant step of -1, 0 or +1 (abc, 321, aaa).
  let i = 0;
  while (i + 2 < s.length) {
    const step = s.charCodeAt(i + 1) - s.charCodeAt(i);
    let j = i + 1;
    if (Math.abs(step) <= 1) while (j + 1 < s.length && s.charCodeAt(j + 1) - s.charCodeAt(j) === step) j++;
    if (Math.abs(step) <= 1 && j - i >= 2) {
      for (let k = i; k <= j; k++) marked[k] = true;
      i = j;
    } else i++;
  }
  // Keyboard runs, in either direction.
  for (const walk of WALKS) {
    for (const w of [walk, [...walk].reverse().join('')]) {
      for (let i = 0; i + WALK_MIN <= s.length; i++) {
        let len = 0;
        while (i + len < s.length && len < w.length) {
          const candidate = s.slice(i, i + len + 1);
          if (!w.includes(candidate)) break;
          len++;
        }
        if (len >= WALK_MIN) for (let k = i; k < i + len; k++) marked[k] = true;
      }
    }
  }
  let n = 0;
  for (let i = 0; i < s.length; i++) if (!marked[i] && !/\s/.test(s[i]!)) n++;
  return n;
}

/**
 * Whether the password is a common one, or a common word dressed up: digits and symbols before or after it
 * (Password123!, 2026Matkhau), letters swapped for look-alikes (P@ssw0rd), separators inside (mat-khau, Bình An),
 * or said twice (BinhAnBinhAn).
 */
function isCommon(folded: string): boolean {
  const key = folded.replace(/[\s._-]+/g, '');
  const unleet = (x: string) => [...x].map((c) => LEET[c] ?? c).join('');
  const core = (x: string) => x.replace(/^[^\p{L}]+/u, '').replace(/[^\p{L}]+$/u, '');
  const candidates = [key, core(key), unleet(core(key)), core(unleet(key)), core(unleet(key.replace(/^\d+/, '').replace(/\d+$/, '')))];
  return candidates.some((c) => c !== '' && (COMMON.has(c) || COMMON.has(smallestUnit(c))));
}

/**
 * The password policy, length first: at least 12 characters (the ends' spaces and repeated spaces do not count,
 * so spaces make passphrases, never padding), no control characters, not the username, not a common password
 * or a dressed-up common word (data/passwords), not made of predictable runs (sequences, keyboard runs, repeats,
 * digits only). No rules on character classes: a long passphrase beats `Aa1!`. Returns every rule the candidate
 * breaks (empty when it passes). Shared by the server (the authority) and the web's checklist.
 */
export function checkPasswordPolicy(password: string, username: string): PolicyFailure[] {
  const out: PolicyFailure[] = [];
  const effective = password.trim().replace(/\s+/gu, ' ');
  const folded = fold(effective);
  if ([...effective].length < PASSWORD_MIN_LENGTH)
    out.push({
      rule: 'length',
      vi: `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự (không tính khoảng trắng ở hai đầu và khoảng trắng lặp)`,
      en: `At least ${PASSWORD_MIN_LENGTH} characters (spaces at the ends and repeated spaces do not count)`,
    });
  if (password.length > PASSWORD_MAX_LENGTH) out.push({ rule: 'max_length', vi: 'Mật khẩu quá dài', en: 'Password too long' });
  if (/[\p{Cc}\u2028\u2029]/u.test(password))
    out.push({ rule: 'control', vi: 'Không được chứa ký tự điều khiển (NUL, xuống dòng, tab…)', en: 'No control characters (NUL, line breaks, tabs…)' });
  const name = fold(username.trim());
  const nameParts = [name, ...name.split(/[^\p{L}\p{N}]+/u).filter((p) => p.length >= 4)];
  const compact = folded.replace(/[\s._-]+/g, '');
  if (name.length >= 3 && nameParts.some((p) => folded.includes(p) || compact.includes(p.replace(/[\s._-]+/g, ''))))
    out.push({ rule: 'username', vi: 'Mật khẩu không được chứa tên đăng nhập', en: 'Must not contain the username' });
  if (folded && isCommon(folded))
    out.push({
      rule: 'common',
      vi: 'Mật khẩu quá phổ biến (như «Password», «Matkhau», «BinhAn», dù thêm số hay ký hiệu)',
      en: 'Too common a password (such as Password, Matkhau, BinhAn, even with digits or symbols added)',
    });
  if (folded && (isRepetition(folded) || /^[\d\s]+$/.test(folded) || unpredictableCount(folded) < MIN_UNPREDICTABLE))
    out.push({
      rule: 'pattern',
      vi: 'Không dùng dãy dễ đoán: abc…, 123…, phím liền nhau (qwerty…), ký tự hay cụm lặp lại, chỉ toàn chữ số',
      en: 'No predictable patterns: abc…, 123…, keyboard runs (qwerty…), repeated characters or groups, digits only',
    });
  return out;
}
