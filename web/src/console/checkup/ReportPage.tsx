import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Grid, Progress, Spin, Table, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
// Plain label data beside the projects schema, as the care tags are: no server code comes with it.
import { labelsIn, projectLevelLabels, projectStatusLabels } from '../../../../src/projects/labels.ts';
import { useCheckup, useCheckupAccess, type CheckupDetail, type CheckupStatus, type ResultView } from '../../api/checkup.ts';
import { useProjects, type ProjectView } from '../../api/projects.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { PageSpin } from '../../components/PageSpin.tsx';
import { useKindLabel } from '../../components/useKindLabel.ts';
import { useLocale } from '../../i18n/index.ts';
import { AccessMap } from './AccessMap.tsx';
import { useAspectScores } from './aspects.ts';
import { CheckupSummary } from './CheckupSummary.tsx';
import { evidenceLine } from './Evidence.tsx';
import { dateText, dateTimeText, measureTexts, StatusTag, UncertainMark } from './format.tsx';
import { useLabel } from './ResultsList.tsx';
import './report.css';

const AspectChart = lazy(() => import('./AspectChart.tsx'));

const statusOrder: Record<CheckupStatus, number> = { fail: 0, partial: 1, pass: 2, not_measured: 3 };

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="linli-report-section">
      <Typography.Title level={5}>{title}</Typography.Title>
      {children}
    </section>
  );
}

function FindingsTable({ checkup }: { checkup: CheckupDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = useLabel();
  const kindLabel = useKindLabel();
  // A phone has room for one column: each finding reads top to bottom.
  const narrow = !(Grid.useBreakpoint().sm ?? true);
  const items = new Map(checkup.outline.flatMap((a) => a.items).map((item) => [item.code, item]));
  // Problems first, then the rest in the standard's order (the sort is stable).
  const rows = [...checkup.results].sort((a, b) => statusOrder[a.status] - statusOrder[b.status]);
  const indicator = (row: ResultView) => {
    const item = items.get(row.itemCode);
    return (
      <>
        <div>
          {label(row.name)} {row.uncertain && <UncertainMark source={row.source} />}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item ? `${item.code} ${label(item.name)}` : row.itemCode}
        </Typography.Text>
      </>
    );
  };
  const measure = (row: ResultView) => {
    if (row.status === 'not_measured') return t('common.none');
    const { measured, required } = measureTexts(row, t, locale);
    return (
      <>
        <div>{measured}</div>
        <Typography.Text type="secondary">{required}</Typography.Text>
      </>
    );
  };
  const columns = narrow
    ? [
        {
          key: 'finding',
          title: t('checkup.report.findings'),
          render: (_: unknown, row: ResultView) => (
            <Flex vertical gap={4}>
              <Flex justify="space-between" gap={8} align="start">
                <div>{indicator(row)}</div>
                <StatusTag status={row.status} />
              </Flex>
              {row.status !== 'not_measured' && (
                <Typography.Text type="secondary">
                  {t('checkup.results.measured')} <Typography.Text>{measureTexts(row, t, locale).measured}</Typography.Text> · {t('checkup.results.required')}{' '}
                  {measureTexts(row, t, locale).required}
                </Typography.Text>
              )}
              <Typography.Text>{evidenceLine(row, t, kindLabel)}</Typography.Text>
            </Flex>
          ),
        },
      ]
    : [
        { key: 'indicator', title: t('checkup.report.indicator'), width: '30%', render: (_: unknown, row: ResultView) => indicator(row) },
        { key: 'status', title: t('checkup.report.status'), width: 84, render: (_: unknown, row: ResultView) => <StatusTag status={row.status} /> },
        { key: 'measure', title: t('checkup.report.measure'), width: 120, render: (_: unknown, row: ResultView) => measure(row) },
        { key: 'evidence', title: t('checkup.report.evidence'), render: (_: unknown, row: ResultView) => evidenceLine(row, t, kindLabel) },
      ];
  return <Table<ResultView> rowKey="id" size="small" tableLayout="fixed" showHeader={!narrow} columns={columns} dataSource={rows} pagination={false} data-testid="report-findings" />;
}

