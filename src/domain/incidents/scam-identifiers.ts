import { toSearchKey } from '../text/vietnamese';

/**
 * The scam identifiers victims report (phone numbers, bank accounts, websites, social accounts), brought to
 * one canonical `value` so that "+84 912.345.678" and "0912345678" are the same number when the public scam
 * check and the registry look them up. Pure; refusals carry a Vietnamese and an English reason.
 */

export const IDENTIFIER_KINDS = ['phone', 'bank_account', 'url', 'social'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export type NormalizedIdentifier =
  { ok: true; kind: IdentifierKind; value: string; display: string } | { ok: false; vi: string; en: string };

const fail = (vi: string, en: string): NormalizedIdentifier => ({ ok: false, vi, en });

// ---------------------------------------------------------------------------------------------------------
// Phone numbers

/** Mobile prefixes in use since the 2018 move from 11 to 10 digits (03x, 05x, 07x, 08x, 09x). */
const MOBILE_RE = /^0[35789]\d{8}$/;
/** Fixed lines: 02 + area code + subscriber number, 10 or 11 digits in all (024 3825 1234). */
const LANDLINE_RE = /^02\d{8,9}$/;
/** Service numbers 1800/1900 (8 or 10 digits). */
const SERVICE_RE = /^1[89]00(\d{4}|\d{6})$/;

/**
 * National format of a Vietnamese phone number: "+84 912 345 678", "84912345678", "0084-912-345-678",
 * "(091) 234.5678" → "0912345678". Mobiles have 10 digits, fixed lines 10–11 (starting 02), service
 * numbers 1800/1900 8 or 10. Old 11-digit mobile numbers (01x…) were renumbered in 2018 and are refused with
 * that reason rather than guessed.
 */
export function normalizePhone(raw: string): NormalizedIdentifier {
  const trimmed = raw.trim();
  if (!/^[+\d\s.\-()]+$/.test(trimmed))
    return fail(
      'Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, gạch ngang và dấu +',
      'A phone number holds only digits, spaces, dots, dashes and +',
    );
  if (trimmed.indexOf('+') > 0) return fail('Dấu + chỉ được ở đầu số điện thoại', 'A + may only start a phone number');
  let digits = trimmed.replace(/[^\d]/g, '');
  const international = trimmed.startsWith('+') || digits.startsWith('00');
  if (trimmed.startsWith('+')) {
    if (!digits.startsWith('84'))
      return fail(
        'Không phải số điện thoại Việt Nam (mã quốc gia khác +84)',
        'Not a Vietnamese number (country code other than +84)',
      );
    digits = '0' + digits.slice(2);
  } else if (digits.startsWith('0084')) digits = '0' + digits.slice(4);
  else if (digits.startsWith('00'))
    return fail(
      'Không phải số điện thoại Việt Nam (mã quốc gia khác +84)',
      'Not a Vietnamese number (country code other than +84)',
    );
  else if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) digits = '0' + digits.slice(2);
  if (digits.startsWith('00')) return fail('Số điện thoại không hợp lệ', 'Invalid phone number');
  if (!international && SERVICE_RE.test(digits))
    return { ok: true, kind: 'phone', value: digits, display: `${digits.slice(0, 4)} ${digits.slice(4)}` };
  if (MOBILE_RE.test(digits))
    return {
      ok: true,
      kind: 'phone',
      value: digits,
      display: `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`,
    };
  if (LANDLINE_RE.test(digits))
    return {
      ok: true,
      kind: 'phone',
      value: digits,
      display: `${digits.slice(0, 3)} ${digits.slice(3, digits.length - 4)} ${digits.slice(-4)}`,
    };
  if (/^01\d{9}$/.test(digits))
    return fail(
      'Đầu số di động 11 số (01x) đã chuyển sang 10 số từ năm 2018; hãy nhập số mới',
      'Old 11-digit mobile prefix (01x), renumbered to 10 digits in 2018; enter the new number',
    );
  if (!digits.startsWith('0'))
    return fail('Số điện thoại phải bắt đầu bằng 0 hoặc +84', 'A phone number must start with 0 or +84');
  const max = digits.startsWith('02') ? 11 : /^0[35789]/.test(digits) ? 10 : 11;
  if (digits.length < 10) return fail('Số điện thoại quá ngắn', 'Phone number too short');
  if (digits.length > max) return fail('Số điện thoại quá dài', 'Phone number too long');
  return fail('Đầu số điện thoại không tồn tại ở Việt Nam', 'No such Vietnamese phone prefix');
}

// ---------------------------------------------------------------------------------------------------------
// Bank accounts

