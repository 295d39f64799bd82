import type { TFieldError } from '../../contracts/errors';

/**
 * The one check every string of a request passes before its schema: params, query and body, at any depth,
 * keys included. Refused: NUL and the other C0 control characters (PostgreSQL cannot store NUL in text,
 * and no field of the API means any of them), and lone UTF-16 surrogates (not Unicode text; the drivers
 * would silently turn them into U+FFFD). Tab, CR and LF are allowed: multi-line text holds them, and the
 * single-line fields trim them.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDFFF]/u;
/** Deeper than any contract nests: a body nested further is refused rather than walked. */
const MAX_DEPTH = 32;

function describe(s: string): { vi: string; en: string } {
  const m = FORBIDDEN.exec(s);
  const ch = m ? m[0] : '';
  if (ch.length === 1 && ch.charCodeAt(0) < 0x20) {
    const hex = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      vi: `Chứa ký tự điều khiển không được phép (${hex})`,
      en: `Contains a control character that is not allowed (${hex})`,
    };
  }
  return { vi: 'Chứa ký tự Unicode không hợp lệ', en: 'Contains an invalid Unicode character' };
}

/** The first field of `value` holding a forbidden character (or nested too deep), named `prefix.a.0.b`. */
export function findForbiddenText(value: unknown, prefix: string, depth = 0): TFieldError | null {
  if (typeof value === 'string') return FORBIDDEN.test(value) ? { path: prefix, ...describe(value) } : null;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return null;
  if (depth >= MAX_DEPTH) return { path: prefix, vi: 'Dữ liệu lồng nhau quá sâu', en: 'Nested too deeply' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenText(value[i], `${prefix}.${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (FORBIDDEN.test(key)) return { path: prefix, ...describe(key) };
    const found = findForbiddenText(v, `${prefix}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}
