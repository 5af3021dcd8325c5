import { Form, Input, Modal, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { useCommunities } from '../../api/places.ts';
import { useCreateSurvey } from '../../api/surveys.ts';
import type { AnswerUnit, SurveyCreate } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';

const units: AnswerUnit[] = ['resident', 'household'];

/** A new survey starts as a draft with a title, a community and how it is answered; questions come in the builder. */
export function CreateSurveyModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SurveyCreate>();
  const communities = useCommunities();
  const create = useCreateSurvey();
  const submit = (values: SurveyCreate) =>
    create.mutate(values, {
      onSuccess: (survey) => {
        onClose();
        onCreated(survey.id);
      },
      onError: (error) => showFieldErrors(form, error),
    });
  return (
    <Modal
      open={open}
      title={t('surveys.create')}
      okText={t('surveys.create')}
      okButtonProps={{ 'data-testid': 'survey-create-confirm' }}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterOpenChange={(visible) => visible || create.reset()}
      destroyOnHidden
    >
      <ErrorAlert error={create.error} />
      <Form<SurveyCreate>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ answerUnit: 'resident', communityId: communities.only }}
      >
        <Form.Item name="title" label={t('surveys.title')} rules={[{ required: true, whitespace: true, max: 100, message: t('surveys.titleRequired') }]}>
          <Input maxLength={100} autoFocus data-testid="survey-title" />
        </Form.Item>
        <Form.Item name="communityId" label={t('surveys.community')} rules={[{ required: true, message: t('surveys.communityRequired') }]}>
          <Select loading={communities.isLoading} options={communities.data?.map((area) => ({ value: area.id, label: area.name }))} />
        </Form.Item>
        <Form.Item name="answerUnit" label={t('surveys.answerUnit')} extra={t('surveys.answerUnitHint')}>
          <Radio.Group options={units.map((value) => ({ value, label: t(`surveys.answerUnits.${value}`) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('surveys.description')} extra={t('surveys.descriptionHint')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
