import { Button, DotLoading, ErrorBlock, List, Result } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useMyClaim } from '../api/accounts.ts';
import type { ClaimView } from '../api/types.ts';
import { errorText } from '../components/ErrorResult.tsx';
import { useLocale } from '../i18n/index.ts';
import { ReapplyForm } from './ReapplyForm.tsx';

export function MobileLoading() {
  return (
    <div style={{ textAlign: 'center', padding: 48, fontSize: 24 }}>
      <DotLoading color="primary" />
    </div>
  );
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

/** Where the resident's application stands: waiting, with what they gave, or declined, with why and what next. */
function ClaimState({ claim }: { claim: ClaimView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const when = (at: string) => new Date(at).toLocaleString(locale);
  const pending = claim.status === 'pending';
  return (
    <>
      <Result
        status={pending ? 'waiting' : 'warning'}
        title={pending ? t('myClaim.pendingTitle') : t('myClaim.rejectedTitle')}
        description={pending ? t('myClaim.pendingBody') : t('myClaim.rejectedBody')}
        style={{ borderRadius: 8, marginBottom: 12 }}
        data-testid={`claim-${claim.status}`}
      />
      <List>
        {claim.decisionNote && <List.Item title={t('myClaim.note')}>{claim.decisionNote}</List.Item>}
        <List.Item title={t('myClaim.address')}>{claim.address}</List.Item>
        <List.Item title={t('myClaim.submittedAt')}>{when(claim.createdAt)}</List.Item>
        {claim.decidedAt && <List.Item title={t('myClaim.decidedAt')}>{when(claim.decidedAt)}</List.Item>}
      </List>
      {claim.status === 'rejected' && <ReapplyForm />}
    </>
  );
}

/** Not bound to a household yet: a normal state for a new account, explained kindly, with the claim if there is one. */
export function NotBound() {
  const { t } = useTranslation();
  const claim = useMyClaim();
  if (claim.isPending) return <MobileLoading />;
  if (claim.isError) return <MobileError error={claim.error} onRetry={() => void claim.refetch()} />;
  // An approved claim binds the account, so here it can only be stale: the general explanation fits.
  if (claim.data && claim.data.status !== 'approved') return <ClaimState claim={claim.data} />;
  return <ErrorBlock status="empty" title={t('mobile.notBoundTitle')} description={t('mobile.notBoundBody')} data-testid="not-bound" />;
}
