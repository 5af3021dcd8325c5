import { App, Button, Card, Flex, Form, Input, InputNumber, Popconfirm, Switch, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSetRuleParams, type RuleLevel, type RuleSetting } from '../../api/devices.ts';
import { fieldErrors, showFieldErrors } from '../../api/fieldErrors.ts';
import { errorText } from '../../components/ErrorResult.tsx';
import { SeverityTag } from './AlarmTags.tsx';
import { useLabelLanguage } from './format.ts';
import { inheritedOf, levelNameOf, overridesFrom, sourceOf, type LevelName, type ParamValue, type Source } from './ruleLevels.ts';

/** A parameter as the server describes it (`specs` in GET /api/device-rules). */
interface Spec {
  type: 'number' | 'boolean' | 'time';
  min?: number;
  max?: number;
  unit?: string;
  integer?: boolean;
}

type Values = { params: Record<string, ParamValue | null> };

const sourceColor: Record<Source, string | undefined> = { default: undefined, community: 'blue', household: 'green', device: 'purple' };

/** Parameter names and units in words: a rule's own wording (`door_inactive.hours`) before the shared one (`enabled`). */
function useParamWords() {
  const { t } = useTranslation();
  const labels = t('devices.rules.params', { returnObjects: true }) as Record<string, string | Record<string, string>>;
  const units = t('devices.rules.units', { returnObjects: true }) as Record<string, string>;
  const unit = (spec: Spec) => (spec.unit ? units[spec.unit] ?? ` ${spec.unit}` : '');
  const label = (rule: RuleSetting, name: string) => {
    const own = labels[rule.alarmType];
    const shared = labels[name];
    return (typeof own === 'object' && own[name]) || (typeof shared === 'string' ? shared : name);
  };
  const value = (spec: Spec, v: ParamValue) => {
    if (spec.type === 'boolean') return t(v ? 'devices.rules.on' : 'devices.rules.off');
    return spec.type === 'number' ? `${v}${unit(spec)}` : String(v);
  };
  return { unit, label, value };
}

function SourceTag({ source }: { source: Source }) {
  const { t } = useTranslation();
  const name = t(`devices.rules.sources.${source}`);
  return (
    <Tooltip title={t('devices.rules.sourceTitle', { source: name })}>
      <Tag color={sourceColor[source]} style={{ marginInlineEnd: 0 }} data-testid="param-source">{name}</Tag>
    </Tooltip>
  );
}

/** The input a parameter's type takes. No min/max on numbers: antd would clamp silently; the server says what is allowed, at the field. */
function ParamInput({ spec, unit, testId, value, onChange, id }: {
  spec: Spec; unit: string; testId: string; value?: ParamValue | null; onChange?: (next: unknown) => void; id?: string;
}) {
  if (spec.type === 'boolean') return <Switch id={id} checked={value === true} onChange={onChange} data-testid={testId} />;
  if (spec.type === 'time') return <Input id={id} type="time" value={String(value ?? '')} onChange={onChange} style={{ width: 140 }} data-testid={testId} />;
  return (
    <InputNumber<number> id={id} value={typeof value === 'number' ? value : null} onChange={onChange} suffix={unit.trim() || undefined}
      step={spec.integer ? 1 : undefined} style={{ width: 180, maxWidth: '100%' }} data-testid={testId} />
  );
}

/** One parameter: its value at this level, where that comes from, its range, and what applies without this level's setting. */
function ParamField({ rule, name, level }: { rule: RuleSetting; name: string; level: LevelName }) {
  const { t } = useTranslation();
  const words = useParamWords();
  const spec = rule.specs[name] as unknown as Spec;
  const source = sourceOf(rule, name, level);
  const inherited = inheritedOf(rule, name, level);
  const hints = [
    spec.type === 'number' && t('devices.rules.range', { min: spec.min, max: spec.max, unit: words.unit(spec) }),
    source === level && t('devices.rules.inherited', { value: words.value(spec, inherited.value), source: t(`devices.rules.sources.${inherited.source}`) }),
  ].filter(Boolean);
  const label = <Flex gap={6} align="center" wrap>{words.label(rule, name)}<SourceTag source={source} /></Flex>;
  return (
    <Form.Item name={['params', name]} label={label} extra={hints.join(' · ') || undefined} data-testid={`param-${name}`}>
      <ParamInput spec={spec} unit={words.unit(spec)} testId={`param-${name}-input`} />
    </Form.Item>
  );
}

/**
 * One rule at one level: its parameters as they apply there, each saying where its value comes from.
 * Saving stores what this level changes; 恢复默认 drops this level's settings of the rule.
 */
export function RuleCard({ rule, level, canManage }: { rule: RuleSetting; level: RuleLevel; canManage: boolean }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [dirty, setDirty] = useState(false);
  const setParams = useSetRuleParams();
  const levelName = levelNameOf(level);
  // What applies changed (saved here, or elsewhere and asked again): the form shows it afresh.
  const applies = JSON.stringify(rule.effective);
  useEffect(() => {
    form.resetFields();
    setDirty(false);
  }, [form, applies]);
  const save = (params: Record<string, ParamValue>, done: string) => setParams.mutate({ code: rule.code, ...level, params }, {
    onSuccess: () => {
      setDirty(false);
      void message.success(done);
    },
    onError: (error) => {
      showFieldErrors(form, error);
      if (!fieldErrors(error).length) void message.error(errorText(error));
    },
  });
  const title = (
    <Flex gap={6} align="center" wrap style={{ padding: '6px 0' }}>
      <SeverityTag severity={rule.severity} />
      <span style={{ whiteSpace: 'normal' }}>{rule.name[language]}</span>
      {rule.effective.enabled === false && <Tag style={{ marginInlineEnd: 0 }}>{t('devices.rules.switchedOff')}</Tag>}
    </Flex>
  );
  return (
    <Card size="small" title={title} data-testid={`rule-${rule.code}`}>
      <Form<Values> form={form} layout="vertical" initialValues={{ params: rule.effective }} disabled={!canManage} requiredMark={false}
        onValuesChange={() => setDirty(true)} onFinish={(values) => save(overridesFrom(rule, levelName, values.params), t('devices.rules.saved'))}>
        {Object.keys(rule.specs).map((name) => <ParamField key={name} rule={rule} name={name} level={levelName} />)}
        {canManage && (
          <Flex gap={8} wrap>
            <Button type="primary" htmlType="submit" disabled={!dirty} loading={setParams.isPending} data-testid="rule-save">{t('devices.rules.save')}</Button>
            {Object.keys(rule[levelName]).length > 0 && (
              <Popconfirm title={t(`devices.rules.restoreConfirm.${levelName}`)} okText={t('common.confirm')} cancelText={t('common.cancel')}
                onConfirm={() => save({}, t('devices.rules.restored'))} okButtonProps={{ 'data-testid': 'rule-restore-confirm' }}>
                <Button data-testid="rule-restore">{t('devices.rules.restore')}</Button>
              </Popconfirm>
            )}
          </Flex>
        )}
      </Form>
    </Card>
  );
}
