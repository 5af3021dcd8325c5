import { useMemo } from 'react';
import type { CheckupDetail } from '../../api/checkup.ts';
import { useLocale } from '../../i18n/index.ts';

/** The aspects' names and scores, as the chart takes them. */
export function useAspectScores(checkup: CheckupDetail | undefined) {
  const locale = useLocale();
  return useMemo(
    () =>
      checkup?.outline.map((aspect) => {
        const score = checkup.summary.aspects.find((a) => a.code === aspect.code);
        const name = locale === 'en' ? aspect.name.en : aspect.name.zh;
        return { name, score: score?.score ?? null, measured: score?.measured ?? 0, total: score?.total ?? 0 };
      }) ?? [],
    [checkup, locale],
  );
}
