import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Flex, InputNumber, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Indicator, StandardDocument } from '../../api/checkup.ts';
import { useKindLabel } from '../../components/useKindLabel.ts';
import { useLabel } from '../checkup/ResultsList.tsx';
import { indicatorKey, indicatorOf, type Problem } from './problems.tsx';

type Aspect = StandardDocument['aspects'][number];
type Item = Aspect['items'][number];
/** The thresholds a person may change in place; the rest of a standard is changed as JSON. */
export const numberFields = ['maxDistanceM', 'minAreaM2', 'amount', 'perHouseholds', 'minCount', 'minScore', 'passShare', 'partialShare'] as const;
export type NumberField = (typeof numberFields)[number];

/** Which thresholds each kind of indicator has, and the bounds the standard's schema sets. */
const kindFields: Record<Indicator['kind'], NumberField[]> = {
  walk: ['maxDistanceM'],
  facility_size: ['minAreaM2'],
  per_households: ['amount', 'perHouseholds'],
  presence: ['minCount'],
  survey: ['minScore'],
};
const bounds: Record<NumberField, { min: number; max: number; step: number; precision?: number }> = {
  maxDistanceM: { min: 1, max: 5000, step: 50, precision: 0 },
  minAreaM2: { min: 1, max: 1_000_000, step: 10 },
  amount: { min: 0.01, max: 1_000_000, step: 1 },
  perHouseholds: { min: 1, max: 100_000, step: 10, precision: 0 },
  minCount: { min: 1, max: 1000, step: 1, precision: 0 },
  minScore: { min: 0, max: 100, step: 5 },
  passShare: { min: 0, max: 1, step: 0.05 },
  partialShare: { min: 0, max: 1, step: 0.05 },
};
/** What an absent share means (src/checkup/standardRules.ts indicatorDefaults). */
const shareDefaults: Partial<Record<NumberField, number>> = { passShare: 1, partialShare: 0.8, minCount: 1 };

interface Row {
  key: string;
  item: Item;
  itemIndex: number;
  itemSpan: number;
  indicator: Indicator | null;
  indicatorIndex: number;
}

export interface IndicatorEditing {
  /** The draft being edited, or null when only reading. */
  draft: StandardDocument | null;
  original: StandardDocument;
  onChange: (a: number, i: number, n: number, field: NumberField, value: number | null) => void;
  problems: Map<string, Problem[]>;
}

function rowsOf(aspect: Aspect): Row[] {
  return aspect.items.flatMap((item, itemIndex): Row[] => {
    if (!item.indicators.length) return [{ key: item.code, item, itemIndex, itemSpan: 1, indicator: null, indicatorIndex: -1 }];
    return item.indicators.map((indicator, indicatorIndex) => ({
      key: `${item.code}-${indicator.code}`,
      item,
      itemIndex,
      itemSpan: indicatorIndex === 0 ? item.indicators.length : 0,
      indicator,
      indicatorIndex,
    }));
  });
}

function FieldValue(props: { a: number; row: Row; field: NumberField; editing: IndicatorEditing }) {
  const { t } = useTranslation();
  const { a, row, field, editing } = props;
  const key = indicatorKey(a, row.itemIndex, row.indicatorIndex);
  const original = editing.original.aspects[a].items[row.itemIndex].indicators[row.indicatorIndex]?.[field];
  const label = t(`standards.fields.${field}`);
  if (!editing.draft) {
    const value = row.indicator?.[field];
    if (value === undefined && shareDefaults[field] === undefined) return null;
    return (
      <div>
        <Typography.Text type="secondary">{label}：</Typography.Text>
        {value ?? <Typography.Text type="secondary">{shareDefaults[field]}</Typography.Text>}
      </div>
    );
  }
  const value = editing.draft.aspects[a].items[row.itemIndex].indicators[row.indicatorIndex][field];
  const wrong = editing.problems.get(key)?.some((p) => indicatorOf(p.path)?.field === field);
  const changed = value !== original;
  const { min, max, step, precision } = bounds[field];
  return (
    <Flex align="center" gap={4} style={{ marginBottom: 4 }}>
      <Typography.Text type="secondary" style={{ minWidth: 96 }}>
        {label}
      </Typography.Text>
      <InputNumber
        size="small"
        value={value ?? null}
        placeholder={shareDefaults[field] === undefined ? undefined : String(shareDefaults[field])}
        min={min}
        max={max}
        step={step}
        precision={precision}
        status={wrong ? 'error' : changed ? 'warning' : undefined}
        onChange={(next) => editing.onChange(a, row.itemIndex, row.indicatorIndex, field, typeof next === 'number' ? next : null)}
        aria-label={`${row.indicator?.code} ${field}`}
        data-testid={`edit-${row.indicator?.code}-${field}`}
        style={{ width: 110 }}
      />
    </Flex>
  );
}

