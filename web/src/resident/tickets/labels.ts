import { useLocale } from '../../i18n/index.ts';

/** The language of `{ zh, en }` labels that arrive as data (category names). */
export function useLabelLanguage(): 'zh' | 'en' {
  return useLocale() === 'en' ? 'en' : 'zh';
}
