import { DiffOutlined, DownloadOutlined, FileTextOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Flex, Row, Select, Spin, Tag, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { downloadLedger, useCheckup, useCheckups, useRunCheckup, useStandards, type CheckupDetail, type CheckupView, type ResultView } from '../../api/checkup.ts';
import { useCommunities } from '../../api/places.ts';
import { useAreaScope } from '../../components/AreaFilter.tsx';
import { ErrorAlert, errorText } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { useLocale } from '../../i18n/index.ts';
import { useAspectScores } from './aspects.ts';
import { CheckupSummary } from './CheckupSummary.tsx';
import { CompareModal } from './CompareModal.tsx';
import { dateTimeText } from './format.tsx';
import { ProjectAction } from './ProjectAction.tsx';
import { ResultsList, useLabel } from './ResultsList.tsx';
import './checkup.css';

// ECharts is large: it loads once a run is on screen.
const AspectChart = lazy(() => import('./AspectChart.tsx'));

function CommunitySelect({ value, onChange }: { value: number | undefined; onChange: (id: number | undefined) => void }) {
  const { t } = useTranslation();
  const communities = useCommunities();
  return (
    <Select
      style={{ minWidth: 180 }}
      placeholder={t('checkup.chooseCommunity')}
      loading={communities.isPending}
      value={value}
      onChange={onChange}
      options={communities.data?.map((area) => ({ value: area.id, label: area.name }))}
      aria-label={t('area.community')}
      data-testid="community-select"
    />
  );
}

/** The standard a new run applies: the latest version of each; none chosen means the national standard. */
function StandardSelect({ value, onChange }: { value: number | undefined; onChange: (id: number | undefined) => void }) {
  const { t } = useTranslation();
  const standards = useStandards();
  const latest = new Map<string, NonNullable<typeof standards.data>[number]>();
  for (const standard of standards.data ?? []) if ((latest.get(standard.code)?.version ?? 0) < standard.version) latest.set(standard.code, standard);
  // Nothing to choose while there is only the national standard.
  if (latest.size < 2) return null;
  return (
    <Select
      allowClear
      style={{ minWidth: 200 }}
      placeholder={t('checkup.standardDefault')}
      value={value}
      onChange={onChange}
      options={[...latest.values()].map((s) => ({ value: s.id, label: t('checkup.standardOption', { name: s.name, code: s.code, version: s.version }) }))}
      aria-label={t('checkup.summary.standard')}
      data-testid="standard-select"
      popupMatchSelectWidth={false}
    />
  );
}

function RunSelect({ runs, value, onChange, loading }: { runs: CheckupView[]; value: number | undefined; onChange: (id: number) => void; loading: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const options = runs.map((run) => ({
    value: run.id,
    label: t('checkup.runOption', {
      date: dateTimeText(run.finishedAt, locale),
      standard: run.standard.code,
      version: run.standard.version,
      pass: run.summary.counts.pass,
      partial: run.summary.counts.partial,
      fail: run.summary.counts.fail,
    }),
  }));
  return (
    <Select
      className="linli-run-select"
      placeholder={t('checkup.history')}
      loading={loading}
      value={value}
      onChange={onChange}
      options={options}
      aria-label={t('checkup.history')}
      data-testid="run-select"
      popupMatchSelectWidth={false}
    />
  );
}

function RunResults({ checkup }: { checkup: CheckupDetail }) {
  const { t } = useTranslation();
  const label = useLabel();
  const aspects = useAspectScores(checkup);
  const manualItems = checkup.outline.flatMap((a) => a.items).filter((item) => checkup.summary.manualItems.includes(item.code));
  const action = (result: ResultView) => (result.status === 'fail' || result.status === 'partial' ? <ProjectAction result={result} /> : null);
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('checkup.summary.title')} style={{ height: '100%' }}>
            <CheckupSummary checkup={checkup} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('checkup.chart.title')} style={{ height: '100%' }}>
            <Suspense fallback={<Spin />}>
              <AspectChart aspects={aspects} type="radar" height={300} />
            </Suspense>
          </Card>
        </Col>
      </Row>
      {manualItems.length > 0 && (
        <Alert
          type="info"
          showIcon
          title={t('checkup.results.manualHint')}
          description={
            <Flex wrap gap={4}>
              {manualItems.map((item) => (
                <Tag key={item.code} style={{ marginInlineEnd: 0 }}>{`${item.code} ${label(item.name)}`}</Tag>
              ))}
            </Flex>
          }
          style={{ marginBottom: 16 }}
          data-testid="manual-items"
        />
      )}
      <ResultsList checkup={checkup} action={action} />
    </>
  );
}

