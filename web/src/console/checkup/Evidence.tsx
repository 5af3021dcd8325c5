import { Descriptions, Flex, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ResultView } from '../../api/checkup.ts';
import { useKindLabel } from '../../components/useKindLabel.ts';
import { useLocale } from '../../i18n/index.ts';
import { numberText } from './format.tsx';

/**
 * What a result rests on, per kind of indicator: the buildings beyond the walk, the undersized
 * facilities, the shortfall, the missing kinds, the survey answers. The wording follows the
 * problem ledger's (src/checkup/evidenceText.ts).
 */

interface BeyondBuilding {
  buildingId: number;
  name: string;
  households: number;
  elders: number;
  children: number;
  distanceM: number | null;
  facilityName: string | null;
}
interface SizedFacility {
  facilityId: number;
  name: string;
  kind: string;
  floorAreaM2: number | null;
}
interface CountedFacility {
  facilityId: number;
  name: string;
  kind: string;
  amount: number;
}
type Evidence = Record<string, unknown>;
type Result = Pick<ResultView, 'kind' | 'status' | 'evidence'>;

const n = (value: unknown) => Number(value ?? 0);
const list = <T,>(value: unknown) => (Array.isArray(value) ? (value as T[]) : []);

/** One line per result, as in the problem ledger: for the report's table and the row's summary. */
export function evidenceLine(result: Result, t: TFunction, kindLabel: (code: string) => string): string {
  const e = result.evidence;
  if (result.status === 'not_measured') {
    const reason = String(e.reason ?? '');
    return reason in reasonKeys ? t(reasonKeys[reason]) : reason;
  }
  switch (result.kind) {
    case 'walk':
      if (n(e.buildingsBeyondCount) && e.countedBy === 'buildings') {
        return t('checkup.evidence.walkBeyondBuildings', { buildings: n(e.buildingsBeyondCount), total: n(e.homesCounted), distance: n(e.maxDistanceM) });
      }
      return n(e.buildingsBeyondCount)
        ? t('checkup.evidence.walkBeyond', {
            buildings: n(e.buildingsBeyondCount), households: n(e.beyondHouseholds), elders: n(e.beyondElders),
            children: n(e.beyondChildren), distance: n(e.maxDistanceM),
          })
        : t('checkup.evidence.walkAllWithin', { distance: n(e.maxDistanceM) });
    case 'facility_size': {
      if (e.missing) return t('checkup.evidence.sizeMissing');
      const under = list<SizedFacility>(e.undersized);
      if (!under.length) return t('checkup.evidence.sizeAllLarge');
      const text = under.map((f) => `${f.name} ${f.floorAreaM2 === null ? t('checkup.evidence.areaUnknown') : `${f.floorAreaM2} m²`}`);
      return t('checkup.evidence.sizeUnder', { list: text.join(t('checkup.evidence.sizeSeparator')) });
    }
    case 'per_households': {
      const values = { total: n(e.total), households: n(e.households), shortfall: n(e.shortfall) };
      return values.shortfall ? t('checkup.evidence.perShortfall', values) : t('checkup.evidence.perTotal', values);
    }
    case 'presence': {
      const missing = list<string>(e.missingKinds);
      return missing.length ? t('checkup.evidence.missing', { kinds: missing.map(kindLabel).join(t('checkup.evidence.kindSeparator')) }) : t('checkup.evidence.present');
    }
    case 'survey':
      return t('checkup.evidence.survey', { title: String(e.surveyTitle ?? ''), question: String(e.questionLabel ?? ''), responses: n(e.responses) });
  }
}

const reasonKeys: Record<string, 'checkup.reasons.no_street_network' | 'checkup.reasons.no_homes' | 'checkup.reasons.no_survey'> = {
  no_street_network: 'checkup.reasons.no_street_network',
  no_homes: 'checkup.reasons.no_homes',
  no_survey: 'checkup.reasons.no_survey',
};

/** A building with no distance lies beyond the search (the standard's longest walk), or is cut off. */
function WalkEvidence({ e }: { e: Evidence }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows = list<BeyondBuilding>(e.buildingsBeyond);
  if (!rows.length) return null;
  const columns = [
    { key: 'name', title: t('checkup.evidence.building'), dataIndex: 'name' },
    { key: 'households', title: t('checkup.evidence.households'), dataIndex: 'households', align: 'right' as const },
    { key: 'elders', title: t('checkup.evidence.elders'), dataIndex: 'elders', align: 'right' as const },
    { key: 'children', title: t('checkup.evidence.children'), dataIndex: 'children', align: 'right' as const },
    {
      key: 'distance',
      title: t('checkup.evidence.distance'),
      align: 'right' as const,
      render: (_: unknown, row: BeyondBuilding) =>
        row.distanceM === null
          ? <Tag color="red">{t('checkup.evidence.beyondSearch', { distance: numberText(n(e.searchedToM), locale) })}</Tag>
          : t('checkup.evidence.metres', { value: numberText(Math.round(row.distanceM), locale) }),
    },
    { key: 'nearest', title: t('checkup.evidence.nearest'), render: (_: unknown, row: BeyondBuilding) => row.facilityName ?? t('common.none') },
  ];
  return (
    <>
      {/* `children` is a head count here, not nested rows: antd must not read it as a tree. */}
      <Table<BeyondBuilding> size="small" rowKey="buildingId" expandable={{ childrenColumnName: 'nestedRows' }} columns={columns} dataSource={rows} pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false} scroll={{ x: 'max-content' }} data-testid="evidence-walk" />
      {n(e.buildingsBeyondCount) > rows.length && <Typography.Text type="secondary">{t('checkup.evidence.walkListed', { count: rows.length })}</Typography.Text>}
    </>
  );
}

