import type { ExportLanguage } from './labels';

/**
 * The language of an export. A download is often a plain link, which cannot send the app's language in a
 * header: the web app adds `lang=vi|en` (the language chosen in the app) to every export URL. Without it
 * the request's `Accept-Language` decides (English when it starts with `en`), and Vietnamese otherwise.
 */
export function exportLanguage(
  explicit: string | undefined,
  acceptLanguage: string | string[] | undefined,
): ExportLanguage {
  if (explicit === 'vi' || explicit === 'en') return explicit;
  const h = Array.isArray(acceptLanguage) ? acceptLanguage[0] : acceptLanguage;
  return typeof h === 'string' && /^en\b/i.test(h.trim()) ? 'en' : 'vi';
}
