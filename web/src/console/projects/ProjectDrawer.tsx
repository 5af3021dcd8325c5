import { Alert, Descriptions, Drawer, Flex, Grid, Progress, Spin, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useProject, type ProjectDetail } from '../../api/projects.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { useLocale } from '../../i18n/index.ts';
import { useDrawerSize } from '../drawers/useDrawerSize.ts';
import { formatMoment, projectStatusOrder, statusColor, useYuan } from './format.ts';
import { NoteForm } from './NoteForm.tsx';
import { ProjectFormDrawer } from './ProjectFormDrawer.tsx';
import { ProjectTimeline } from './ProjectTimeline.tsx';
import { StatusActions } from './StatusActions.tsx';

/** Where the project stands: the six steps on a wide screen, the current one as a tag on a phone. */
function StatusSteps({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md ?? true;
  const current = projectStatusOrder.indexOf(project.status);
  if (!wide) {
    return (
      <Flex gap={8} align="center" style={{ marginBottom: 16 }} data-testid="project-steps">
        <Tag color={statusColor[project.status]}>{t(`projects.statuses.${project.status}`)}</Tag>
        <Typography.Text type="secondary">{t('projects.detail.stepOf', { n: current + 1, total: projectStatusOrder.length })}</Typography.Text>
      </Flex>
    );
  }
  return (
    <Steps
      size="small"
      current={current}
      status={project.status === 'accepted' ? 'finish' : 'process'}
      items={projectStatusOrder.map((status) => ({ key: status, title: t(`projects.statuses.${status}`) }))}
      style={{ marginBottom: 16 }}
      data-testid="project-steps"
    />
  );
}

function Facts({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const language = useLocale() === 'en' ? 'en' : 'zh';
  const yuan = useYuan();
  const none = t('common.none');
  const funding = project.funding.length
    ? project.funding.map((f) => `${t(`projects.sources.${f.source}`)} ${yuan(f.amountYuan)}`).join(t('projects.events.separator'))
    : t('projects.detail.noFunding');
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 16 }}>
      <Descriptions.Item label={t('projects.fields.community')}>{project.communityName}</Descriptions.Item>
      <Descriptions.Item label={t('projects.fields.indicator')}>{project.indicatorName?.[language] ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('projects.fields.level')}>{t(`projects.levels.${project.level}`)}</Descriptions.Item>
      <Descriptions.Item label={t('projects.fields.responsibleUnit')}>
        {project.responsibleUnit}
        {project.departmentName && project.departmentName !== project.responsibleUnit ? ` · ${project.departmentName}` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('projects.fields.budget')}>{yuan(project.budgetYuan)}</Descriptions.Item>
      <Descriptions.Item label={t('projects.fields.funding')}>{funding}</Descriptions.Item>
      <Descriptions.Item label={t('projects.fields.plannedStart')}>{project.plannedStart ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('projects.fields.plannedEnd')}>
        {project.plannedEnd ?? none} {project.overdue && <Tag color="error">{t('projects.overdue')}</Tag>}
      </Descriptions.Item>
      <Descriptions.Item label={t('projects.fields.progress')}>
        <Progress percent={project.progressPercent} size="small" style={{ minWidth: 120, margin: 0 }} />
      </Descriptions.Item>
      {project.acceptedAt && (
        <Descriptions.Item label={t('projects.fields.acceptedBy')}>
          {project.acceptedBy} · {formatMoment(project.acceptedAt)}
        </Descriptions.Item>
      )}
      {project.acceptanceNote && <Descriptions.Item label={t('projects.fields.acceptanceNote')}>{project.acceptanceNote}</Descriptions.Item>}
      {project.description && (
        <Descriptions.Item label={t('projects.fields.description')} span="filled">
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{project.description}</Typography.Text>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** One project: where it stands, what can be done next, and its timeline with photos. */
export function ProjectDrawer({ projectId, onClose }: { projectId: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const size = useDrawerSize(760);
  const canWrite = hasPermission(useCurrentUser(), 'projects.write');
  const [editing, setEditing] = useState(false);
  const query = useProject(projectId);
  const project = query.data;
  return (
    <Drawer open={projectId !== undefined} onClose={onClose} size={size} title={project?.title} destroyOnHidden data-testid="project-drawer">
      {query.isPending && <Spin />}
      {query.isError && <ErrorResult error={query.error} onRetry={() => void query.refetch()} />}
      {project && (
        <>
          <StatusSteps project={project} />
          <Facts project={project} />
          {project.status === 'accepted' && <Alert type="success" showIcon title={t('projects.detail.final')} style={{ marginBottom: 16 }} />}
          <StatusActions project={project} onEdit={() => setEditing(true)} />
          {canWrite && project.status !== 'accepted' && <NoteForm project={project} />}
          <Typography.Title level={5}>{t('projects.detail.timeline')}</Typography.Title>
          <ProjectTimeline project={project} />
          <ProjectFormDrawer open={editing} project={project} onClose={() => setEditing(false)} />
        </>
      )}
    </Drawer>
  );
}
