import { Alert, App, Button, Card, Col, Form, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors, showFieldErrors } from '../../api/fieldErrors.ts';
import { shownAnswers, usePaperResponse } from '../../api/surveys.ts';
import type { Answers, SurveyView } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { HouseholdPicker, type HouseholdPick } from '../claims/HouseholdPicker.tsx';
import { AnswerFields } from './AnswerFields.tsx';

/**
 * 纸质问卷录入: staff pick who filled in the paper form (building → household → resident), then
 * copy the answers. The server logs each entry as made on the respondent's behalf.
 */
export function PaperEntry({ survey }: { survey: SurveyView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [pick, setPick] = useState<HouseholdPick>({});
  const [form] = Form.useForm<{ answers: Answers }>();
  const values = Form.useWatch('answers', form) ?? {};
  const { shown, answers } = shownAnswers(survey.questions, values);
  const paper = usePaperResponse();
  if (survey.status !== 'published') return <Alert type="info" showIcon title={t('surveys.paperNotOpen')} />;
  const respondentChosen = survey.answerUnit === 'resident' ? pick.residentId !== undefined : pick.householdId !== undefined;
  const submit = () =>
    paper.mutate(
      { id: survey.id, householdId: pick.householdId, residentId: pick.residentId, answers },
      {
        onSuccess: () => {
          void message.success(t('surveys.paperSaved'));
          form.resetFields();
          // The next form is often from the same building: keep it, clear the rest.
          setPick({ buildingId: pick.buildingId });
        },
        onError: (error) => showFieldErrors(form, error),
      },
    );
  return (
    <>
      <Alert type="info" showIcon title={t('surveys.paperIntro')} style={{ marginBottom: 16 }} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('surveys.respondent')} extra={<span style={{ color: '#888', fontSize: 12 }}>{t(`surveys.answerUnits.${survey.answerUnit}`)}</span>}>
            <Alert type="warning" title={t('surveys.respondentHint')} style={{ marginBottom: 12 }} />
            <HouseholdPicker
              communityId={survey.communityId}
              value={pick}
              onChange={(next) => {
                setPick(next);
                paper.reset();
              }}
              residentLabel={t('surveys.residentLabel')}
              residentHint=""
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" title={survey.title}>
            <Form form={form} layout="vertical" onFinish={submit} disabled={!respondentChosen}>
              <AnswerFields questions={survey.questions} shown={shown} />
              {fieldErrors(paper.error).length === 0 && <ErrorAlert error={paper.error} />}
              <Button type="primary" htmlType="submit" block loading={paper.isPending} data-testid="paper-submit">
                {respondentChosen ? t('surveys.paperSubmit') : t('surveys.pickRespondent')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}
