import { Checkbox, Flex, Form, Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
// The longest text answer the server keeps; plain data beside its survey schema.
import { TEXT_ANSWER_MAX } from '../../../../src/surveys/indicators.ts';
import type { AnswerValue, Question } from '../../api/types.ts';

function ScaleInput({ question, value, onChange }: { question: Question; value?: number; onChange?: (value: number) => void }) {
  const points = Array.from({ length: (question.max ?? 5) - (question.min ?? 1) + 1 }, (_, i) => (question.min ?? 1) + i);
  return (
    <Flex vertical gap={4}>
      <Radio.Group optionType="button" buttonStyle="solid" options={points.map((point) => ({ value: point, label: String(point) }))} value={value} onChange={(e) => onChange?.(e.target.value as number)} />
      {(question.minLabel || question.maxLabel) && (
        <Typography.Text type="secondary">
          {question.min} = {question.minLabel ?? ''} · {question.max} = {question.maxLabel ?? ''}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** The input of one question; Form.Item hands it the value and onChange, which it passes to the control. */
function AnswerInput({ question, ...control }: { question: Question; value?: AnswerValue; onChange?: (value: unknown) => void }) {
  const { t } = useTranslation();
  const options = (question.options ?? []).map((o) => ({ value: o.value, label: o.label }));
  switch (question.type) {
    case 'single':
      return <Radio.Group options={options} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} value={control.value} onChange={(e) => control.onChange?.(e.target.value)} />;
    case 'multiple':
      return <Checkbox.Group options={options} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} value={control.value as string[] | undefined} onChange={control.onChange} />;
    case 'scale':
      return <ScaleInput question={question} value={control.value as number | undefined} onChange={control.onChange} />;
    case 'text':
      return <Input.TextArea rows={3} maxLength={TEXT_ANSWER_MAX} showCount placeholder={t('surveys.textPlaceholder')} value={control.value as string | undefined} onChange={(e) => control.onChange?.(e.target.value)} />;
  }
}

/**
 * The questionnaire as antd fields, named `answers.<key>` so the server's field errors land on them.
 * Questions hidden by their condition are not drawn (and their answers are not sent).
 */
export function AnswerFields({ questions, shown }: { questions: Question[]; shown: Set<string> }) {
  const { t } = useTranslation();
  return (
    <>
      {questions
        .filter((q) => shown.has(q.key))
        .map((q) => (
          <Form.Item
            key={q.key}
            name={['answers', q.key]}
            label={`${questions.indexOf(q) + 1}. ${q.label}`}
            extra={q.help}
            rules={q.required ? [{ required: true, message: t('surveys.answerRequired') }] : undefined}
            data-testid={`answer-${q.key}`}
          >
            <AnswerInput question={q} />
          </Form.Item>
        ))}
    </>
  );
}