function SizeEvidence({ e, kindLabel }: { e: Evidence; kindLabel: (code: string) => string }) {
  const { t } = useTranslation();
  const rows = list<SizedFacility>(e.undersized);
  if (e.missing) {
    return (
      <Flex wrap gap={4}>
        {list<string>(e.facilityKinds).map((kind) => (
          <Tag key={kind}>{kindLabel(kind)}</Tag>
        ))}
      </Flex>
    );
  }
  if (!rows.length) return null;
  const columns = [
    { key: 'name', title: t('checkup.evidence.facility'), dataIndex: 'name' },
    { key: 'kind', title: t('checkup.evidence.kind'), render: (_: unknown, row: SizedFacility) => kindLabel(row.kind) },
    {
      key: 'area',
      title: t('checkup.evidence.floorArea'),
      align: 'right' as const,
      render: (_: unknown, row: SizedFacility) => row.floorAreaM2 ?? <Typography.Text type="warning">{t('checkup.evidence.areaUnknown')}</Typography.Text>,
    },
  ];
  return <Table<SizedFacility> size="small" rowKey="facilityId" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} data-testid="evidence-size" />;
}

function PerHouseholdsEvidence({ e, kindLabel }: { e: Evidence; kindLabel: (code: string) => string }) {
  const { t } = useTranslation();
  const measure = String(e.measure ?? 'floor_area') as 'floor_area' | 'count' | 'capacity';
  const rows = list<CountedFacility>(e.facilities);
  const columns = [
    { key: 'name', title: t('checkup.evidence.facility'), dataIndex: 'name' },
    { key: 'kind', title: t('checkup.evidence.kind'), render: (_: unknown, row: CountedFacility) => kindLabel(row.kind) },
    { key: 'amount', title: t(`checkup.evidence.measures.${measure}`), dataIndex: 'amount', align: 'right' as const },
  ];
  return rows.length ? <Table<CountedFacility> size="small" rowKey="facilityId" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} /> : null;
}

function PresenceEvidence({ e, kindLabel }: { e: Evidence; kindLabel: (code: string) => string }) {
  const { t } = useTranslation();
  const minCount = n(e.minCount) || 1;
  return (
    <Flex wrap gap={4}>
      {list<{ kind: string; count: number }>(e.kinds).map(({ kind, count }) => (
        <Tag key={kind} color={count >= minCount ? 'green' : 'red'}>
          {kindLabel(kind)} · {t('checkup.evidence.count')} {count}
          {minCount > 1 && ` (${t('checkup.evidence.need', { count: minCount })})`}
        </Tag>
      ))}
    </Flex>
  );
}

function SurveyEvidence({ e }: { e: Evidence }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        { key: 'survey', label: t('checkup.evidence.surveyTitle'), children: String(e.surveyTitle ?? '') },
        { key: 'question', label: t('checkup.evidence.question'), children: String(e.questionLabel ?? '') },
        { key: 'responses', label: t('checkup.evidence.responses'), children: n(e.responses) },
        { key: 'score', label: t('checkup.evidence.score'), children: n(e.score).toFixed(1) },
      ]}
    />
  );
}

/** The evidence of one result: its one-line summary, then the table behind it. */
export function Evidence({ result }: { result: Result }) {
  const { t } = useTranslation();
  const kindLabel = useKindLabel();
  const e = result.evidence;
  let detail: React.ReactNode = null;
  if (result.status !== 'not_measured') {
    if (result.kind === 'walk') detail = <WalkEvidence e={e} />;
    if (result.kind === 'facility_size') detail = <SizeEvidence e={e} kindLabel={kindLabel} />;
    if (result.kind === 'per_households') detail = <PerHouseholdsEvidence e={e} kindLabel={kindLabel} />;
    if (result.kind === 'presence') detail = <PresenceEvidence e={e} kindLabel={kindLabel} />;
    if (result.kind === 'survey') detail = <SurveyEvidence e={e} />;
  }
  return (
    <Flex vertical gap={8} data-testid="evidence">
      <Typography.Text>{evidenceLine(result, t, kindLabel)}</Typography.Text>
      {detail}
    </Flex>
  );
}
