import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
// Care-tag labels live once, beside the codes the server validates; plain data, no server code.
import { careTagCodes, careTags } from '../../../src/people/careTags.ts';
import { setRequestLocale } from '../api/client.ts';
import type { CareTag, Locale } from '../api/types.ts';
import { en } from './en.ts';
import { zhCN, type Messages } from './zh-CN.ts';

export type { Locale };
export const locales: Locale[] = ['zh-CN', 'en'];
const storageKey = 'linli.locale';

function careTagLabels(language: 'zh' | 'en'): Record<CareTag, string> {
  return Object.fromEntries(careTagCodes.map((code) => [code, careTags[code][language]])) as Record<CareTag, string>;
}

const resources = {
  'zh-CN': { translation: { ...zhCN, careTags: careTagLabels('zh') } },
  en: { translation: { ...en, careTags: careTagLabels('en') } },
};

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages & { careTags: Record<CareTag, string> } };
  }
}

function storedLocale(): Locale {
  const value = localStorage.getItem(storageKey);
  return value === 'en' ? 'en' : 'zh-CN';
}

function applyLocale(locale: Locale): void {
  setRequestLocale(locale);
  document.documentElement.lang = locale;
}

const initial = storedLocale();
applyLocale(initial);
void i18n.use(initReactI18next).init({
  resources,
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

/** Switches the UI and the language the API answers in, and remembers the choice on this device. */
export async function changeLocale(locale: Locale): Promise<void> {
  localStorage.setItem(storageKey, locale);
  applyLocale(locale);
  await i18n.changeLanguage(locale);
}

/** The language chosen on this device, or null when nobody chose one here yet. */
export function deviceChoice(): Locale | null {
  const value = localStorage.getItem(storageKey);
  return value === 'en' || value === 'zh-CN' ? value : null;
}

export function useLocale(): Locale {
  const { i18n: instance } = useTranslation();
  return instance.language === 'en' ? 'en' : 'zh-CN';
}

/** The label of a code that arrives as data (keys of a count record); an unknown code shows as itself. */
export function labelOf(group: 'careTags' | 'household.occupancies', code: string): string {
  const key = `${group}.${code}`;
  // The key is checked at run time just above, which the typed `t` cannot know.
  return i18n.exists(key) ? i18n.t(key as 'careTags.elder_alone') : code;
}

export { careTagCodes };
