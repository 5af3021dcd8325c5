import { Button, Descriptions, Empty, Flex, Grid, List, Select, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClaims } from '../../api/accounts.ts';
import { useCommunities } from '../../api/places.ts';
import type { ClaimStatus, ClaimView } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { LoadMoreFooter } from '../../components/PagedTable.tsx';
import { useLocale } from '../../i18n/index.ts';
import { ApproveDrawer } from './ApproveDrawer.tsx';
import { RejectButton } from './RejectButton.tsx';

const statuses: ClaimStatus[] = ['pending', 'approved', 'rejected'];

/** What the applicant gave (masked as the server sends it), and for a decided claim when and why. */
function ClaimFacts({ claim }: { claim: ClaimView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const when = (at: string) => new Date(at).toLocaleString(locale);
  const facts = [
    [t('claims.name'), claim.name],
    [t('claims.phone'), claim.phone],
    [t('claims.username'), claim.username],
    [t('claims.createdAt'), when(claim.createdAt)],
    ...(claim.decidedAt ? [[t('claims.decidedAt'), when(claim.decidedAt)]] : []),
    ...(claim.decidedBy ? [[t('claims.decidedBy'), claim.decidedBy]] : []),
    ...(claim.householdAddress ? [[t('claims.boundTo'), claim.householdAddress]] : []),
    ...(claim.decisionNote ? [[t('claims.decisionNote'), claim.decisionNote]] : []),
  ];
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2, xl: 4 }}
      items={facts.map(([label, value]) => ({ key: label, label, children: value }))}
    />
  );
}

function ClaimItem({ claim, onApprove }: { claim: ClaimView; onApprove: (claim: ClaimView) => void }) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md ?? true;
  const matches = claim.suggestions.length;
  const pending = claim.status === 'pending';
  const actions = pending && (
    <Flex gap={8}>
      <Button type="primary" onClick={() => onApprove(claim)} data-testid="claim-approve">
        {t('claims.approve')}
      </Button>
      <RejectButton claimId={claim.id} />
    </Flex>
  );
  return (
    <List.Item data-testid="claim-item">
      <Flex vertical gap={8} style={{ width: '100%' }}>
        <Flex justify="space-between" align="start" gap={8}>
          <Flex wrap gap={8} align="center">
            <Typography.Text strong style={{ fontSize: 16 }}>
              {claim.address}
            </Typography.Text>
            {pending && <Tag color={matches ? 'green' : 'default'}>{matches ? t('claims.matches', { count: matches }) : t('claims.noMatch')}</Tag>}
          </Flex>
          {wide && actions}
        </Flex>
        <ClaimFacts claim={claim} />
        {/* On a phone the buttons come after what they decide on, where the thumb is. */}
        {!wide && actions}
      </Flex>
    </List.Item>
  );
}

/** 住户认证: residents who signed up wait here until someone who knows them binds them to their household. */
export function ClaimsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ClaimStatus>('pending');
  const communities = useCommunities();
  const [communityId, setCommunityId] = useState<number>();
  const list = useClaims({ status, communityId });
  const [approving, setApproving] = useState<ClaimView>();
  const communityFilter = (communities.data?.length ?? 0) > 1 && (
    <Select
      allowClear
      style={{ minWidth: 160 }}
      placeholder={t('area.chooseCommunity')}
      value={communityId}
      onChange={setCommunityId}
      options={communities.data?.map((area) => ({ value: area.id, label: area.name }))}
    />
  );
  return (
    <Page title={t('nav.claims')} extra={communityFilter}>
      <Tabs
        activeKey={status}
        onChange={(key) => setStatus(key as ClaimStatus)}
        items={statuses.map((value) => ({ key: value, label: t(`claims.statuses.${value}`) }))}
      />
      <ErrorAlert error={list.error} />
      <List<ClaimView>
        bordered
        loading={list.isLoading}
        dataSource={list.items}
        locale={{ emptyText: <Empty description={status === 'pending' ? t('claims.emptyPending') : t('claims.empty')} data-testid="claims-empty" /> }}
        footer={list.items.length > 0 && <LoadMoreFooter list={list} />}
        renderItem={(claim) => <ClaimItem claim={claim} onApprove={setApproving} />}
        style={{ background: '#fff' }}
      />
      <ApproveDrawer claim={approving} onClose={() => setApproving(undefined)} />
    </Page>
  );
}
