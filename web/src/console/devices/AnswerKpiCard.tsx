import { Card, Col, List, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAnswerKpi, type AnswerKpi } from '../../api/devices.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { formatRate } from '../tickets/format.ts';

/** The telecare standard's goals for critical alarms answered within 60 s and 180 s. */
const goals = { within60s: 0.975, within180s: 0.99 } as const;
const shownHouseholds = 5;

function ShareFigure({ kpi, share }: { kpi: AnswerKpi; share: keyof typeof goals }) {
  const { t } = useTranslation();
  const value = kpi[share];
  const met = value === null || value >= goals[share];
  return (
    <div data-testid={`kpi-${share}`}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`devices.kpi.${share}`)}</Typography.Text>
      <div className="linli-device-kpi" style={{ color: met ? undefined : '#cf1322' }}>{formatRate(value, t('common.none'))}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('devices.kpi.goal', { goal: formatRate(goals[share], '') })}</Typography.Text>
    </div>
  );
}

/** Households whose alarms were most often false this period: where a device or a rule needs a look. */
function FalseAlarms({ kpi }: { kpi: AnswerKpi }) {
  const { t } = useTranslation();
  const rows = kpi.falseAlarms.filter((row) => row.falseAlarms > 0).slice(0, shownHouseholds);
  if (!rows.length) return <Typography.Text type="secondary">{t('devices.kpi.noFalseAlarms')}</Typography.Text>;
  return (
    <List size="small" split={false} dataSource={rows} data-testid="kpi-false-alarms"
      renderItem={(row) => (
        <List.Item style={{ padding: '2px 0' }}>
          <Typography.Text>{row.householdLabel} · {row.month}</Typography.Text>
          <Typography.Text type={row.rate >= 0.5 ? 'danger' : 'secondary'}>
            {t('devices.kpi.falseRate', { rate: formatRate(row.rate, ''), part: row.falseAlarms, whole: row.alarms })}
          </Typography.Text>
        </List.Item>
      )} />
  );
}

/** 接警时效: of this month's critical alarms, the shares answered within 60 s and 180 s against their goals, and false alarms per household. */
export function AnswerKpiCard({ communityId }: { communityId: number | undefined }) {
  const { t } = useTranslation();
  const query = useAnswerKpi({ communityId });
  const kpi = query.data;
  return (
    <Card size="small" title={t('devices.kpi.title')} extra={kpi && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{kpi.from} – {kpi.to}</Typography.Text>}
      style={{ marginBottom: 12 }} data-testid="answer-kpi">
      <ErrorAlert error={query.error} />
      {kpi && (
        <Row gutter={[16, 12]}>
          <Col xs={12} md={5}><ShareFigure kpi={kpi} share="within60s" /></Col>
          <Col xs={12} md={5}><ShareFigure kpi={kpi} share="within180s" /></Col>
          <Col xs={12} md={4}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('devices.kpi.critical')}</Typography.Text>
            <div className="linli-device-kpi">{kpi.critical}</div>
          </Col>
          <Col xs={12} md={4} data-testid="kpi-unacknowledged">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('devices.kpi.unacknowledged')}</Typography.Text>
            <div className="linli-device-kpi" style={{ color: kpi.unacknowledged > 0 ? '#cf1322' : undefined }}>{kpi.unacknowledged}</div>
          </Col>
          <Col xs={24} md={6}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('devices.kpi.falseAlarms')}</Typography.Text>
            <FalseAlarms kpi={kpi} />
          </Col>
        </Row>
      )}
    </Card>
  );
}
