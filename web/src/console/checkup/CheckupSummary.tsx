import { Alert, Col, Descriptions, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CheckupStatus, CheckupView } from '../../api/checkup.ts';
import { useLocale } from '../../i18n/index.ts';
import { dateTimeText, numberText } from './format.tsx';

const statuses: CheckupStatus[] = ['pass', 'partial', 'fail', 'not_measured'];
const statusValueColors: Record<CheckupStatus, string> = { pass: '#389e0d', partial: '#d46b08', fail: '#cf1322', not_measured: '#8c8c8c' };

/** A run at a glance: how many indicators passed and failed, and what it looked at. */
export function CheckupSummary({ checkup }: { checkup: CheckupView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { params, summary, standard } = checkup;
  const none = t('common.none');
  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="checkup-counts">
        {statuses.map((status) => (
          <Col key={status} xs={12} sm={6}>
            <Statistic title={t(`checkup.status.${status}`)} value={summary.counts[status]} styles={{ content: { color: statusValueColors[status] } }} />
          </Col>
        ))}
      </Row>
      {params.networkId === null && (
        <Alert type="warning" showIcon title={t('checkup.noNetwork')} description={t('checkup.noNetworkHint')} style={{ marginBottom: 12 }} data-testid="no-network" />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'standard', label: t('checkup.summary.standard'), children: t('checkup.summary.standardVersion', { name: standard.name, code: standard.code, version: standard.version }) },
          { key: 'at', label: t('checkup.summary.finishedAt'), children: dateTimeText(checkup.finishedAt, locale) },
          {
            key: 'network',
            label: t('checkup.summary.network'),
            children: params.networkId === null ? none : `${params.networkName ?? `#${params.networkId}`} · ${t('checkup.summary.walkingTime', { seconds: (params.walkingMs / 1000).toFixed(1) })}`,
          },
          { key: 'buildings', label: t('checkup.summary.buildings'), children: numberText(params.buildings, locale) },
          { key: 'households', label: t('checkup.summary.households'), children: numberText(params.households, locale) },
          {
            key: 'facilities',
            label: t('checkup.summary.facilities'),
            children: t('checkup.summary.facilitiesValue', { value: numberText(params.facilities, locale), margin: numberText(params.marginM, locale) }),
          },
        ]}
      />
    </>
  );
}
