import { App, Button, Flex, Form, Input, Modal, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useChangeStatus, type ProjectDetail, type ProjectStatus } from '../../api/projects.ts';
import { ErrorAlert, errorText } from '../../components/ErrorResult.tsx';
import { AcceptButton } from './AcceptButton.tsx';
import { nextStatus, previousStatus } from './format.ts';

/** 推进: one step forward, after a confirmation. */
function AdvanceButton({ project, to }: { project: ProjectDetail; to: ProjectStatus }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const change = useChangeStatus();
  const label = t(`projects.statuses.${to}`);
  const advance = () =>
    change.mutateAsync({ id: project.id, to }).then(
      () => void message.success(t('projects.detail.moved')),
      (error: unknown) => void message.error(errorText(error)),
    );
  return (
    <Popconfirm
      title={t('projects.detail.advanceConfirm', { status: label })}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onConfirm={advance}
      okButtonProps={{ 'data-testid': 'project-advance-confirm' }}
    >
      <Button type="primary" loading={change.isPending} data-testid="project-advance">
        {t('projects.detail.advance', { status: label })}
      </Button>
    </Popconfirm>
  );
}

/** 退回: the cheap undo of a step, with the reason the timeline keeps. */
function StepBackButton({ project, to }: { project: ProjectDetail; to: ProjectStatus }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const change = useChangeStatus();
  const submit = ({ reason }: { reason: string }) =>
    change.mutate({ id: project.id, to, reason: reason.trim() }, {
      onSuccess: () => {
        setOpen(false);
        void message.success(t('projects.detail.moved'));
      },
    });
  return (
    <>
      <Button
        onClick={() => {
          change.reset();
          setOpen(true);
        }}
        data-testid="project-step-back"
      >
        {t('projects.detail.stepBack')}
      </Button>
      <Modal
        open={open}
        title={t('projects.detail.stepBackTitle', { status: t(`projects.statuses.${to}`) })}
        okText={t('projects.detail.stepBack')}
        cancelText={t('common.cancel')}
        confirmLoading={change.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ErrorAlert error={change.error} />
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item name="reason" label={t('projects.detail.reason')} rules={[{ required: true, whitespace: true, max: 500, message: t('projects.detail.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} autoFocus data-testid="step-back-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** What the user may do with the project now: edit, move it on or back, accept it. */
export function StatusActions({ project, onEdit }: { project: ProjectDetail; onEdit: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canWrite = hasPermission(me, 'projects.write');
  const canAccept = hasPermission(me, 'projects.accept');
  if (project.status === 'accepted' || (!canWrite && !canAccept)) return null;
  const next = nextStatus(project.status);
  const previous = previousStatus(project.status);
  return (
    <Flex gap={8} wrap justify="end" style={{ marginBottom: 16 }}>
      {canWrite && <Button onClick={onEdit} data-testid="project-edit">{t('projects.detail.edit')}</Button>}
      {canWrite && previous && <StepBackButton project={project} to={previous} />}
      {canWrite && next && <AdvanceButton project={project} to={next} />}
      {canAccept && project.status === 'completed' && <AcceptButton project={project} />}
    </Flex>
  );
}
