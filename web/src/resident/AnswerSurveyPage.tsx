import { Button, Checkbox, ErrorBlock, Form, Radio, Result, Selector, Space, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
// The longest text answer the server keeps; plain data beside its survey schema.
import { TEXT_ANSWER_MAX } from '../../../src/surveys/indicators.ts';
import { isApiError } from '../api/client.ts';
import { showFieldErrors } from '../api/fieldErrors.ts';
import { shownAnswers, useAnswerSurvey, useMySurvey } from '../api/surveys.ts';
import type { Answers, AnswerValue, MySurvey, Question } from '../api/types.ts';
import { MobileForm } from './MobileForm.tsx';
import { MobileError, MobileLoading, NotBound } from './MobileStates.tsx';

/** A scale as a row of points to tap; the form holds the number, the selector an array of one. */
function ScalePicker({ question, value, onChange }: { question: Question; value?: number; onChange?: (value: number | undefined) => void }) {
  const points = Array.from({ length: question.max! - question.min! + 1 }, (_, i) => question.min! + i);
  return (
    <Space direction="vertical" block>
      <Selector columns={Math.min(points.length, 6)} options={points.map((p) => ({ value: p, label: String(p) }))} value={value === undefined ? [] : [value]} onChange={(values) => onChange?.(values[0])} />
      {(question.minLabel || question.maxLabel) && (
        <div className="linli-m-scale-labels">
          <span>{question.minLabel}</span>
          <span>{question.maxLabel}</span>
        </div>
      )}
    </Space>
  );
}

/** The input of one question; Form.Item hands it the value and onChange, which it passes to the control. */
function AnswerInput({ question, value, onChange }: { question: Question; value?: AnswerValue; onChange?: (value: AnswerValue | undefined) => void }) {
  const { t } = useTranslation();
  const options = question.options ?? [];
  switch (question.type) {
    case 'single':
      return (
        <Radio.Group value={value as string | undefined} onChange={(next) => onChange?.(next as string)}>
          <Space direction="vertical" block>
            {options.map((o) => <Radio key={o.value} value={o.value}>{o.label}</Radio>)}
          </Space>
        </Radio.Group>
      );
    case 'multiple':
      return (
        <Checkbox.Group value={(value as string[] | undefined) ?? []} onChange={(next) => onChange?.(next as string[])}>
          <Space direction="vertical" block>
            {options.map((o) => <Checkbox key={o.value} value={o.value}>{o.label}</Checkbox>)}
          </Space>
        </Checkbox.Group>
      );
    case 'scale':
      return <ScalePicker question={question} value={value as number | undefined} onChange={onChange} />;
    case 'text':
      return <TextArea rows={3} maxLength={TEXT_ANSWER_MAX} showCount placeholder={t('surveys.textPlaceholder')} value={(value as string | undefined) ?? ''} onChange={onChange} />;
  }
}

/** The questionnaire: a question whose condition is not met is not shown, and its answer is not sent. */
function SurveyForm({ survey, onDone }: { survey: MySurvey; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const values = (Form.useWatch('answers', form) ?? {}) as Answers;
  const { shown, answers } = shownAnswers(survey.questions, values);
  const answer = useAnswerSurvey(survey.id);
  return (
    <MobileForm<{ answers: Answers }>
      form={form}
      onFinish={() => answer.mutate(answers, { onSuccess: onDone, onError: (error) => showFieldErrors(form, error) })}
      error={answer.error}
      pending={answer.isPending}
      submitText={t('mySurveys.submit')}
      submitTestId="survey-submit"
      requiredMark="asterisk"
      className="linli-m-survey"
    >
      <Form.Header>
        <div className="linli-m-survey-head">
          <strong>{survey.title}</strong>
          {survey.description && <p>{survey.description}</p>}
          {survey.answerUnit === 'household' && <p>{t('mySurveys.householdNote')}</p>}
        </div>
      </Form.Header>
      {/* Numbered as shown: a question skipped by its condition leaves no gap. */}
      {survey.questions
        .filter((q) => shown.has(q.key))
        .map((q, index) => (
          <Form.Item
            key={q.key}
            name={['answers', q.key]}
            label={`${index + 1}. ${q.label}`}
            description={[q.help, q.type === 'multiple' ? t('mySurveys.multiple') : undefined].filter(Boolean).join(' ') || undefined}
            rules={q.required ? [{ required: true, message: t('surveys.answerRequired') }] : undefined}
            data-testid={`answer-${q.key}`}
          >
            <AnswerInput question={q} />
          </Form.Item>
        ))}
    </MobileForm>
  );
}

/** One survey on the phone: the form, or why it cannot be answered (done already, or closed). */
export function AnswerSurveyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const survey = useMySurvey(id);
  const [submitted, setSubmitted] = useState(false);
  const back = (
    <Button block color="primary" fill="outline" size="large" onClick={() => navigate('/m/surveys')}>
      {t('mySurveys.back')}
    </Button>
  );
  if (survey.isPending) return <MobileLoading />;
  if (isApiError(survey.error, 'NOT_BOUND_TO_HOUSEHOLD')) return <NotBound />;
  if (isApiError(survey.error, 'SURVEY_NOT_FOUND')) return <ErrorBlock status="empty" title={survey.error.message} description="" />;
  if (survey.isError) return <MobileError error={survey.error} onRetry={() => void survey.refetch()} />;
  const done = submitted || survey.data.answered;
  if (done || survey.data.status !== 'published') {
    return (
      <Space direction="vertical" block style={{ '--gap': '16px' }}>
        <Result
          status={done ? 'success' : 'info'}
          title={submitted ? t('mySurveys.submittedTitle') : done ? t('mySurveys.answered') : t('mySurveys.closedTitle')}
          description={submitted ? t('mySurveys.submittedBody') : done ? t('mySurveys.alreadyAnswered') : survey.data.title}
          style={{ borderRadius: 8 }}
          data-testid={done ? 'survey-done' : 'survey-closed'}
        />
        {back}
      </Space>
    );
  }
  return <SurveyForm survey={survey.data} onDone={() => setSubmitted(true)} />;
}
