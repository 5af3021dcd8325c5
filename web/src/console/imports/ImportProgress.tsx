import { useQueryClient } from '@tanstack/react-query';
import { Progress, Result } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useImportProgress } from '../../api/operations.ts';
import type { ImportReport } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { ImportErrors } from './ImportErrors.tsx';

/** Step three: the committing import, polled until it is done. */
export function ImportProgress({ started, extra }: { started: ImportReport; extra: React.ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const progress = useImportProgress(started.id);
  const report = progress.data ?? started;
  // New rows change every list, count and map: refetch what is cached.
  useEffect(() => {
    if (report.status === 'committed') void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'import' });
  }, [report.status, queryClient]);
  const percent = report.rowsTotal ? Math.floor((report.processed / report.rowsTotal) * 100) : 0;
  if (report.status === 'committed') {
    return <Result status="success" title={t('imports.committed', { count: report.processed })} extra={extra} />;
  }
  if (report.status === 'failed' || report.status === 'invalid') {
    return (
      <>
        <Result status="error" title={t('imports.failed')} extra={extra} />
        {report.errors.length > 0 && <ImportErrors errors={report.errors} />}
      </>
    );
  }
  return (
    <>
      <ErrorAlert error={progress.error} />
      <div>{t('imports.running')}</div>
      <Progress percent={percent} status="active" data-testid="import-progress" />
    </>
  );
}
