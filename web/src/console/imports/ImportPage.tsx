import { Alert, Button, Card, Flex, Statistic, Steps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { useImportUpload } from '../../api/operations.ts';
import type { ErrorDetail, ImportReport } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { ImportErrors } from './ImportErrors.tsx';
import { ImportForm, type ImportChoice } from './ImportForm.tsx';
import { ImportProgress } from './ImportProgress.tsx';

/** What the dry run found: the server's report, or the rows an IMPORT_INVALID error lists. */
interface CheckResult {
  rowsTotal: number | null;
  errors: ErrorDetail[];
}

function CheckReport({ result, onCommit, committing, onRestart }: { result: CheckResult; onCommit: () => void; committing: boolean; onRestart: () => void }) {
  const { t } = useTranslation();
  const valid = result.errors.length === 0;
  return (
    <>
      <Flex gap={32} style={{ marginBottom: 16 }}>
        {result.rowsTotal !== null && <Statistic title={t('imports.rowsTotal')} value={result.rowsTotal} />}
        <Statistic title={t('imports.errorCount')} value={result.errors.length} styles={{ content: { color: valid ? undefined : '#cf1322' } }} />
      </Flex>
      <Alert
        type={valid ? 'success' : 'error'}
        showIcon
        title={valid ? t('imports.valid', { count: result.rowsTotal ?? 0 }) : t('imports.invalid', { count: result.errors.length })}
        style={{ marginBottom: 16 }}
        data-testid="import-verdict"
      />
      {!valid && <ImportErrors errors={result.errors} />}
      <Flex gap={8} style={{ marginTop: 16 }}>
        {valid && (
          <Button type="primary" onClick={onCommit} loading={committing} data-testid="import-commit">
            {t('imports.commit')}
          </Button>
        )}
        <Button onClick={onRestart}>{t('imports.again')}</Button>
      </Flex>
    </>
  );
}

/** 数据导入: choose → dry run and its report → commit and follow its progress. */
export function ImportPage() {
  const { t } = useTranslation();
  const upload = useImportUpload();
  const [choice, setChoice] = useState<ImportChoice>();
  const [check, setCheck] = useState<CheckResult>();
  const [started, setStarted] = useState<ImportReport>();
  const step = started ? 2 : check ? 1 : 0;

  const restart = () => {
    upload.reset();
    setChoice(undefined);
    setCheck(undefined);
    setStarted(undefined);
  };
  const runCheck = (next: ImportChoice) => {
    setChoice(next);
    upload.mutate(
      { ...next, dryRun: true },
      {
        onSuccess: (report) => setCheck({ rowsTotal: report.rowsTotal, errors: report.errors }),
        onError: (error) => {
          if (isApiError(error, 'IMPORT_INVALID')) setCheck({ rowsTotal: null, errors: error.details });
        },
      },
    );
  };
  const commit = () => choice && upload.mutate({ ...choice, dryRun: false }, { onSuccess: setStarted });
  const stepError = upload.error && !isApiError(upload.error, 'IMPORT_INVALID') ? upload.error : null;

  return (
    <Page title={t('imports.title')}>
      <Card>
        <Steps
          current={step}
          items={[{ title: t('imports.steps.choose') }, { title: t('imports.steps.check') }, { title: t('imports.steps.commit') }]}
          style={{ marginBottom: 24 }}
        />
        <ErrorAlert error={stepError} />
        {step === 0 && <ImportForm busy={upload.isPending} onCheck={runCheck} />}
        {step === 1 && check && <CheckReport result={check} onCommit={commit} committing={upload.isPending} onRestart={restart} />}
        {step === 2 && started && <ImportProgress started={started} extra={<Button onClick={restart}>{t('imports.again')}</Button>} />}
      </Card>
    </Page>
  );
}
