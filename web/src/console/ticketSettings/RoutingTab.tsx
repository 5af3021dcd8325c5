import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Select, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreas } from '../../api/places.ts';
import { useDepartments } from '../../api/projects.ts';
import { useReplaceRoutingRules, type RoutingRuleInput, type RoutingRuleView, type RoutingTarget, type SettingsCategory } from '../../api/ticketSettings.ts';
import type { AreaView } from '../../api/types.ts';
import { useLabelLanguage } from '../tickets/format.ts';
import { failureText } from './failure.ts';

const targets: RoutingTarget[] = ['grid', 'community', 'department'];
/** A rule being edited, with a key that survives moving it up and down. */
type Draft = RoutingRuleInput & { key: number };
let nextKey = 0;
const draftOf = (rules: RoutingRuleView[]): Draft[] =>
  rules.map((r) => ({ key: nextKey++, categoryCode: r.categoryCode, areaId: r.areaId, target: r.target, departmentId: r.departmentId }));

interface AreaNode {
  value: number;
  title: string;
  children: AreaNode[];
}

/** The areas the admin sees as a tree (city → … → grid), for "this area and everything under it". */
function useAreaTree(enabled: boolean): AreaNode[] {
  const areas = useAreas({}, enabled);
  return useMemo(() => {
    const items: AreaView[] = areas.data ?? [];
    const nodes = new Map(items.map((a) => [a.id, { value: a.id, title: a.name, children: [] as AreaNode[] }]));
    const roots: AreaNode[] = [];
    for (const a of items) {
      const parent = a.parentId === null ? undefined : nodes.get(a.parentId);
      (parent ? parent.children : roots).push(nodes.get(a.id)!);
    }
    return roots;
  }, [areas.data]);
}

/** One rule read aloud: 噪音扰民 · 和睦社区 → 所在社区. */
function RuleText({ rule, index }: { rule: RoutingRuleView; index: number }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  return (
    <Flex gap={8} wrap align="center" className="linli-rule" data-testid="routing-rule">
      <Tag>{index + 1}</Tag>
      <span>{rule.categoryName?.[language] ?? t('ticketSettings.routing.anyCategory')}</span>
      <Typography.Text type="secondary">·</Typography.Text>
      <span>{rule.areaName ?? t('ticketSettings.routing.anyArea')}</span>
      <Typography.Text type="secondary">→</Typography.Text>
      <Typography.Text strong>{t(`ticketSettings.routing.targets.${rule.target}`)}{rule.departmentName ? `：${rule.departmentName}` : ''}</Typography.Text>
    </Flex>
  );
}

function RuleEditor({ rule, index, count, categories, areaTree, onChange, onMove, onRemove }: {
  rule: Draft; index: number; count: number; categories: SettingsCategory[]; areaTree: AreaNode[];
  onChange: (rule: Draft) => void; onMove: (by: -1 | 1) => void; onRemove: () => void;
}) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const departments = useDepartments();
  const any = (label: string) => [{ value: '', label }];
  return (
    <Flex gap={8} wrap align="center" className="linli-rule linli-rule-edit" data-testid="routing-rule">
      <Tag>{index + 1}</Tag>
      <Select className="linli-rule-field" value={rule.categoryCode ?? ''} aria-label={t('ticketSettings.routing.category')} data-testid="rule-category"
        options={[...any(t('ticketSettings.routing.anyCategory')), ...categories.map((c) => ({ value: c.code, label: c.name[language] }))]}
        onChange={(code) => onChange({ ...rule, categoryCode: code || null })} />
      <TreeSelect className="linli-rule-field" value={rule.areaId ?? undefined} treeData={areaTree} allowClear showSearch treeNodeFilterProp="title"
        placeholder={t('ticketSettings.routing.anyArea')} aria-label={t('ticketSettings.routing.area')} data-testid="rule-area"
        onChange={(id?: number) => onChange({ ...rule, areaId: id ?? null })} />
      <Select className="linli-rule-field" value={rule.target} aria-label={t('ticketSettings.routing.target')} data-testid="rule-target"
        options={targets.map((target) => ({ value: target, label: t(`ticketSettings.routing.targets.${target}`) }))}
        onChange={(target) => onChange({ ...rule, target, departmentId: target === 'department' ? rule.departmentId : null })} />
      {rule.target === 'department' && (
        <Select className="linli-rule-field" value={rule.departmentId ?? undefined} placeholder={t('ticketSettings.routing.department')}
          loading={departments.isLoading} options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} data-testid="rule-department"
          onChange={(departmentId) => onChange({ ...rule, departmentId })} />
      )}
      <Flex gap={4}>
        <Button size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('ticketSettings.routing.moveUp')} />
        <Button size="small" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('ticketSettings.routing.moveDown')} />
        <Button size="small" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('common.delete')} />
      </Flex>
    </Flex>
  );
}

/** 派单规则: the ordered rules, first match wins; admins edit the list and save it in one go. */
export function RoutingTab({ rules, categories, canManage }: { rules: RoutingRuleView[]; categories: SettingsCategory[]; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Draft[] | undefined>();
  const areaTree = useAreaTree(draft !== undefined);
  const replace = useReplaceRoutingRules();
  const explanation = <Typography.Paragraph type="secondary">{t('ticketSettings.routing.intro')}</Typography.Paragraph>;
  if (!draft) {
    return (
      <>
        {explanation}
        <Flex vertical gap={8}>
          {rules.map((rule, index) => <RuleText key={rule.id} rule={rule} index={index} />)}
          {!rules.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ticketSettings.routing.empty')} />}
          <Typography.Text type="secondary">{t('ticketSettings.routing.fallback')}</Typography.Text>
        </Flex>
        {canManage && <Button style={{ marginTop: 12 }} onClick={() => setDraft(draftOf(rules))} data-testid="routing-edit">{t('ticketSettings.routing.edit')}</Button>}
      </>
    );
  }
  const set = (index: number, rule: Draft) => setDraft(draft.map((r, i) => (i === index ? rule : r)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...draft];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    setDraft(next);
  };
  const save = () => replace.mutate(draft.map(({ key: _key, ...rule }) => rule), {
    onSuccess: () => {
      void message.success(t('ticketSettings.saved'));
      setDraft(undefined);
    },
    onError: (error) => void message.error(failureText(error)),
  });
  return (
    <>
      {explanation}
      <Flex vertical gap={8}>
        {draft.map((rule, index) => (
          <RuleEditor key={rule.key} rule={rule} index={index} count={draft.length} categories={categories} areaTree={areaTree}
            onChange={(r) => set(index, r)} onMove={(by) => move(index, by)} onRemove={() => setDraft(draft.filter((_, i) => i !== index))} />
        ))}
        <Typography.Text type="secondary">{t('ticketSettings.routing.fallback')}</Typography.Text>
      </Flex>
      <Flex gap={8} wrap style={{ marginTop: 12 }}>
        <Button icon={<PlusOutlined />} data-testid="routing-add"
          onClick={() => setDraft([...draft, { key: nextKey++, categoryCode: null, areaId: null, target: 'community', departmentId: null }])}>
          {t('ticketSettings.routing.add')}
        </Button>
        <Button type="primary" loading={replace.isPending} onClick={save} data-testid="routing-save">{t('ticketSettings.save')}</Button>
        <Button onClick={() => setDraft(undefined)}>{t('common.cancel')}</Button>
      </Flex>
    </>
  );
}
