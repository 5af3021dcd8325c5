import { Form, Input, Radio, Select, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreas } from '../../api/places.ts';
import { useDepartments } from '../../api/projects.ts';
import type { TicketDetail } from '../../api/tickets.ts';
import { useMergeCandidates } from '../../api/ticketsConsole.ts';
import { PhotoPicker } from '../projects/PhotoPicker.tsx';
import { useLabelLanguage } from './format.ts';

/** Every field a step's form may have; each step's form shows some of them. */
export interface StepValues {
  note?: string;
  photos?: UploadFile[];
  reason?: string;
  target?: 'grid' | 'community' | 'department';
  gridId?: number;
  departmentId?: number;
  intoId?: number;
  outcome?: 'resolved' | 'not_resolved';
  resolved?: boolean;
  rating?: 'satisfied' | 'basically_satisfied' | 'not_satisfied';
  comment?: string;
}

/** 原因 / 说明: required for returns, whistles and closing; optional when sending or moving. */
export function ReasonField({ required = false }: { required?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item name="reason" label={t('ticketsConsole.fields.reason')}
      rules={[{ required, whitespace: true, message: t('ticketsConsole.fields.reasonRequired') }, { max: 500 }]}>
      <Input.TextArea rows={3} maxLength={500} data-testid="step-reason" />
    </Form.Item>
  );
}

/** 进展 / 办结说明 with photos from the site. */
export function NoteFields({ required = false }: { required?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="note" label={t('ticketsConsole.fields.note')} rules={[{ required, whitespace: true, message: t('ticketsConsole.fields.noteRequired') }, { max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="step-note" />
      </Form.Item>
      <PhotoPicker testId="step-photos" />
    </>
  );
}

function GridSelect({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const grids = useAreas({ level: 'grid', parentId: ticket.communityId });
  return (
    <Form.Item name="gridId" label={t('ticketsConsole.fields.grid')} rules={[{ required: true, message: t('ticketsConsole.fields.gridRequired') }]}>
      <Select<number> loading={grids.isPending} options={grids.data?.map((g) => ({ value: g.id, label: g.name }))} data-testid="step-grid" />
    </Form.Item>
  );
}

function DepartmentSelect() {
  const { t } = useTranslation();
  const departments = useDepartments();
  return (
    <Form.Item name="departmentId" label={t('ticketsConsole.fields.department')} rules={[{ required: true, message: t('ticketsConsole.fields.departmentRequired') }]}>
      <Select<number> showSearch={{ optionFilterProp: 'label' }} loading={departments.isPending}
        options={departments.data?.map((d) => ({ value: d.id, label: d.name }))} data-testid="step-department" />
    </Form.Item>
  );
}

/** 派单 / 改派: to a grid of the ticket's community, the community's staff, or a department. */
export function DispatchFields({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const target = Form.useWatch('target', Form.useFormInstance());
  return (
    <>
      <Form.Item name="target" label={t('ticketsConsole.fields.target')} initialValue="grid" rules={[{ required: true }]}>
        <Radio.Group optionType="button" data-testid="step-target" options={(['grid', 'community', 'department'] as const).map((value) => ({
          value, label: t(`ticketsConsole.levels.${value}`),
        }))} />
      </Form.Item>
      {target === 'grid' && <GridSelect ticket={ticket} />}
      {target === 'department' && <DepartmentSelect />}
      <ReasonField />
    </>
  );
}

/** 吹哨: the department that must report, and why. */
export function WhistleFields() {
  return (
    <>
      <DepartmentSelect />
      <ReasonField required />
    </>
  );
}

/** 调整网格: the grid the ticket belongs in. */
export function RegridFields({ ticket }: { ticket: TicketDetail }) {
  return (
    <>
      <GridSelect ticket={ticket} />
      <ReasonField />
    </>
  );
}

/** 合并: an open ticket of the same community, found by number or words. */
export function MergeFields({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const [q, setQ] = useState('');
  const candidates = useMergeCandidates(ticket.communityId, q);
  const options = candidates.data?.filter((c) => c.id !== ticket.id).map((c) => ({
    value: c.id, label: `#${c.id} ${c.categoryName[language]} · ${c.description.slice(0, 40)}`,
  }));
  return (
    <>
      <Form.Item name="intoId" label={t('ticketsConsole.fields.intoId')} extra={t('ticketsConsole.fields.intoIdHint')}
        rules={[{ required: true, message: t('ticketsConsole.fields.intoIdRequired') }]}>
        <Select<number> showSearch={{ filterOption: false, onSearch: (text) => setQ(text.trim()) }} loading={candidates.isFetching}
          options={options} data-testid="step-into" />
      </Form.Item>
      <ReasonField />
    </>
  );
}

/** 关闭: resolved, or closed without a solution; the reason always. */
export function CloseFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="outcome" label={t('ticketsConsole.fields.outcome')} initialValue="resolved" rules={[{ required: true }]}>
        <Radio.Group data-testid="step-outcome" options={(['resolved', 'not_resolved'] as const).map((value) => ({ value, label: t(`ticketsConsole.outcomes.${value}`) }))} />
      </Form.Item>
      <ReasonField required />
    </>
  );
}

/** 回访评价: what the reporter said on the phone; "not solved" sends the ticket back to work. */
export function RateFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="resolved" label={t('ticketsConsole.rate.resolved')} initialValue={true} rules={[{ required: true }]}>
        <Radio.Group data-testid="step-resolved" options={[
          { value: true, label: t('ticketsConsole.rate.resolvedYes') },
          { value: false, label: t('ticketsConsole.rate.resolvedNo') },
        ]} />
      </Form.Item>
      <Form.Item name="rating" label={t('ticketsConsole.fields.rating')} initialValue="satisfied" rules={[{ required: true }]}>
        <Radio.Group data-testid="step-rating" options={(['satisfied', 'basically_satisfied', 'not_satisfied'] as const).map((value) => ({
          value, label: t(`ticketsConsole.ratings.${value}`),
        }))} />
      </Form.Item>
      <Form.Item name="comment" label={t('ticketsConsole.rate.comment')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="step-comment" />
      </Form.Item>
    </>
  );
}
