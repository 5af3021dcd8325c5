import { useCallback } from 'react';
import { useFacilityKinds } from '../api/places.ts';
import { useLocale } from '../i18n/index.ts';

/** A facility kind's name in the UI language, from the standard's kind list the server serves. */
export function useKindLabel(): (code: string) => string {
  const kinds = useFacilityKinds();
  const locale = useLocale();
  return useCallback(
    (code: string) => {
      const kind = kinds.data?.find((item) => item.code === code);
      if (!kind) return code;
      return locale === 'en' ? kind.nameEn : kind.nameZh;
    },
    [kinds.data, locale],
  );
}