/** 导出问题台账, 查看报告, 与上次比较: what one can do with the run on screen. */
function RunActions({ checkup, previousId }: { checkup: CheckupDetail; previousId: number | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [comparing, setComparing] = useState<number>();
  const [exporting, setExporting] = useState(false);
  const exportLedger = async () => {
    setExporting(true);
    try {
      await downloadLedger(checkup.id);
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setExporting(false);
    }
  };
  return (
    <Flex wrap gap={8}>
      <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportLedger()} data-testid="export-ledger">
        {t('checkup.actions.ledger')}
      </Button>
      <Button icon={<FileTextOutlined />} onClick={() => void navigate(`/checkup/${checkup.id}/report`)} data-testid="open-report">
        {t('checkup.actions.report')}
      </Button>
      <Tooltip title={previousId === undefined ? t('checkup.actions.noPrevious') : undefined}>
        <Button icon={<DiffOutlined />} disabled={previousId === undefined} onClick={() => setComparing(previousId)} data-testid="compare-previous">
          {t('checkup.actions.compare')}
        </Button>
      </Tooltip>
      <CompareModal checkupId={checkup.id} beforeId={comparing} onClose={() => setComparing(undefined)} />
    </Flex>
  );
}

/** 运行体检 with the standard to apply; a run takes seconds, then the new run is shown. */
function RunButton({ communityId, run, onDone }: { communityId: number | undefined; run: ReturnType<typeof useRunCheckup>; onDone: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [standardId, setStandardId] = useState<number>();
  const start = () =>
    communityId !== undefined &&
    run.mutate(
      { communityId, standardId },
      {
        onSuccess: (detail) => {
          void message.success(t('checkup.runDone'));
          onDone(detail.id);
        },
      },
    );
  return (
    <Flex wrap gap={8}>
      <StandardSelect value={standardId} onChange={setStandardId} />
      <Button type="primary" icon={<PlayCircleOutlined />} loading={run.isPending} disabled={communityId === undefined} onClick={start} data-testid="run-checkup">
        {t('checkup.run')}
      </Button>
    </Flex>
  );
}

/** 社区体检: run the standard over a community, read its results and their evidence, compare runs. */
export function CheckupPage() {
  const { t } = useTranslation();
  const canRun = hasPermission(useCurrentUser(), 'checkup.run');
  const [scope, setScope] = useAreaScope();
  const [search, setSearch] = useSearchParams();
  const runParam = Number(search.get('run')) || undefined;
  // A link to a run (from its report) shows that run's community.
  const linked = useCheckup(runParam);
  const communityId = scope.communityId ?? linked.data?.communityId;
  const runs = useCheckups(communityId);
  const selectedId = runParam ?? runs.items[0]?.id;
  const checkup = useCheckup(selectedId);
  const position = runs.items.findIndex((item) => item.id === selectedId);
  const previousId = position >= 0 ? runs.items[position + 1]?.id : undefined;
  const run = useRunCheckup();

  const chooseCommunity = (id: number | undefined) => {
    setScope({ communityId: id });
    setSearch({}, { replace: true });
  };
  const chooseRun = (id: number) => setSearch({ run: String(id) }, { replace: true });
  const selected = checkup.data;
  const noRuns = communityId !== undefined && runs.isSuccess && runs.items.length === 0;

  return (
    <Page title={t('nav.checkup')} extra={canRun && <RunButton communityId={communityId} run={run} onDone={chooseRun} />}>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <CommunitySelect value={communityId} onChange={chooseCommunity} />
        {communityId !== undefined && !noRuns && <RunSelect runs={runs.items} value={selectedId} onChange={chooseRun} loading={runs.isPending} />}
        {selected && <RunActions checkup={selected} previousId={previousId} />}
      </Flex>
      {run.isPending && <Alert type="info" showIcon icon={<Spin size="small" />} title={t('checkup.running')} style={{ marginBottom: 16 }} data-testid="checkup-running" />}
      <ErrorAlert error={run.error ?? runs.error ?? checkup.error} />
      {communityId === undefined && <Empty description={t('checkup.noCommunity')} />}
      {noRuns && !run.isPending && (
        <Empty description={t('checkup.noRuns')} data-testid="no-runs">
          {canRun && <Typography.Text type="secondary">{t('checkup.noRunsHint')}</Typography.Text>}
        </Empty>
      )}
      {checkup.isFetching && !selected && <Spin />}
      {selected && <RunResults checkup={selected} />}
    </Page>
  );
}