export interface Bank {
  readonly code: string;
  readonly name: string;
  /** Other names and short names people write (compared without case, accents and spaces). */
  readonly aliases: readonly string[];
}

/** Common Vietnamese banks and digital banks: canonical short code, name, what people write. */
export const BANKS: readonly Bank[] = [
  { code: 'VCB', name: 'Vietcombank', aliases: ['Ngoại thương', 'Ngân hàng Ngoại thương Việt Nam'] },
  { code: 'BIDV', name: 'BIDV', aliases: ['Đầu tư và Phát triển', 'BID'] },
  { code: 'CTG', name: 'VietinBank', aliases: ['Vietin', 'Công thương', 'ICB', 'VTB'] },
  { code: 'AGR', name: 'Agribank', aliases: ['VBA', 'AGRIBANK', 'Nông nghiệp', 'Nông nghiệp và Phát triển Nông thôn'] },
  { code: 'TCB', name: 'Techcombank', aliases: ['Kỹ thương'] },
  { code: 'MB', name: 'MB Bank', aliases: ['MBBank', 'MBB', 'Quân đội'] },
  { code: 'ACB', name: 'ACB', aliases: ['Á Châu'] },
  { code: 'VPB', name: 'VPBank', aliases: ['Việt Nam Thịnh Vượng'] },
  { code: 'TPB', name: 'TPBank', aliases: ['Tiên Phong'] },
  { code: 'STB', name: 'Sacombank', aliases: ['Sài Gòn Thương Tín'] },
  { code: 'VIB', name: 'VIB', aliases: ['Quốc tế'] },
  { code: 'SHB', name: 'SHB', aliases: ['Sài Gòn - Hà Nội'] },
  { code: 'HDB', name: 'HDBank', aliases: ['Phát triển TP.HCM'] },
  { code: 'OCB', name: 'OCB', aliases: ['Phương Đông'] },
  { code: 'MSB', name: 'MSB', aliases: ['Maritime Bank', 'Hàng Hải'] },
  { code: 'SCB', name: 'SCB', aliases: ['Sài Gòn'] },
  { code: 'EIB', name: 'Eximbank', aliases: ['Xuất Nhập khẩu'] },
  { code: 'LPB', name: 'LPBank', aliases: ['LienVietPostBank', 'Lộc Phát', 'Bưu điện Liên Việt'] },
  { code: 'SEAB', name: 'SeABank', aliases: ['Đông Nam Á'] },
  { code: 'NAB', name: 'Nam A Bank', aliases: ['Nam Á'] },
  { code: 'ABB', name: 'ABBank', aliases: ['An Bình'] },
  { code: 'BAB', name: 'Bac A Bank', aliases: ['Bắc Á'] },
  { code: 'VAB', name: 'VietABank', aliases: ['Việt Á'] },
  { code: 'PGB', name: 'PGBank', aliases: ['Thịnh vượng và Phát triển'] },
  { code: 'KLB', name: 'Kienlongbank', aliases: ['Kiên Long'] },
  { code: 'VCCB', name: 'BVBank (Viet Capital Bank)', aliases: ['Viet Capital Bank', 'Bản Việt', 'BVBank'] },
  { code: 'NCB', name: 'NCB', aliases: ['Quốc Dân'] },
  { code: 'BVB', name: 'BaoViet Bank', aliases: ['Bảo Việt'] },
  { code: 'SGB', name: 'Saigonbank', aliases: ['Sài Gòn Công Thương'] },
  { code: 'CAKE', name: 'Cake by VPBank', aliases: [] },
  { code: 'TIMO', name: 'Timo', aliases: [] },
  { code: 'UBANK', name: 'Ubank by VPBank', aliases: [] },
];

const bankKey = (s: string) =>
  toSearchKey(s)
    .replace(/^ngan hang /, '')
    .replace(/[^a-z0-9]/g, '');
const BANK_BY_KEY = new Map<string, Bank>();
for (const b of BANKS) for (const k of [b.code, b.name, ...b.aliases]) BANK_BY_KEY.set(bankKey(k), b);

export function findBank(nameOrCode: string): Bank | undefined {
  return BANK_BY_KEY.get(bankKey(nameOrCode));
}

/**
 * "Vietcombank - 0011 0012 34567", "VCB:0011001234567", "0011001234567" → value "VCB:0011001234567"
 * (or just the digits when no bank is named). 6–19 digits; an unknown bank name is refused.
 */