function ProjectsTable({ communityId }: { communityId: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const projects = useProjects({ communityId, limit: 100 });
  const language = locale === 'en' ? 'en' : 'zh';
  const levels = useMemo(() => labelsIn(projectLevelLabels, language), [language]);
  const statuses = useMemo(() => labelsIn(projectStatusLabels, language), [language]);
  if (projects.isError) return <Typography.Text type="secondary">{t('checkup.report.projectsUnavailable')}</Typography.Text>;
  const none = t('common.none');
  const columns = [
    { key: 'title', title: t('checkup.report.project'), dataIndex: 'title' },
    { key: 'level', title: t('checkup.report.level'), render: (_: unknown, row: ProjectView) => levels[row.level] },
    { key: 'status', title: t('checkup.report.projectStatus'), render: (_: unknown, row: ProjectView) => statuses[row.status] },
    { key: 'plannedEnd', title: t('checkup.report.plannedEnd'), render: (_: unknown, row: ProjectView) => row.plannedEnd ?? none },
    { key: 'progress', title: t('checkup.report.progress'), render: (_: unknown, row: ProjectView) => <Progress percent={row.progressPercent} size="small" style={{ minWidth: 90 }} /> },
    { key: 'unit', title: t('checkup.report.responsibleUnit'), dataIndex: 'responsibleUnit' },
  ];
  return (
    <Table<ProjectView>
      rowKey="id"
      size="small"
      loading={projects.isLoading}
      columns={columns}
      dataSource={projects.items}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('checkup.report.noProjects')} /> }}
    />
  );
}

function Report({ checkup }: { checkup: CheckupDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = useLabel();
  const access = useCheckupAccess(checkup.id);
  const aspects = useAspectScores(checkup);
  const manualItems = checkup.outline.flatMap((a) => a.items).filter((item) => checkup.summary.manualItems.includes(item.code));
  return (
    <article className="linli-report-paper" data-testid="checkup-report">
      <header className="linli-report-header">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {checkup.communityName} · {t('checkup.report.title')}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('checkup.report.meta', {
            date: dateText(checkup.finishedAt, locale),
            standard: checkup.standard.name,
            version: checkup.standard.version,
          })}
        </Typography.Text>
      </header>
      <Section title={t('checkup.summary.title')}>
        <CheckupSummary checkup={checkup} />
      </Section>
      <Section title={t('checkup.report.map')}>
        {access.isPending ? <Spin /> : access.data && <AccessMap communityId={checkup.communityId} access={access.data} />}
      </Section>
      <Section title={t('checkup.chart.title')}>
        <Suspense fallback={<Spin />}>
          <AspectChart aspects={aspects} type="bar" height={Math.max(180, aspects.length * 36)} />
        </Suspense>
      </Section>
      <Section title={t('checkup.report.findings')}>
        <FindingsTable checkup={checkup} />
        {manualItems.length > 0 && (
          <Typography.Paragraph style={{ marginTop: 8 }}>
            {t('checkup.results.manualHint')} {manualItems.map((item) => `${item.code} ${label(item.name)}`).join(t('checkup.evidence.sizeSeparator'))}
          </Typography.Paragraph>
        )}
      </Section>
      <Section title={t('checkup.report.projects')}>
        <ProjectsTable communityId={checkup.communityId} />
      </Section>
      <Typography.Text type="secondary" className="linli-report-footer">
        {t('checkup.report.generatedAt', { date: dateTimeText(new Date().toISOString(), locale) })}
      </Typography.Text>
    </article>
  );
}

/** 体检报告: one run, printable on A4 (the browser's print to PDF makes the PDF). */
export default function ReportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id) || undefined;
  const checkup = useCheckup(id);
  if (checkup.isPending) return <PageSpin />;
  if (checkup.isError) return <ErrorResult error={checkup.error} onRetry={() => void checkup.refetch()} />;
  return (
    <div className="linli-page linli-report">
      <Flex justify="space-between" wrap gap={8} className="linli-no-print linli-report-actions">
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(`/checkup?run=${checkup.data.id}`)} data-testid="report-back">
          {t('checkup.report.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="report-print">
          {t('checkup.report.print')}
        </Button>
      </Flex>
      <Report checkup={checkup.data} />
    </div>
  );
}
