import { Card, Col, Empty, Flex, Input, List, Row, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { suggestedIndicators, type SuggestedIndicator } from '../../../../src/surveys/indicators.ts';
import { useSurveyResults, useTextAnswers } from '../../api/surveys.ts';
import type { QuestionResult, SurveyView } from '../../api/types.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { PageSpin } from '../../components/PageSpin.tsx';
import { LoadMoreFooter } from '../../components/PagedTable.tsx';
import { useLocale } from '../../i18n/index.ts';
import { CountChart } from './CountChart.tsx';

/** The answers to a text question, newest first, searchable, page by page. */
function TextAnswers({ surveyId, questionKey }: { surveyId: number; questionKey: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [q, setQ] = useState('');
  const list = useTextAnswers(surveyId, { questionKey, q: q || undefined, limit: 20 });
  return (
    <>
      <Input.Search allowClear placeholder={t('surveys.searchText')} onSearch={(value) => setQ(value.trim())} style={{ maxWidth: 280, marginBottom: 8 }} />
      <List
        size="small"
        loading={list.isLoading}
        dataSource={list.items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('surveys.noAnswers')} /> }}
        footer={list.items.length > 0 && <LoadMoreFooter list={list} />}
        renderItem={(answer) => (
          <List.Item extra={<Typography.Text type="secondary">{new Date(answer.createdAt).toLocaleDateString(locale)}</Typography.Text>}>
            {answer.text} {answer.channel === 'paper' && <Tag>{t('surveys.paper')}</Tag>}
          </List.Item>
        )}
      />
    </>
  );
}

const isSuggested = (code: string): code is SuggestedIndicator => (suggestedIndicators as readonly string[]).includes(code);

/** An indicator's name for the codes the builder offers; any other code shows as typed. */
function useIndicatorName(): (code: string) => string {
  const { t } = useTranslation();
  return (code) => (isSuggested(code) ? t(`surveys.indicators.${code}`) : code);
}

/** The mean of a scale and the 0–100 score of a question that feeds a checkup indicator. */
function Figures({ result }: { result: QuestionResult }) {
  const { t } = useTranslation();
  const indicatorName = useIndicatorName();
  if (result.mean === null && !result.feeds) return null;
  return (
    <Flex gap={32} wrap style={{ marginBottom: 8 }}>
      {result.mean !== null && <Statistic title={t('surveys.mean')} value={result.mean} precision={2} />}
      {result.feeds && (
        <Statistic
          title={<Tag color="purple">{t('surveys.scoreBasis', { indicator: indicatorName(result.feeds), count: result.scoreResponses })}</Tag>}
          value={result.score ?? '—'}
          suffix={result.score === null ? undefined : '/ 100'}
          data-testid="indicator-score"
        />
      )}
    </Flex>
  );
}

function QuestionCardResult({ surveyId, index, result }: { surveyId: number; index: number; result: QuestionResult }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      // Questions are long: let them wrap rather than end in an ellipsis.
      title={<span style={{ whiteSpace: 'normal' }}>{`${index + 1}. ${result.label}`}</span>}
      extra={<Typography.Text type="secondary">{t(`surveys.types.${result.type}`)} · {t('surveys.answered', { count: result.answered })}</Typography.Text>}
      data-testid="question-result"
    >
      <Figures result={result} />
      {result.type === 'text' ? (
        <TextAnswers surveyId={surveyId} questionKey={result.key} />
      ) : (
        <CountChart items={result.options} horizontal={result.type !== 'scale'} />
      )}
    </Card>
  );
}

/** 统计结果: responses by channel, then each question's counts, mean and indicator score. Loaded lazily (ECharts). */
export default function SurveyResults({ survey }: { survey: SurveyView }) {
  const { t } = useTranslation();
  const results = useSurveyResults(survey.id);
  if (results.isPending) return <PageSpin />;
  if (results.isError) return <ErrorResult error={results.error} onRetry={() => void results.refetch()} />;
  const { responses, questions } = results.data;
  return (
    <Flex vertical gap={16} style={{ maxWidth: 1080 }}>
      <Row gutter={16}>
        {(['total', 'online', 'paper'] as const).map((key) => (
          <Col key={key} xs={8}>
            <Card size="small">
              <Statistic title={t(key === 'total' ? 'surveys.responses' : `surveys.${key}`)} value={responses[key]} data-testid={`responses-${key}`} />
            </Card>
          </Col>
        ))}
      </Row>
      {responses.total === 0 ? (
        <Card>
          <Empty description={t('surveys.noResponses')} data-testid="results-empty" />
        </Card>
      ) : (
        questions.map((result, index) => <QuestionCardResult key={result.key} surveyId={survey.id} index={index} result={result} />)
      )}
    </Flex>
  );
}