export function normalizeBankAccount(raw: string): NormalizedIdentifier {
  const s = raw.normalize('NFC').trim();
  const m = /^(.*?)[\s:–,/-]*((?:\d[\s.-]?)*\d)$/u.exec(s);
  if (!m) return fail('Số tài khoản phải kết thúc bằng dãy chữ số', 'An account number must end in digits');
  const bankPart = m[1]!.replace(/[\s:–,/-]+$/u, '').trim();
  const digits = m[2]!.replace(/\D/g, '');
  if (digits.length < 6)
    return fail('Số tài khoản quá ngắn (tối thiểu 6 chữ số)', 'Account number too short (at least 6 digits)');
  if (digits.length > 19)
    return fail('Số tài khoản quá dài (tối đa 19 chữ số)', 'Account number too long (at most 19 digits)');
  if (bankPart === '') return { ok: true, kind: 'bank_account', value: digits, display: digits };
  const bank = findBank(bankPart);
  if (!bank) return fail(`Không nhận ra ngân hàng "${bankPart}"`, `Unknown bank "${bankPart}"`);
  return { ok: true, kind: 'bank_account', value: `${bank.code}:${digits}`, display: `${bank.name} ${digits}` };
}

// ---------------------------------------------------------------------------------------------------------
// URLs

