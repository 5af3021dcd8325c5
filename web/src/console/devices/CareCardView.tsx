import { Card, Divider, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import type { CareCard } from '../../api/devices.ts';
import { Ago, SeverityTag } from './AlarmTags.tsx';
import { AwayControl } from './AwayControl.tsx';
import { LogCallButton, RecentCalls } from './CareCalls.tsx';
import { ContactChain, ContactsEditor } from './CareContacts.tsx';
import { Battery, DeviceStateTag, Signal } from './DeviceCells.tsx';
import { minutesSince, useLabelLanguage, useNow } from './format.ts';
import { rulesHref } from './ruleLevels.ts';

function Section({ title, extra, children }: { title: string; extra?: React.ReactNode; children: React.ReactNode }) {
  return (
    <>
      <Divider titlePlacement="start" plain style={{ margin: '10px 0 6px' }}>
        <Flex gap={8} align="center"><Typography.Text type="secondary" style={{ fontSize: 12 }}>{title}</Typography.Text>{extra}</Flex>
      </Divider>
      {children}
    </>
  );
}

/** Last door opening and water use: red once past the household's limit that raises an alarm, orange past half of it. */
function LastSigns({ card }: { card: CareCard }) {
  const { t } = useTranslation();
  const now = useNow();
  const sign = (label: string, at: string | null, limitHours: number | null, testId: string) => {
    const hours = at === null ? null : minutesSince(at, now) / 60;
    // A rule switched off (no limit) colours nothing.
    const past = (share: number) => hours !== null && limitHours !== null && hours >= limitHours * share;
    const type = past(1) ? 'danger' : past(0.5) ? 'warning' : undefined;
    return (
      <Flex vertical data-testid={testId} data-quiet={type === 'danger' ? 'true' : 'false'}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{label}</Typography.Text>
        <Typography.Text strong type={type}><Ago at={at} danger={type === 'danger'} /></Typography.Text>
      </Flex>
    );
  };
  const kinds = new Set(card.devices.map((d) => d.kind));
  return (
    <Flex gap={24} wrap>
      {kinds.has('door_magnet') && sign(t('devices.care.lastDoor'), card.lastDoorOpenAt, card.quietHours.door, 'care-last-door')}
      {kinds.has('water_meter') && sign(t('devices.care.lastWater'), card.lastWaterUseAt, card.quietHours.water, 'care-last-water')}
    </Flex>
  );
}

function OpenAlarms({ card }: { card: CareCard }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const navigate = useNavigate();
  if (!card.openAlarms.length) return <Typography.Text type="secondary">{t('devices.alarm.empty')}</Typography.Text>;
  return (
    <Flex vertical gap={4} data-testid="care-alarms">
      {card.openAlarms.map((a) => (
        <Flex key={a.id} gap={6} align="center" wrap style={{ cursor: 'pointer' }} onClick={() => navigate(`/alarms/${a.id}`)} data-testid={`care-alarm-${a.id}`}>
          <SeverityTag severity={a.severity} />
          <Typography.Link>{a.name[language]}</Typography.Link>
          <Ago at={a.firstAt} />
          {a.acknowledged
            ? <Tag color="success" style={{ marginInlineEnd: 0 }}>{t('devices.alarm.acknowledged')}</Tag>
            : <Tag color="warning" style={{ marginInlineEnd: 0 }}>{t('devices.alarm.unacknowledged')}</Tag>}
        </Flex>
      ))}
    </Flex>
  );
}

function Devices({ card }: { card: CareCard }) {
  const language = useLabelLanguage();
  return (
    <Flex vertical gap={2}>
      {card.devices.map((d) => (
        <Flex key={d.id} gap={8} align="center" wrap style={{ fontSize: 12 }}>
          <Typography.Text style={{ minWidth: 84 }}>{d.kindName[language]}</Typography.Text>
          <DeviceStateTag state={d.state} />
          {d.battery !== null && <Battery percent={d.battery} />}
          {d.signal !== null && <Signal dbm={d.signal} />}
        </Flex>
      ))}
    </Flex>
  );
}

/** 关爱卡片: one household with care devices — the elders, the signs of daily life, the devices, alarms, away state and the contact chain. */
export function CareCardView({ card }: { card: CareCard }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canHandle = hasPermission(me, 'alarms.handle');
  const alarming = card.openAlarms.length > 0;
  const elders = card.elders.map((e) => (e.age === null ? e.name : t('devices.care.elder', { name: e.name, age: e.age }))).join('、');
  const title = (
    <Flex vertical style={{ padding: '8px 0' }}>
      <Flex gap={6} align="center" wrap>
        <Typography.Text strong>{card.householdLabel}</Typography.Text>
        {alarming && <Tag color="error" style={{ marginInlineEnd: 0 }}>{t('devices.care.alarming')}</Tag>}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', whiteSpace: 'normal' }}>
        {[elders || t('devices.care.noElder'), card.gridName].filter(Boolean).join(' · ')}
      </Typography.Text>
    </Flex>
  );
  // This household's own limits (a frail elder's door watched after 12 hours instead of 24).
  const rulesLink = (
    <Link to={rulesHref({ communityId: card.communityId, householdId: card.householdId, kind: card.devices[0]?.kind })} data-testid="care-rules-link">
      {t('devices.rules.link')}
    </Link>
  );
  return (
    <Card size="small" title={title} className={alarming ? 'linli-care-alarming' : undefined} data-testid={`care-card-${card.householdId}`} extra={rulesLink}>
      <LastSigns card={card} />
      <Section title={t('devices.care.devices')}><Devices card={card} /></Section>
      <Section title={t('devices.care.openAlarms')}><OpenAlarms card={card} /></Section>
      <Section title={t('devices.care.away')}>{canHandle ? <AwayControl card={card} /> : (card.awayUntil ?? t('devices.care.home'))}</Section>
      <Section title={t('devices.care.contacts')} extra={canHandle && <ContactsEditor card={card} />}><ContactChain card={card} /></Section>
      <Section title={t('devices.care.calls')} extra={canHandle && <LogCallButton card={card} />}><RecentCalls card={card} /></Section>
    </Card>
  );
}
