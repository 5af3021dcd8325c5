import { Empty, Flex, Modal, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCheckupComparison, type CheckupChange } from '../../api/checkup.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { useLocale } from '../../i18n/index.ts';
import { dateTimeText, numberText, StatusTag, unitText } from './format.tsx';
import { useLabel } from './ResultsList.tsx';

type Side = CheckupChange['before'];

function SideCell({ side, unit }: { side: Side; unit: string | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!side) return <Typography.Text type="secondary">{t('checkup.compare.absent')}</Typography.Text>;
  return (
    <Flex gap={6} align="center" wrap>
      <StatusTag status={side.status} />
      {side.value !== null && <span>{numberText(side.value, locale) + unitText(unit, t)}</span>}
    </Flex>
  );
}

const shownBuildings = 12;

function Buildings({ names, color }: { names: string[]; color: string }) {
  const { t } = useTranslation();
  const rest = names.slice(shownBuildings);
  return (
    <Flex wrap gap={4}>
      {names.slice(0, shownBuildings).map((name, index) => (
        <Tag key={`${name}-${index}`} color={color} style={{ marginInlineEnd: 0 }}>
          {name}
        </Tag>
      ))}
      {rest.length > 0 && (
        <Tooltip title={rest.join(t('checkup.evidence.kindSeparator'))}>
          <Tag style={{ marginInlineEnd: 0, cursor: 'help' }}>{t('checkup.compare.more', { count: rest.length })}</Tag>
        </Tooltip>
      )}
    </Flex>
  );
}

/** Buildings "now in reach" mean something only when both runs measured the walk. */
const bothMeasured = (row: CheckupChange) => row.before?.status !== 'not_measured' && row.after?.status !== 'not_measured' && !!row.before && !!row.after;

/** 与上次比较: what changed from the earlier run to this one, indicator by indicator. */
export function CompareModal({ checkupId, beforeId, onClose }: { checkupId: number; beforeId: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = useLabel();
  const comparison = useCheckupComparison(checkupId, beforeId);
  const data = comparison.data;
  const columns = [
    { key: 'name', title: t('checkup.compare.indicator'), width: 200, render: (_: unknown, row: CheckupChange) => label(row.name) },
    { key: 'before', title: t('checkup.compare.before'), width: 130, render: (_: unknown, row: CheckupChange) => <SideCell side={row.before} unit={row.unit} /> },
    { key: 'after', title: t('checkup.compare.after'), width: 130, render: (_: unknown, row: CheckupChange) => <SideCell side={row.after} unit={row.unit} /> },
    {
      key: 'reach',
      title: t('checkup.compare.buildings'),
      width: 380,
      render: (_: unknown, row: CheckupChange) =>
        bothMeasured(row) && (
        <Flex vertical gap={4}>
          {row.nowInReach.length > 0 && (
            <div>
              <Typography.Text type="success">{t('checkup.compare.nowInReach')}</Typography.Text>
              <Buildings names={row.nowInReach} color="green" />
            </div>
          )}
          {row.noLongerInReach.length > 0 && (
            <div>
              <Typography.Text type="danger">{t('checkup.compare.noLongerInReach')}</Typography.Text>
              <Buildings names={row.noLongerInReach} color="red" />
            </div>
          )}
        </Flex>
      ),
    },
  ];
  return (
    <Modal open={beforeId !== undefined} title={t('checkup.compare.title')} footer={null} onCancel={onClose} width={900} destroyOnHidden>
      <ErrorAlert error={comparison.error} />
      {comparison.isPending && <Spin />}
      {data && (
        <>
          <Typography.Paragraph type="secondary">
            {t('checkup.compare.range', { before: dateTimeText(data.before.finishedAt, locale), after: dateTimeText(data.after.finishedAt, locale) })}
          </Typography.Paragraph>
          {data.changes.length === 0 ? (
            <Empty description={t('checkup.compare.same')} data-testid="compare-same" />
          ) : (
            <Table<CheckupChange> rowKey="indicatorCode" size="small" columns={columns} dataSource={data.changes} pagination={false} tableLayout="fixed" scroll={{ x: 840 }} data-testid="compare-table" />
          )}
        </>
      )}
    </Modal>
  );
}
