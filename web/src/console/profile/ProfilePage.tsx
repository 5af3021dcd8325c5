import { Card, Col, Flex, Progress, Row, Segmented, Statistic, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.ts';
import { useProfile } from '../../api/people.ts';
import type { ProfileQuery, ProfileRow } from '../../api/types.ts';
import { AreaFilter, useAreaScope } from '../../components/AreaFilter.tsx';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { labelOf } from '../../i18n/index.ts';
import { CountBars } from './CountBars.tsx';

type By = NonNullable<ProfileQuery['by']>;
const byLowerBound = (a: string, b: string) => parseInt(a, 10) - parseInt(b, 10);
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** 人群画像: who lives in an area, per grid or per building, without naming anyone. */
export function ProfilePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [scope, setScope, scopeReady] = useAreaScope();
  const [by, setBy] = useState<By>('grid');
  // Until the user picks an area, the area of their first role.
  const areaId = scopeReady ? (scope.gridId ?? scope.communityId ?? me.roles[0]?.areaId) : undefined;
  const profile = useProfile({ areaId, by });
  const data = profile.data;
  const columns = [
    { key: 'name', title: t('profile.rowName'), dataIndex: 'name' },
    { key: 'households', title: t('profile.households'), dataIndex: 'households', sorter: (a: ProfileRow, b: ProfileRow) => a.households - b.households },
    { key: 'residents', title: t('profile.residents'), dataIndex: 'residents', sorter: (a: ProfileRow, b: ProfileRow) => a.residents - b.residents },
    { key: 'careTags', title: t('profile.careTagTotal'), render: (_: unknown, row: ProfileRow) => sum(row.careTags) },
    {
      key: 'share',
      title: t('profile.share'),
      width: 220,
      render: (_: unknown, row: ProfileRow) => <Progress percent={data?.residents ? Math.round((row.residents / data.residents) * 1000) / 10 : 0} size="small" />,
    },
  ];
  return (
    <Page title={t('profile.title')}>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <AreaFilter value={scope} onChange={setScope} />
        <Segmented<By> value={by} onChange={setBy} options={(['grid', 'building'] as By[]).map((value) => ({ value, label: t(`profile.by.${value}`) }))} />
      </Flex>
      <ErrorAlert error={profile.error} />
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small" loading={profile.isLoading}>
            <Statistic title={t('profile.households')} value={data?.households ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" loading={profile.isLoading}>
            <Statistic title={t('profile.residents')} value={data?.residents ?? 0} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" loading={profile.isLoading}>
            <Statistic title={t('profile.careTagTotal')} value={data ? sum(data.careTags) : 0} />
          </Card>
        </Col>
        {data && (
          <>
            <Col xs={24} lg={8}>
              <CountBars title={t('profile.occupancy')} counts={data.occupancy} total={data.households} label={(key) => labelOf('household.occupancies', key)} />
            </Col>
            <Col xs={24} lg={8}>
              <CountBars title={t('profile.careTags')} counts={data.careTags} total={data.residents} label={(key) => labelOf('careTags', key)} />
            </Col>
            <Col xs={24} lg={8}>
              <CountBars title={t('profile.ageBands')} counts={data.ageBands} total={data.residents} label={(band) => t('profile.ageBand', { band })} order={byLowerBound} />
            </Col>
          </>
        )}
        <Col span={24}>
          <Table<ProfileRow>
            size="middle"
            rowKey="id"
            loading={profile.isLoading}
            columns={columns}
            dataSource={data?.rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        </Col>
      </Row>
    </Page>
  );
}
