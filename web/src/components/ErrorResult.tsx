import { Alert, Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';

/** The API's own message for a failed call (a 500's message already carries its request id). */
export function errorText(error: unknown): string {
  if (isApiError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('app.loadFailed')}
      subTitle={errorText(error)}
      extra={onRetry && <Button onClick={onRetry}>{t('app.retry')}</Button>}
    />
  );
}

export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />;
}
