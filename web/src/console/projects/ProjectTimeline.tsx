import { Flex, Image, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { photoUrl, type ProjectDetail, type ProjectEventView } from '../../api/projects.ts';
import { projectsZhCN } from '../../i18n/projects.zh-CN.ts';
import { formatMoment, projectStatusOrder } from './format.ts';

type ChangedField = keyof typeof projectsZhCN.projects.changed;
const isChangedField = (field: string): field is ChangedField => Object.hasOwn(projectsZhCN.projects.changed, field);

const isStepBack = (e: ProjectEventView) =>
  e.kind === 'status' && e.fromStatus !== null && e.toStatus !== null && projectStatusOrder.indexOf(e.toStatus) < projectStatusOrder.indexOf(e.fromStatus);

function colorOf(e: ProjectEventView): string {
  if (e.kind === 'accepted') return 'green';
  if (isStepBack(e)) return 'red';
  return e.kind === 'status' || e.kind === 'created' ? 'blue' : 'gray';
}

/** What happened, in a line: the step taken, the fields changed, a note. */
function useHeadline() {
  const { t } = useTranslation();
  const status = (s: ProjectEventView['toStatus']) => (s ? t(`projects.statuses.${s}`) : '');
  return (e: ProjectEventView): string => {
    if (e.kind === 'status') return t(isStepBack(e) ? 'projects.events.back' : 'projects.events.status', { from: status(e.fromStatus), to: status(e.toStatus) });
    if (e.kind === 'edited') {
      const fields = e.fields.map((f) => (isChangedField(f) ? t(`projects.changed.${f}`) : f));
      return t('projects.events.edited', { fields: fields.join(t('projects.events.separator')) });
    }
    return t(`projects.events.${e.kind}`);
  };
}

function Photos({ projectId, event }: { projectId: number; event: ProjectEventView }) {
  if (!event.photos.length) return null;
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap style={{ marginTop: 8 }}>
        {event.photos.map((photo) => (
          <Image key={photo.id} src={photoUrl(projectId, photo.id)} width={96} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} data-testid="timeline-photo" />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

/** 项目进展: every step, edit, note and the acceptance, newest first, with who and when. */
export function ProjectTimeline({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const headline = useHeadline();
  const items = [...project.timeline].reverse().map((event) => ({
    key: event.id,
    color: colorOf(event),
    content: (
      <div data-testid={`timeline-${event.kind}`}>
        <Typography.Text strong>{headline(event)}</Typography.Text>
        {event.progressPercent !== null && event.kind !== 'accepted' && (
          <Typography.Text type="secondary"> · {t('projects.events.progress', { percent: event.progressPercent })}</Typography.Text>
        )}
        {event.body && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{event.body}</Typography.Paragraph>}
        <Photos projectId={project.id} event={event} />
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatMoment(event.at)} · {event.actorName}
          </Typography.Text>
        </div>
      </div>
    ),
  }));
  return <Timeline items={items} data-testid="project-timeline" />;
}
