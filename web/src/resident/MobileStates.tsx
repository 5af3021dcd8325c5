import { Button, DotLoading, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorText } from '../components/ErrorResult.tsx';

export function MobileLoading() {
  return (
    <div style={{ textAlign: 'center', padding: 48, fontSize: 24 }}>
      <DotLoading color="primary" />
    </div>
  );
}

/** Not bound to a household yet: a normal state for a new account, explained kindly. */
export function NotBound() {
  const { t } = useTranslation();
  return <ErrorBlock status="empty" title={t('mobile.notBoundTitle')} description={t('mobile.notBoundBody')} data-testid="not-bound" />;
}

export function MobileError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <ErrorBlock status="default" title={t('app.loadFailed')} description={errorText(error)}>
      <Button color="primary" onClick={onRetry}>
        {t('app.retry')}
      </Button>
    </ErrorBlock>
  );
}
