import { Alert, Empty, Grid, Select, Spin, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useDeviceKinds, useRuleSettings, type RuleLevel, type RuleSetting } from '../../api/devices.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { useLabelLanguage } from './format.ts';
import { RuleCard } from './RuleCard.tsx';
import { CurrentLevel, RuleLevelPicker, useDefaultCommunity } from './RuleLevelPicker.tsx';
import { levelNameOf, rulesSearch } from './ruleLevels.ts';
import './devices.css';

const idOf = (value: string | null) => {
  const id = Number(value);
  return value && Number.isInteger(id) && id > 0 ? id : undefined;
};

/** The level the address names (the device drawer and care cards link to one), else the default community's. */
function levelOf(search: URLSearchParams, fallbackCommunity: number | undefined): RuleLevel | undefined {
  const communityId = idOf(search.get('communityId')) ?? fallbackCommunity;
  if (communityId === undefined) return undefined;
  return { communityId, householdId: idOf(search.get('householdId')), deviceId: search.get('deviceId') || undefined };
}

/**
 * The rules of one level, a device kind at a time (in the order kinds are listed), each rule a card:
 * tabs on a wide screen; on a phone, where eleven tabs would hide behind a menu, a select.
 */
function KindRules({ rules, level, kind, onKind, canManage }: {
  rules: RuleSetting[]; level: RuleLevel; kind: string | null; onKind: (kind: string) => void; canManage: boolean;
}) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const wide = Grid.useBreakpoint().md ?? true;
  const kinds = useDeviceKinds();
  const shown = (kinds.data ?? []).filter((k) => rules.some((r) => r.kind === k.code));
  if (!rules.length) return <Empty description={t('devices.rules.empty')} />;
  const active = shown.some((k) => k.code === kind) ? kind! : shown[0]?.code;
  const levelKey = rulesSearch(level).toString();
  const cards = (code: string) => (
    <div className="linli-rules-grid">
      {rules.filter((r) => r.kind === code).map((rule) => <RuleCard key={`${levelKey}:${rule.code}`} rule={rule} level={level} canManage={canManage} />)}
    </div>
  );
  const options = shown.map((k) => ({ value: k.code, label: k.name[language] }));
  if (wide) return <Tabs activeKey={active} onChange={onKind} items={options.map((o) => ({ key: o.value, label: o.label, children: cards(o.value) }))} data-testid="rule-kinds" />;
  return (
    <>
      {shown.length > 1 && (
        <Select value={active} onChange={onKind} options={options} showSearch={{ optionFilterProp: 'label' }} style={{ width: '100%', marginBottom: 12 }}
          aria-label={t('devices.columns.kind')} data-testid="rule-kind-select" />
      )}
      {active && cards(active)}
    </>
  );
}

/**
 * 规则设置: the ready rules of every device kind, tuned for a community, then for one household or one
 * device of it. Each parameter shows where its value comes from (默认, 社区, 住户, 设备); a level's
 * settings of a rule are dropped with 恢复默认.
 */
export default function RulesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const fallback = useDefaultCommunity();
  // A grid worker reaches single households only: the page opens on choosing one (until anyone chooses).
  const [chosenPicking, setPicking] = useState<boolean>();
  const picking = chosenPicking ?? fallback.gridsOnly;
  const level = levelOf(search, fallback.communityId);
  const choosing = level !== undefined && picking && levelNameOf(level) === 'community';
  const rules = useRuleSettings(choosing ? undefined : level);
  const kind = search.get('kind');
  const go = (next: RuleLevel, nextKind = kind ?? undefined) => setSearch(rulesSearch({ ...next, kind: nextKind }), { replace: true });
  const canManage = hasPermission(me, 'devices.manage');
  return (
    <Page title={t('nav.deviceRules')}>
      {level === undefined ? <Spin /> : (
        <div className="linli-rules-layout">
          <RuleLevelPicker level={level} onChange={go} picking={picking} onPicking={setPicking} />
          <div style={{ minWidth: 0 }}>
            {choosing ? <Alert type="info" showIcon title={t('devices.rules.pickHousehold')} data-testid="rule-pick-household" /> : (
              <>
                <CurrentLevel level={level} />
                {!canManage && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('devices.rules.readOnly')} />}
                <ErrorAlert error={rules.error} />
                {rules.isPending && <Spin />}
                {rules.data && <KindRules rules={rules.data} level={level} kind={kind} onKind={(k) => go(level, k)} canManage={canManage} />}
              </>
            )}
          </div>
        </div>
      )}
    </Page>
  );
}
