import { Badge, ErrorBlock, List, Tag } from 'antd-mobile';
import { FileOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../api/client.ts';
import { useMySurveys } from '../api/surveys.ts';
import { MobileError, MobileLoading, NotBound } from './MobileStates.tsx';

/** On 我的家: the way to the community's surveys, with how many wait for an answer. */
export function SurveysEntry() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const surveys = useMySurveys();
  if (!surveys.isSuccess) return null;
  const pending = surveys.data.filter((s) => !s.answered).length;
  return (
    <List>
      <List.Item
        prefix={<FileOutline fontSize={22} color="var(--adm-color-primary)" />}
        extra={pending ? <Badge content={t('mySurveys.entryPending', { count: pending })} /> : t('mySurveys.entryNone')}
        onClick={() => navigate('/m/surveys')}
        data-testid="surveys-entry"
      >
        {t('mySurveys.entry')}
      </List.Item>
    </List>
  );
}

/** 居民问卷: the surveys open in my community, those still to answer first. */
export function MySurveysPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const surveys = useMySurveys();
  if (surveys.isPending) return <MobileLoading />;
  if (isApiError(surveys.error, 'NOT_BOUND_TO_HOUSEHOLD')) return <NotBound />;
  if (surveys.isError) return <MobileError error={surveys.error} onRetry={() => void surveys.refetch()} />;
  if (!surveys.data.length) return <ErrorBlock status="empty" title={t('mySurveys.empty')} description="" data-testid="my-surveys-empty" />;
  const ordered = [...surveys.data].sort((a, b) => Number(a.answered) - Number(b.answered));
  return (
    <List header={t('mySurveys.title')}>
      {ordered.map((survey) => (
        <List.Item
          key={survey.id}
          onClick={() => navigate(`/m/surveys/${survey.id}`)}
          description={`${t('mySurveys.questions', { count: survey.questionCount })} · ${t(`surveys.answerUnits.${survey.answerUnit}`)}`}
          extra={survey.answered ? <Tag color="success">{t('mySurveys.answered')}</Tag> : <Tag color="primary">{t('mySurveys.toAnswer')}</Tag>}
          data-testid="my-survey"
        >
          {survey.title}
        </List.Item>
      ))}
    </List>
  );
}
