import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadSurveyResponses, useSurvey, useSurveyTransition } from '../../api/surveys.ts';
import type { SurveyView } from '../../api/types.ts';
import { ErrorResult, errorText } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { PageSpin } from '../../components/PageSpin.tsx';
import { PaperEntry } from './PaperEntry.tsx';
import { SurveyBuilder } from './SurveyBuilder.tsx';
import { statusColors } from './statusColors.ts';

// ECharts is large: the results load only when their tab is opened.
const SurveyResults = lazy(() => import('./SurveyResults.tsx'));

/** Publish and close, each after a confirmation saying what it means for residents. */
function Transitions({ survey }: { survey: SurveyView }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const publish = useSurveyTransition('publish');
  const close = useSurveyTransition('close');
  const confirm = (action: typeof publish, title: string, content: string, done: string) =>
    modal.confirm({
      title,
      content,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'survey-confirm' },
      onOk: () =>
        action.mutateAsync(survey.id).then(
          () => void message.success(done),
          (error: unknown) => void message.error(errorText(error)),
        ),
    });
  if (survey.status === 'draft') {
    return (
      <Button type="primary" onClick={() => confirm(publish, t('surveys.publishTitle'), t('surveys.publishConfirm'), t('surveys.published'))} data-testid="survey-publish">
        {t('surveys.publish')}
      </Button>
    );
  }
  if (survey.status === 'published') {
    return (
      <Button danger onClick={() => confirm(close, t('surveys.closeTitle'), t('surveys.closeConfirm'), t('surveys.closed'))} data-testid="survey-close">
        {t('surveys.close')}
      </Button>
    );
  }
  return null;
}

function ExportResponsesButton({ survey }: { survey: SurveyView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = () => {
    setBusy(true);
    downloadSurveyResponses(survey.id)
      .catch((error: unknown) => void message.error(errorText(error)))
      .finally(() => setBusy(false));
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} disabled={survey.responseCount === 0} onClick={run} data-testid="survey-export">
      {t('surveys.export')}
    </Button>
  );
}

/** One survey: its questions (editable while a draft), its results, and typing in paper forms. */
export function SurveyWorkspace({ id, onBack }: { id: number; onBack: () => void }) {
  const { t } = useTranslation();
  const survey = useSurvey(id);
  const [tab, setTab] = useState<string>();
  if (survey.isPending) return <PageSpin />;
  if (survey.isError) return <ErrorResult error={survey.error} onRetry={() => void survey.refetch()} />;
  const data = survey.data;
  const items = [
    { key: 'questions', label: t('surveys.tabs.questions'), children: <SurveyBuilder survey={data} /> },
    {
      key: 'results',
      label: t('surveys.tabs.results'),
      children: (
        <Suspense fallback={<PageSpin />}>
          <SurveyResults survey={data} />
        </Suspense>
      ),
    },
    { key: 'paper', label: t('surveys.tabs.paper'), children: <PaperEntry survey={data} /> },
  ];
  const title = (
    <Flex align="center" gap={8} wrap>
      <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('surveys.back')} />
      <span>{data.title}</span>
      <Tag color={statusColors[data.status]} data-testid="survey-status">
        {t(`surveys.statuses.${data.status}`)}
      </Tag>
      <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal' }}>
        {data.communityName} · {t(`surveys.answerUnits.${data.answerUnit}`)}
      </Typography.Text>
    </Flex>
  );
  return (
    <Page
      title={title}
      extra={
        <>
          <ExportResponsesButton survey={data} />
          <Transitions survey={data} />
        </>
      }
    >
      <Tabs activeKey={tab ?? (data.status === 'draft' ? 'questions' : 'results')} onChange={setTab} items={items} destroyOnHidden />
    </Page>
  );
}
