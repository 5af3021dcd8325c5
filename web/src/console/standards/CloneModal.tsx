import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCloneStandard, type StandardClone, type StandardDetail } from '../../api/checkup.ts';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { useStandardOwners } from './communityOptions.ts';

export const codePattern = /^[A-Za-z0-9_-]{2,40}$/;

/** 复制为本地标准: a city's or a community's own rules, starting from this version. */
export function CloneModal({ standard, onClose, onCloned }: { standard: StandardDetail | undefined; onClose: () => void; onCloned: (clone: StandardDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StandardClone>();
  const clone = useCloneStandard();
  const owners = useStandardOwners();
  const open = standard !== undefined;
  const submit = (values: StandardClone) =>
    standard &&
    clone.mutate(
      { id: standard.id, ...values },
      { onSuccess: onCloned, onError: (error) => showFieldErrors(form, error, { STANDARD_CODE_TAKEN: 'code', OUT_OF_SCOPE: 'areaId' }) },
    );
  return (
    <Modal
      open={open}
      title={standard && t('standards.cloneTitle', { name: standard.name })}
      okText={t('standards.clone')}
      cancelText={t('common.cancel')}
      confirmLoading={clone.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => clone.reset()}
      destroyOnHidden
    >
      <ErrorAlert error={clone.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ name: standard ? `${standard.name}` : '', areaId: owners.communities.only }}
      >
        <Form.Item name="code" label={t('standards.code')} extra={t('standards.cloneCodeHint')} rules={[{ required: true, pattern: codePattern, message: t('standards.cloneCodeHint') }]}>
          <Input maxLength={40} data-testid="clone-code" />
        </Form.Item>
        <Form.Item name="name" label={t('standards.name')} rules={[{ required: true, whitespace: true, message: t('standards.required') }]}>
          <Input maxLength={100} data-testid="clone-name" />
        </Form.Item>
        <Form.Item name="areaId" label={t('standards.cloneArea')} rules={owners.isAdmin ? [] : [{ required: true, message: t('standards.required') }]}>
          <Select allowClear={owners.isAdmin} placeholder={owners.isAdmin ? t('standards.nationwide') : undefined} options={owners.options} loading={owners.communities.isPending} />
        </Form.Item>
        <Form.Item name="note" label={t('standards.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
