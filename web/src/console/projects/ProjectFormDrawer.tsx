import { Alert, AutoComplete, Form, Input, InputNumber, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommunities } from '../../api/places.ts';
import {
  useCreateProject, useDepartments, useUpdateProject, type FindingView, type FundingEntry, type ProjectCreate, type ProjectDetail, type ProjectLevel,
} from '../../api/projects.ts';
import { useLocale } from '../../i18n/index.ts';
import { changedFields, filledFields } from '../forms/changes.ts';
import { FormDrawer } from '../forms/FormDrawer.tsx';
import { useSaveFlow } from '../forms/useSaveFlow.ts';
import { FundingFields } from './FundingFields.tsx';

const levels: ProjectLevel[] = ['community', 'subdistrict', 'district', 'city'];
const fieldOfCode = { FUNDING_EXCEEDS_BUDGET: 'budgetYuan', DEPARTMENT_NOT_FOUND: 'departmentId' } as const;

interface Values {
  communityId?: number;
  title: string;
  level: ProjectLevel;
  responsibleUnit: string;
  departmentId?: number | null;
  budgetYuan?: number | null;
  funding?: Partial<FundingEntry>[];
  plannedStart?: string;
  plannedEnd?: string;
  description?: string;
}

/** Only the funding lines filled in both halves; an empty line added by mistake is not sent. */
const fundingOf = (values: Values): FundingEntry[] =>
  (values.funding ?? []).filter((f): f is FundingEntry => f?.source !== undefined && f.amountYuan !== undefined && f.amountYuan !== null);

function initialValues(project: ProjectDetail | undefined, defaultTitle: string | undefined, communityId: number | undefined): Partial<Values> {
  if (!project) return { communityId, title: defaultTitle, level: 'community', funding: [] };
  return {
    title: project.title, level: project.level, responsibleUnit: project.responsibleUnit, departmentId: project.departmentId,
    budgetYuan: project.budgetYuan, funding: project.funding, plannedStart: project.plannedStart ?? undefined,
    plannedEnd: project.plannedEnd ?? undefined, description: project.description,
  };
}

/** What the form sends when editing: the fields that changed, with funding compared line by line. */
function changesOf(project: ProjectDetail, values: Values) {
  const { funding: _f, communityId: _c, ...rest } = values;
  const before = {
    title: project.title, level: project.level, responsibleUnit: project.responsibleUnit, departmentId: project.departmentId, budgetYuan: project.budgetYuan,
    plannedStart: project.plannedStart, plannedEnd: project.plannedEnd, description: project.description,
  };
  const changes: Record<string, unknown> = changedFields(before as Record<string, unknown>, rest as Record<string, unknown>);
  const funding = fundingOf(values);
  if (JSON.stringify(funding) !== JSON.stringify(project.funding)) changes.funding = funding;
  if ('description' in changes && changes.description === null) changes.description = '';
  return changes;
}

interface ProjectFormDrawerProps {
  open: boolean;
  onClose: () => void;
  /** Editing this project; without it, a new one. */
  project?: ProjectDetail;
  /** A new project for this finding: its community and indicator come from it. */
  finding?: FindingView;
  defaultTitle?: string;
  onCreated?: (project: ProjectDetail) => void;
}

/** How many times the drawer has been opened: each opening gets a form of its own. */
function useOpenings(open: boolean): number {
  const [openings, setOpenings] = useState(open ? 1 : 0);
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setOpenings(openings + 1);
  }
  return openings;
}

/**
 * 新建补短板项目 (for a finding or a community), or 编辑项目. Each opening mounts a new form (and form
 * instance), so it starts from its own initial values: `clearOnDestroy` would clear them again under
 * React's StrictMode, which mounts every component twice in development.
 */
export function ProjectFormDrawer(props: ProjectFormDrawerProps) {
  return <ProjectFormBody key={useOpenings(props.open)} {...props} />;
}

