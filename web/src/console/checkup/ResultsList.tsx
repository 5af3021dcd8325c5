import { Card, Collapse, Flex, Grid, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CheckupDetail, ResultView } from '../../api/checkup.ts';
import { useLocale } from '../../i18n/index.ts';
import { Evidence } from './Evidence.tsx';
import { measureTexts, StatusTag, UncertainMark } from './format.tsx';

type Outline = CheckupDetail['outline'];
type Label = Outline[number]['name'];

export function useLabel(): (label: Label) => string {
  const locale = useLocale();
  return (label) => (locale === 'en' ? label.en : label.zh);
}

function ResultHeader({ result }: { result: ResultView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = useLabel();
  const { measured, required } = measureTexts(result, t, locale);
  // On a phone the figures wrap under the name: the verdict leads them, where the eye finds it.
  const narrow = !(Grid.useBreakpoint().md ?? true);
  return (
    <Flex wrap align="center" gap={8} style={{ rowGap: 4 }} data-testid={`result-${result.indicatorCode}`}>
      <Typography.Text strong style={{ flex: '1 1 220px' }}>
        {label(result.name)} {result.uncertain && <UncertainMark source={result.source} />}
      </Typography.Text>
      <Typography.Text type="secondary" style={narrow ? { flexBasis: '100%' } : { flex: '0 1 auto' }}>
        {narrow && <StatusTag status={result.status} />}{' '}
        {result.status !== 'not_measured' && (
          <>
            {t('checkup.results.measured')} <Typography.Text>{measured}</Typography.Text> · {t('checkup.results.required')} {required}
          </>
        )}
      </Typography.Text>
      {!narrow && <StatusTag status={result.status} />}
    </Flex>
  );
}

function ItemResults({ results, action }: { results: ResultView[]; action?: (result: ResultView) => React.ReactNode }) {
  return (
    <Collapse
      size="small"
      items={results.map((result) => {
        const extra = action?.(result);
        return {
          key: result.id,
          label: <ResultHeader result={result} />,
          // A click on the row's button must not also open or close the row.
          extra: extra && (
            <span onClick={(event) => event.stopPropagation()} className="linli-no-print">
              {extra}
            </span>
          ),
          children: <Evidence result={result} />,
        };
      })}
    />
  );
}

/**
 * The results grouped by aspect and item, as the standard lays them out; each row opens on its
 * evidence. Items judged on site (no data indicator) say so.
 */
export function ResultsList({ checkup, action }: { checkup: CheckupDetail; action?: (result: ResultView) => React.ReactNode }) {
  const { t } = useTranslation();
  const label = useLabel();
  const manual = new Set(checkup.summary.manualItems);
  const scores = new Map(checkup.summary.aspects.map((a) => [a.code, a.score]));
  return (
    <Flex vertical gap={12} data-testid="checkup-results">
      {checkup.outline.map((aspect) => {
        const score = scores.get(aspect.code);
        return (
          <Card
            key={aspect.code}
            size="small"
            title={`${aspect.code} ${label(aspect.name)}`}
            extra={<Tag>{score === null || score === undefined ? t('checkup.results.aspectNotMeasured') : t('checkup.results.aspectScore', { score })}</Tag>}
          >
            <Flex vertical gap={12}>
              {aspect.items.map((item) => {
                const own = checkup.results.filter((r) => r.aspectCode === aspect.code && r.itemCode === item.code);
                return (
                  <div key={item.code}>
                    <Flex align="center" gap={8} style={{ marginBottom: 6 }}>
                      <Typography.Text type="secondary">
                        {item.code} {label(item.name)}
                      </Typography.Text>
                      {manual.has(item.code) && <Tag data-testid="manual-item">{t('checkup.results.manual')}</Tag>}
                    </Flex>
                    {own.length > 0 && <ItemResults results={own} action={action} />}
                  </div>
                );
              })}
            </Flex>
          </Card>
        );
      })}
    </Flex>
  );
}