/** One aspect of a standard: its items and their indicators with the thresholds, editable in place while editing. */
export function IndicatorTable({ aspect, aspectIndex, editing }: { aspect: Aspect; aspectIndex: number; editing: IndicatorEditing }) {
  const { t } = useTranslation();
  const label = useLabel();
  const kindLabel = useKindLabel();
  const columns = [
    {
      key: 'item',
      title: t('standards.item'),
      width: 150,
      onCell: (row: Row) => ({ rowSpan: row.itemSpan }),
      render: (_: unknown, row: Row) => `${row.item.code} ${label(row.item.name)}`,
    },
    {
      key: 'indicator',
      title: t('standards.indicator'),
      render: (_: unknown, row: Row) => {
        if (!row.indicator) return <Tag>{t('standards.manualItem')}</Tag>;
        const { indicator } = row;
        const problems = editing.problems.get(indicatorKey(aspectIndex, row.itemIndex, row.indicatorIndex)) ?? [];
        return (
          <Flex vertical gap={2}>
            <span>
              {label(indicator.name)}{' '}
              {indicator.uncertain && (
                <Tooltip title={t('standards.uncertainHint')}>
                  <Tag color="gold" variant="outlined">
                    {t('standards.uncertain')}
                  </Tag>
                </Tooltip>
              )}
              {indicator.source && (
                <Tooltip title={`${t('standards.source')}：${indicator.source}`}>
                  <InfoCircleOutlined style={{ color: '#8c8c8c' }} aria-label={t('standards.source')} />
                </Tooltip>
              )}
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {indicator.code} · {t(`standards.kinds.${indicator.kind}`)}
              {indicator.population && indicator.population !== 'all' ? ` · ${t(`standards.populations.${indicator.population}`)}` : ''}
            </Typography.Text>
            {problems.map((problem, index) => (
              <Typography.Text key={index} type="danger" style={{ fontSize: 12 }} data-testid="indicator-problem">
                {problem.message}
              </Typography.Text>
            ))}
          </Flex>
        );
      },
    },
    {
      key: 'kinds',
      title: t('standards.facilityKinds'),
      render: (_: unknown, row: Row) => (
        <Flex wrap gap={4}>
          {row.indicator?.facilityKinds?.map((kind) => (
            <Tag key={kind} style={{ marginInlineEnd: 0 }}>
              {kindLabel(kind)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      key: 'thresholds',
      title: t('standards.thresholds'),
      render: (_: unknown, row: Row) =>
        row.indicator && (
          <>
            {[...kindFields[row.indicator.kind], 'passShare' as const, 'partialShare' as const].map((field) => (
              <FieldValue key={field} a={aspectIndex} row={row} field={field} editing={editing} />
            ))}
          </>
        ),
    },
  ];
  return (
    <Card size="small" title={`${aspect.code} ${label(aspect.name)}`}>
      <Table<Row> rowKey="key" size="small" columns={columns} dataSource={rowsOf(aspect)} pagination={false} scroll={{ x: 'max-content' }} bordered />
    </Card>
  );
}
