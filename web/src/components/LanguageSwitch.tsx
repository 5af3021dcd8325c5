import { useQueryClient } from '@tanstack/react-query';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLocale, locales, useLocale, type Locale } from '../i18n/index.ts';

/** Switches the language and refetches, so that what the server words (errors, kind names) follows. */
export function useSwitchLocale(): (next: Locale) => Promise<void> {
  const queryClient = useQueryClient();
  return async (next) => {
    await changeLocale(next);
    await queryClient.invalidateQueries();
  };
}

/** 中 | EN in the console header. */
export function LanguageSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const switchLocale = useSwitchLocale();
  return (
    <Segmented<Locale>
      size={size}
      value={locale}
      onChange={(next) => void switchLocale(next)}
      aria-label={t('language.label')}
      options={locales.map((value) => ({ value, label: t(`language.short.${value}`) }))}
    />
  );
}
