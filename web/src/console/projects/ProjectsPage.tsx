import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Empty, Flex, Grid, Input, Progress, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useCommunities } from '../../api/places.ts';
import { downloadProjects, useProjects, type ProjectFilters, type ProjectLevel, type ProjectStatus, type ProjectView } from '../../api/projects.ts';
import { errorText } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { PagedTable } from '../../components/PagedTable.tsx';
import { useLocale } from '../../i18n/index.ts';
import { projectStatusOrder, statusColor, useYuan } from './format.ts';
import { FindingProjectDrawer } from './CreateProjectButton.tsx';
import { ProjectDrawer } from './ProjectDrawer.tsx';
import { ProjectFormDrawer } from './ProjectFormDrawer.tsx';

const levels: ProjectLevel[] = ['community', 'subdistrict', 'district', 'city'];

/** The list's filters; everything empty means all projects in reach. */
function Filters({ value, onChange }: { value: ProjectFilters; onChange: (next: ProjectFilters) => void }) {
  const { t } = useTranslation();
  const communities = useCommunities();
  const set = (patch: ProjectFilters) => onChange({ ...value, ...patch });
  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
      {(communities.data?.length ?? 0) > 1 && (
        <Select<number> allowClear style={{ minWidth: 160 }} placeholder={t('projects.allCommunities')} value={value.communityId}
          onChange={(communityId) => set({ communityId })} options={communities.data?.map((c) => ({ value: c.id, label: c.name }))} />
      )}
      <Select<ProjectLevel> allowClear style={{ minWidth: 120 }} placeholder={t('projects.allLevels')} value={value.level}
        onChange={(level) => set({ level })} options={levels.map((l) => ({ value: l, label: t(`projects.levels.${l}`) }))} data-testid="filter-level" />
      <Select<ProjectStatus> allowClear style={{ minWidth: 140 }} placeholder={t('projects.allStatuses')} value={value.status}
        onChange={(status) => set({ status })} options={projectStatusOrder.map((s) => ({ value: s, label: t(`projects.statuses.${s}`) }))} data-testid="filter-status" />
      <Checkbox checked={value.overdue === true} onChange={(e) => set({ overdue: e.target.checked || undefined })} data-testid="filter-overdue">
        {t('projects.overdueOnly')}
      </Checkbox>
      <Input.Search allowClear placeholder={t('projects.search')} onSearch={(q) => set({ q: q.trim() || undefined })} style={{ width: 220 }} />
    </Flex>
  );
}

function TitleCell({ row }: { row: ProjectView }) {
  const language = useLocale() === 'en' ? 'en' : 'zh';
  return (
    <Flex vertical>
      <Typography.Text strong>{row.title}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{[row.communityName, row.indicatorName?.[language]].filter(Boolean).join(' · ')}</Typography.Text>
    </Flex>
  );
}

function StatusCell({ row }: { row: ProjectView }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap align="center">
      <Tag color={statusColor[row.status]} data-testid="project-status">{t(`projects.statuses.${row.status}`)}</Tag>
      {row.overdue && <Tag color="error" data-testid="overdue-tag">{t('projects.overdue')}</Tag>}
    </Flex>
  );
}

const progressBar = (row: ProjectView) => <Progress percent={row.progressPercent} size="small" style={{ minWidth: 100, margin: 0 }} />;

/** Desktop: a column per fact. Phone: one column, the facts that matter stacked, nothing to scroll sideways. */
function useColumns() {
  const { t } = useTranslation();
  const yuan = useYuan();
  const wide = Grid.useBreakpoint().md ?? true;
  if (!wide) {
    return [{
      key: 'project', title: t('projects.fields.title'),
      render: (_: unknown, row: ProjectView) => (
        <Flex vertical gap={4}>
          <TitleCell row={row} />
          <StatusCell row={row} />
          {progressBar(row)}
        </Flex>
      ),
    }];
  }
  return [
    { key: 'title', title: t('projects.fields.title'), render: (_: unknown, row: ProjectView) => <TitleCell row={row} /> },
    { key: 'level', title: t('projects.fields.level'), render: (_: unknown, row: ProjectView) => <Tag>{t(`projects.levels.${row.level}`)}</Tag> },
    { key: 'unit', title: t('projects.fields.responsibleUnit'), dataIndex: 'responsibleUnit' },
    { key: 'status', title: t('projects.fields.status'), render: (_: unknown, row: ProjectView) => <StatusCell row={row} /> },
    { key: 'progress', title: t('projects.fields.progress'), render: (_: unknown, row: ProjectView) => progressBar(row) },
    { key: 'end', title: t('projects.fields.plannedEnd'), render: (_: unknown, row: ProjectView) => row.plannedEnd ?? t('common.none') },
    { key: 'budget', title: t('projects.fields.budget'), align: 'right' as const, render: (_: unknown, row: ProjectView) => yuan(row.budgetYuan) },
  ];
}

function ExportButton({ filters }: { filters: ProjectFilters }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = () => {
    setBusy(true);
    const { limit: _limit, ...query } = filters;
    downloadProjects(query).catch((error: unknown) => void message.error(errorText(error))).finally(() => setBusy(false));
  };
  return <Button icon={<DownloadOutlined />} loading={busy} onClick={run} data-testid="projects-export">{t('projects.export')}</Button>;
}

const idParam = (params: URLSearchParams, name: string) => {
  const value = Number(params.get(name));
  return Number.isInteger(value) && value > 0 ? value : undefined;
};

/**
 * 补短板项目: the list with its filters, a project's drawer (`?project=<id>`), and the create form,
 * blank or for a checkup finding (`?fromFinding=<resultId>`).
 */
export function ProjectsPage() {
  const { t } = useTranslation();
  const canWrite = hasPermission(useCurrentUser(), 'projects.write');
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<ProjectFilters>({});
  const [creating, setCreating] = useState(false);
  const list = useProjects(filters);
  const columns = useColumns();
  const openProject = (id: number | undefined) => setParams(id === undefined ? {} : { project: String(id) });
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const empty = (
    <Empty description={filtered ? t('projects.emptyFiltered') : t('projects.empty')} data-testid="projects-empty" />
  );
  const newButton = canWrite && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="project-new">{t('projects.new')}</Button>
  );
  return (
    <Page title={t('nav.projects')} extra={<>{newButton}<ExportButton filters={filters} /></>}>
      <Filters value={filters} onChange={setFilters} />
      <PagedTable<ProjectView> list={list} columns={columns} locale={{ emptyText: empty }}
        onRow={(row) => ({ onClick: () => openProject(row.id), style: { cursor: 'pointer' } })} />
      <ProjectDrawer projectId={idParam(params, 'project')} onClose={() => openProject(undefined)} />
      <ProjectFormDrawer open={creating} onClose={() => setCreating(false)} onCreated={(project) => openProject(project.id)} />
      <FindingProjectDrawer findingId={idParam(params, 'fromFinding')} onClose={() => setParams({})} onCreated={(project) => openProject(project.id)} />
    </Page>
  );
}
