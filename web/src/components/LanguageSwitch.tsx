import { useQueryClient } from '@tanstack/react-query';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { meKey } from '../api/auth.ts';
import { api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { changeLocale, locales, useLocale, type Locale } from '../i18n/index.ts';

/**
 * Switches the language and refetches, so that what the server words (errors, kind names) follows;
 * a signed-in user's choice is kept on their account, for their other devices and their notifications.
 */
export function useSwitchLocale(): (next: Locale) => Promise<void> {
  const queryClient = useQueryClient();
  return async (next) => {
    await changeLocale(next);
    if (queryClient.getQueryData<Me | null>(meKey)) queryClient.setQueryData(meKey, await api.patch<Me>('/api/auth/me', { locale: next }));
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
