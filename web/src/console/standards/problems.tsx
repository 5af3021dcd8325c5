import { Alert } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { StandardDocument } from '../../api/checkup.ts';
import { isApiError } from '../../api/client.ts';
import { useLocale } from '../../i18n/index.ts';

/** One place the server found wrong, with its path inside the document (`aspects.0.items.1.indicators.0.maxDistanceM`). */
export interface Problem {
  path: string;
  message: string;
}

/**
 * The problems of a failed save, their paths made relative to what was sent: the schema says
 * `body.document.aspects.0…`, the standard's own rules `aspects.0…`, the mapping rules `rules.0…`.
 */
export function problemsOf(error: unknown): Problem[] {
  if (!isApiError(error)) return [];
  return error.details.map((detail) => ({
    path: (detail.path ?? '').replace(/^body\./, '').replace(/^document\./, ''),
    message: detail.message,
  }));
}

/** The indicator a path points into, as "aspects.A.items.I.indicators.N", and the field after it. */
export function indicatorOf(path: string): { key: string; field: string } | null {
  const match = /^aspects\.(\d+)\.items\.(\d+)\.indicators\.(\d+)(?:\.([A-Za-z]+))?/.exec(path);
  return match ? { key: `${match[1]}.${match[2]}.${match[3]}`, field: match[4] ?? '' } : null;
}

export const indicatorKey = (a: number, i: number, n: number) => `${a}.${i}.${n}`;

type Label = { zh: string; en: string };
const fieldKeys = ['maxDistanceM', 'minAreaM2', 'amount', 'perHouseholds', 'minCount', 'minScore', 'passShare', 'partialShare', 'population', 'measure'] as const;
type FieldKey = (typeof fieldKeys)[number];
export const isFieldKey = (field: string): field is FieldKey => (fieldKeys as readonly string[]).includes(field);

/** Where a path is, in the words of the document itself: aspect › item › indicator › field. */
export function describePath(path: string, document: StandardDocument | undefined, t: TFunction, en: boolean): string {
  const label = (name: Label | undefined) => (name ? (en ? name.en : name.zh) : undefined);
  const parts = path.split('.');
  const words: string[] = [];
  const aspect = parts[0] === 'aspects' ? document?.aspects?.[Number(parts[1])] : undefined;
  if (aspect) words.push(`${aspect.code} ${label(aspect.name) ?? ''}`);
  const item = parts[2] === 'items' ? aspect?.items?.[Number(parts[3])] : undefined;
  if (item) words.push(`${item.code} ${label(item.name) ?? ''}`);
  const indicator = parts[4] === 'indicators' ? item?.indicators?.[Number(parts[5])] : undefined;
  if (indicator) words.push(label(indicator.name) ?? indicator.code);
  const rest = parts.slice(indicator ? 6 : item ? 4 : aspect ? 2 : 0);
  if (rest.length) {
    const [field, ...more] = rest;
    words.push([isFieldKey(field) ? `${t(`standards.fields.${field}`)} (${field})` : field, ...more].join('.'));
  }
  return words.join(' › ') || path;
}

/** Every problem of a save, each naming where it is. */
export function ProblemList({ error, document, describe }: { error: unknown; document?: StandardDocument; describe?: (path: string) => string }) {
  const { t } = useTranslation();
  const en = useLocale() === 'en';
  if (!error) return null;
  const problems = problemsOf(error);
  const where = describe ?? ((path: string) => describePath(path, document, t, en));
  return (
    <Alert
      type="error"
      showIcon
      title={isApiError(error) ? error.message : String(error)}
      description={
        problems.length > 0 && (
          <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="standard-problems">
            {problems.map((problem, index) => (
              <li key={index}>{problem.path ? t('standards.errorAt', { where: where(problem.path), message: problem.message }) : problem.message}</li>
            ))}
          </ul>
        )
      }
      style={{ marginBottom: 12 }}
    />
  );
}
