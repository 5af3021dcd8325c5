import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldErrors, showFieldErrors } from '../../api/fieldErrors.ts';
import { useUpdateSurvey } from '../../api/surveys.ts';
import type { AnswerUnit, Question, SurveyView } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { newQuestion } from './newQuestion.ts';
import { QuestionCard } from './QuestionCard.tsx';

interface BuilderValues {
  title: string;
  description: string;
  answerUnit: AnswerUnit;
  questions: Question[];
}

const units: AnswerUnit[] = ['resident', 'household'];

/** What the form holds, as the API takes it: "always shown" and "feeds nothing" are no field at all. */
function cleanQuestion({ showIf, feeds, ...rest }: Question): Question {
  return { ...rest, ...(showIf?.questionKey ? { showIf } : {}), ...(feeds?.trim() ? { feeds: feeds.trim() } : {}) };
}

function Settings() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('surveys.settings')} style={{ marginBottom: 16 }}>
      <Form.Item name="title" label={t('surveys.title')} rules={[{ required: true, whitespace: true, max: 100, message: t('surveys.titleRequired') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="answerUnit" label={t('surveys.answerUnit')} extra={t('surveys.answerUnitHint')}>
        <Radio.Group options={units.map((value) => ({ value, label: t(`surveys.answerUnits.${value}`) }))} />
      </Form.Item>
      <Form.Item name="description" label={t('surveys.description')} extra={t('surveys.descriptionHint')} style={{ marginBottom: 0 }}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </Card>
  );
}

/** 题目设计: settings and questions of a draft, saved together; a published survey shows them read-only. */
export function SurveyBuilder({ survey }: { survey: SurveyView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<BuilderValues>();
  const update = useUpdateSurvey();
  const questions: Question[] = Form.useWatch('questions', form) ?? survey.questions;
  const editable = survey.status === 'draft';
  const save = (values: BuilderValues) =>
    update.mutate(
      { id: survey.id, ...values, description: values.description ?? '', questions: (values.questions ?? []).map(cleanQuestion) },
      { onSuccess: () => void message.success(t('surveys.saved')), onError: (error) => showFieldErrors(form, error) },
    );
  return (
    <Form<BuilderValues>
      form={form}
      layout="vertical"
      disabled={!editable}
      onFinish={save}
      initialValues={{ title: survey.title, description: survey.description, answerUnit: survey.answerUnit, questions: survey.questions }}
      style={{ maxWidth: 880 }}
    >
      {!editable && <Alert type="info" showIcon title={t('surveys.locked')} style={{ marginBottom: 16 }} />}
      <Settings />
      <Form.List name="questions">
        {(fields, { add, remove, move }) => (
          <Flex vertical gap={12}>
            {fields.length === 0 && <Empty description={t('surveys.noQuestions')} />}
            {fields.map((field, index) => (
              <QuestionCard
                key={field.key}
                field={field}
                index={index}
                questions={questions}
                onMove={(to) => move(index, to)}
                onRemove={() => remove(index)}
                last={index === fields.length - 1}
              />
            ))}
            {editable && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(newQuestion(questions))} data-testid="question-add">
                {t('surveys.addQuestion')}
              </Button>
            )}
          </Flex>
        )}
      </Form.List>
      {editable && (
        <Flex vertical gap={8} style={{ position: 'sticky', bottom: 0, padding: '12px 0', background: '#f5f5f5', zIndex: 2 }}>
          {/* Errors about one question sit on its fields; only the others show here. */}
          {fieldErrors(update.error).length === 0 && <ErrorAlert error={update.error} />}
          <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="survey-save">
            {t('surveys.save')}
          </Button>
        </Flex>
      )}
    </Form>
  );
}