const TRACKING_PARAM = /^(utm_.*|fbclid|gclid|zarsrc|igshid|si)$/i;
const HOST_RE = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$/;
const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseUrl(raw: string): URL | null {
  const s = raw.trim();
  if (s === '' || /\s/.test(s)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`;
  try {
    const u = new URL(withScheme);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/**
 * "HTTPS://www.Example.vn:443/Khuyen-Mai/?utm_source=fb&id=7#top" → "example.vn/Khuyen-Mai?id=7": scheme,
 * "www.", default ports, fragment, trailing slash and tracking parameters (utm_*, fbclid, gclid, …) go;
 * the host is lower-cased; the path keeps its case; other query parameters keep their order.
 */
export function normalizeUrl(raw: string): NormalizedIdentifier {
  const u = parseUrl(raw);
  if (!u) return fail('Địa chỉ trang web không hợp lệ', 'Invalid web address');
  let host = u.hostname.toLowerCase().replace(/\.$/, '');
  const ip = IPV4_RE.exec(host);
  if (ip ? ip.slice(1).some((o) => Number(o) > 255) : !HOST_RE.test(host))
    return fail('Tên miền không hợp lệ', 'Invalid domain name');
  if (host.startsWith('www.')) host = host.slice(4);
  const port = u.port === '' ? '' : `:${u.port}`; // URL already drops 80 for http and 443 for https
  let path = u.pathname.replace(/\/+$/, '');
  if (path === '/') path = '';
  const params = [...u.searchParams.entries()].filter(([k]) => !TRACKING_PARAM.test(k));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const value = `${host}${port}${path}${query}`;
  return { ok: true, kind: 'url', value, display: value };
}

// ---------------------------------------------------------------------------------------------------------
// Social accounts

export const PLATFORMS = ['facebook', 'zalo', 'telegram', 'tiktok', 'instagram', 'x'] as const;
export type Platform = (typeof PLATFORMS)[number];

const PLATFORM_HOSTS: Readonly<Record<string, Platform>> = {
  'facebook.com': 'facebook',
  'm.facebook.com': 'facebook',
  'web.facebook.com': 'facebook',
  'fb.com': 'facebook',
  'fb.me': 'facebook',
  'zalo.me': 'zalo',
  'chat.zalo.me': 'zalo',
  't.me': 'telegram',
  'telegram.me': 'telegram',
  'tiktok.com': 'tiktok',
  'instagram.com': 'instagram',
  'x.com': 'x',
  'twitter.com': 'x',
};
// prettier-ignore
const PLATFORM_ALIASES: Readonly<Record<string, Platform>> = {
  facebook: 'facebook', fb: 'facebook', zalo: 'zalo', telegram: 'telegram', tg: 'telegram', tiktok: 'tiktok',
  instagram: 'instagram', ig: 'instagram', x: 'x', twitter: 'x',
};
const HANDLE_RE = /^[a-z0-9._]{1,100}$/;

/** The platform of a social URL, or undefined. */
export function platformOfUrl(raw: string): Platform | undefined {
  if (!/^(https?:\/\/)?([a-z0-9-]+\.)*[a-z0-9-]+\.[a-z]{2,}\//i.test(raw.trim() + '/')) return undefined;
  const u = parseUrl(raw);
  if (!u) return undefined;
  return PLATFORM_HOSTS[u.hostname.toLowerCase().replace(/^www\./, '')];
}

/**
 * "https://facebook.com/abc.def" → "facebook:abc.def"; "https://www.facebook.com/profile.php?id=100012345"
 * → "facebook:100012345"; "https://t.me/xyz" → "telegram:xyz"; "tiktok.com/@Shop_ABC" → "tiktok:shop_abc";
 * "zalo: 0912 345 678" or "zalo.me/84912345678" → "zalo:0912345678"; "instagram:@Abc" → "instagram:abc".
 * `platform` may be given separately (a form with a platform select).
 */
export function normalizeSocial(raw: string, platform?: Platform): NormalizedIdentifier {
  const s = raw.normalize('NFC').trim();
  let p: Platform | undefined = platform;
  let handle: string;
  const fromUrl = platformOfUrl(s);
  if (fromUrl) {
    if (p && p !== fromUrl)
      return fail(`Đường dẫn thuộc ${fromUrl}, không phải ${p}`, `The link belongs to ${fromUrl}, not ${p}`);
    p = fromUrl;
    const u = parseUrl(s)!;
    const segments = u.pathname.split('/').filter(Boolean);
    if (p === 'facebook' && segments[0] === 'profile.php') handle = u.searchParams.get('id') ?? '';
    else if (p === 'facebook' && segments[0] === 'people' && segments.length >= 3) handle = segments[2]!;
    else handle = segments[0] ?? '';
  } else {
    const m = /^([a-z]+)\s*:\s*(.+)$/i.exec(s);
    if (m && PLATFORM_ALIASES[m[1]!.toLowerCase()]) {
      const named = PLATFORM_ALIASES[m[1]!.toLowerCase()]!;
      if (p && p !== named)
        return fail(`Tài khoản ghi ${named}, không phải ${p}`, `The account says ${named}, not ${p}`);
      p = named;
      handle = m[2]!;
    } else handle = s;
  }
  if (!p)
    return fail(
      'Chưa rõ nền tảng mạng xã hội (facebook, zalo, telegram, tiktok, instagram, x)',
      'Unknown social platform (facebook, zalo, telegram, tiktok, instagram, x)',
    );
  handle = handle.trim().replace(/^@/, '');
  if (p === 'zalo' && /^[+\d\s.\-()]+$/.test(handle)) {
    const phone = normalizePhone(handle);
    if (!phone.ok) return phone;
    return { ok: true, kind: 'social', value: `zalo:${phone.value}`, display: `Zalo ${phone.display}` };
  }
  handle = handle.toLowerCase();
  if (!HANDLE_RE.test(handle))
    return fail(
      'Tên tài khoản chỉ gồm chữ không dấu, chữ số, dấu chấm và gạch dưới',
      'An account name holds only unaccented letters, digits, dots and underscores',
    );
  const display = `${p === 'x' ? 'X' : p[0]!.toUpperCase() + p.slice(1)} @${handle}`;
  return { ok: true, kind: 'social', value: `${p}:${handle}`, display };
}

// ---------------------------------------------------------------------------------------------------------

export function normalizeIdentifier(kind: IdentifierKind, raw: string): NormalizedIdentifier {
  if (raw.length > 2000) return fail('Giá trị quá dài', 'Value too long');
  switch (kind) {
    case 'phone':
      return normalizePhone(raw);
    case 'bank_account':
      return normalizeBankAccount(raw);
    case 'url':
      return normalizeUrl(raw);
    case 'social':
      return normalizeSocial(raw);
  }
}

/**
 * A best guess of what a pasted identifier is: a social link or "platform:handle" → social; another link or
 * domain → url; a valid phone number → phone; digits, or a bank name followed by digits → bank_account.
 */
export function guessIdentifierKind(raw: string): IdentifierKind | null {
  const s = raw.trim();
  if (s === '') return null;
  if (platformOfUrl(s)) return 'social';
  const prefixed = /^([a-z]+)\s*:/i.exec(s);
  if (prefixed && PLATFORM_ALIASES[prefixed[1]!.toLowerCase()] && !/^https?:/i.test(s)) return 'social';
  if (/^[+\d\s.\-()]+$/.test(s)) {
    if (normalizePhone(s).ok) return 'phone';
    return normalizeBankAccount(s).ok ? 'bank_account' : null;
  }
  if (/^https?:\/\//i.test(s) || (/^[^\s@]+\.[a-z]{2,}(\/\S*)?$/i.test(s) && !/^\d+([.\s-]\d+)*$/.test(s)))
    return normalizeUrl(s).ok ? 'url' : null;
  if (normalizeBankAccount(s).ok) return 'bank_account';
  return null;
}