function ProjectFormBody({ open, onClose, project, finding, defaultTitle, onCreated }: ProjectFormDrawerProps) {
  const { t } = useTranslation();
  const language = useLocale() === 'en' ? 'en' : 'zh';
  const [form] = Form.useForm<Values>();
  const create = useCreateProject();
  const update = useUpdateProject();
  const communities = useCommunities();
  const departments = useDepartments();
  const mutation = project ? update : create;
  const { close, callbacks, unchanged } = useSaveFlow({
    form, editing: Boolean(project), addedMessage: t('projects.form.created'), onClose, resets: [create.reset, update.reset], fieldOfCode,
  });
  const submit = (values: Values) => {
    if (project) {
      const changes = changesOf(project, values);
      return Object.keys(changes).length ? update.mutate({ id: project.id, ...changes }, callbacks) : unchanged();
    }
    const { funding: _f, communityId, ...rest } = values;
    const body: ProjectCreate = { ...filledFields(rest), ...(finding ? { findingId: finding.id } : { communityId }), funding: fundingOf(values) } as ProjectCreate;
    create.mutate(body, {
      ...callbacks,
      onSuccess: (created) => {
        callbacks.onSuccess();
        onCreated?.(created);
      },
    });
  };
  const required = { required: true, whitespace: true, message: t('projects.form.required') };
  const endAfterStart = ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, end?: string) => {
      const start = getFieldValue('plannedStart') as string | undefined;
      return !end || !start || end >= start ? Promise.resolve() : Promise.reject(new Error(t('projects.form.endBeforeStart')));
    },
  });
  return (
    <FormDrawer
      open={open}
      title={project ? t('projects.form.editTitle') : t('projects.form.createTitle')}
      onClose={close}
      form={form}
      submitting={mutation.isPending}
      error={mutation.error}
      fieldOfCode={fieldOfCode}
      submitTestId={project ? 'project-edit-submit' : 'project-create-submit'}
    >
      {finding && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('projects.form.fromFinding', { indicator: finding.indicatorName[language] }) + t('projects.form.findingStatus', { status: t(`projects.form.${finding.status === 'partial' ? 'partial' : 'fail'}`) })}
          data-testid="project-finding"
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={initialValues(project, defaultTitle, communities.only)}
        requiredMark={false}
      >
        {!project && !finding && (
          <Form.Item name="communityId" label={t('projects.fields.community')} rules={[{ required: true, message: t('projects.form.required') }]}>
            <Select options={communities.data?.map((c) => ({ value: c.id, label: c.name }))} loading={communities.isPending} data-testid="project-community" />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('projects.fields.title')} rules={[required, { max: 200 }]}>
          <Input autoComplete="off" data-testid="project-title" />
        </Form.Item>
        <Form.Item name="level" label={t('projects.fields.level')}>
          <Select options={levels.map((value) => ({ value, label: t(`projects.levels.${value}`) }))} data-testid="project-level" />
        </Form.Item>
        <Form.Item name="responsibleUnit" label={t('projects.fields.responsibleUnit')} extra={t('projects.form.responsibleUnitHint')} rules={[required, { max: 100 }]}>
          <AutoComplete options={departments.data?.map((d) => ({ value: d.name }))} data-testid="project-unit" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('projects.fields.department')} extra={t('projects.form.departmentHint')}>
          <Select allowClear options={departments.data?.map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item name="budgetYuan" label={t('projects.form.budget')}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="project-budget" />
        </Form.Item>
        <FundingFields />
        <Form.Item name="plannedStart" label={t('projects.fields.plannedStart')}>
          <Input type="date" data-testid="project-start" />
        </Form.Item>
        <Form.Item name="plannedEnd" label={t('projects.fields.plannedEnd')} dependencies={['plannedStart']} rules={[endAfterStart]}>
          <Input type="date" data-testid="project-end" />
        </Form.Item>
        <Form.Item name="description" label={t('projects.fields.description')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
