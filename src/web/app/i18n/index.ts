import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import type { TLanguage } from '../../../contracts/auth';
import { setApiLanguage } from '../api';
import vi from './vi';
import en from './en';

export const LANG_STORAGE_KEY = 'binhan.lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}

function storedLanguage(): TLanguage {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** Keeps everything that depends on the language in step: <html lang>, dayjs (antd pickers), API header. */
function applyLanguage(lang: TLanguage): void {
  document.documentElement.lang = lang;
  dayjs.locale(lang);
  setApiLanguage(lang);
}

const initial = storedLanguage();
applyLanguage(initial);

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'vi',
  supportedLngs: ['vi', 'en'],
  interpolation: { escapeValue: false },
  initAsync: false,
});

export function currentLanguage(): TLanguage {
  return i18n.language === 'en' ? 'en' : 'vi';
}

/** Switches the UI language and remembers the choice for the next visit. */
export async function changeLanguage(lang: TLanguage): Promise<void> {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Private mode without storage: the switch still applies to this tab.
  }
  applyLanguage(lang);
  await i18n.changeLanguage(lang);
}

export default i18n;
