import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Input, Select, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useCommunities } from '../../api/places.ts';
import { useSurveys } from '../../api/surveys.ts';
import type { SurveyStatus, SurveySummary } from '../../api/types.ts';
import { Page } from '../../components/Page.tsx';
import { PagedTable } from '../../components/PagedTable.tsx';
import { useLocale } from '../../i18n/index.ts';
import { CreateSurveyModal } from './CreateSurveyModal.tsx';
import { statusColors } from './statusColors.ts';
import { SurveyWorkspace } from './SurveyWorkspace.tsx';

const statuses: SurveyStatus[] = ['draft', 'published', 'closed'];

function SurveyList({ onOpen }: { onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const communities = useCommunities();
  const [status, setStatus] = useState<SurveyStatus>();
  const [communityId, setCommunityId] = useState<number>();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useSurveys({ status, communityId, q: q || undefined });
  const filtered = status !== undefined || communityId !== undefined || q !== '';
  const columns = [
    { key: 'title', title: t('surveys.title'), dataIndex: 'title' },
    ...((communities.data?.length ?? 0) > 1 ? [{ key: 'community', title: t('surveys.community'), dataIndex: 'communityName' }] : []),
    {
      key: 'status',
      title: t('surveys.status'),
      render: (_: unknown, row: SurveySummary) => <Tag color={statusColors[row.status]}>{t(`surveys.statuses.${row.status}`)}</Tag>,
    },
    { key: 'unit', title: t('surveys.answerUnit'), render: (_: unknown, row: SurveySummary) => t(`surveys.answerUnits.${row.answerUnit}`) },
    { key: 'questions', title: t('surveys.questionCount'), dataIndex: 'questionCount' },
    { key: 'responses', title: t('surveys.responseCount'), dataIndex: 'responseCount' },
    {
      key: 'publishedAt',
      title: t('surveys.publishedAt'),
      render: (_: unknown, row: SurveySummary) => (row.publishedAt ? new Date(row.publishedAt).toLocaleDateString(locale) : t('common.none')),
    },
  ];
  return (
    <Page
      title={t('nav.surveys')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="survey-create">
          {t('surveys.create')}
        </Button>
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        {(communities.data?.length ?? 0) > 1 && (
          <Select
            allowClear
            style={{ minWidth: 160 }}
            placeholder={t('area.chooseCommunity')}
            value={communityId}
            onChange={setCommunityId}
            options={communities.data?.map((area) => ({ value: area.id, label: area.name }))}
          />
        )}
        <Select<SurveyStatus>
          allowClear
          style={{ minWidth: 120 }}
          placeholder={t('surveys.status')}
          value={status}
          onChange={setStatus}
          options={statuses.map((value) => ({ value, label: t(`surveys.statuses.${value}`) }))}
        />
        <Input.Search allowClear placeholder={t('surveys.search')} onSearch={(value) => setQ(value.trim())} style={{ width: 220 }} />
      </Flex>
      <PagedTable<SurveySummary>
        list={list}
        columns={columns}
        locale={{ emptyText: <Empty description={filtered ? t('surveys.emptyFiltered') : t('surveys.empty')} data-testid="surveys-empty" /> }}
        onRow={(row) => ({ onClick: () => onOpen(row.id), style: { cursor: 'pointer' }, 'data-testid': 'survey-row' }) as React.HTMLAttributes<HTMLElement>}
      />
      <CreateSurveyModal open={creating} onClose={() => setCreating(false)} onCreated={onOpen} />
    </Page>
  );
}

/** 居民问卷: the community's surveys; one opens in place (`?id=`), so the menu keeps its place and links can be shared. */
export function SurveysPage() {
  const [params, setParams] = useSearchParams();
  const id = Number(params.get('id')) || undefined;
  if (id) return <SurveyWorkspace key={id} id={id} onBack={() => setParams({})} />;
  return <SurveyList onOpen={(next) => setParams({ id: String(next) })} />;
}
