import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, InputNumber, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKindMappings, useSaveKindMappings, type KindMappingRule } from '../../api/checkup.ts';
import { useFacilityKinds } from '../../api/places.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { useKindLabel } from '../../components/useKindLabel.ts';
import { ProblemList, problemsOf } from './problems.tsx';

/** A rule being edited, with a key that survives reordering and deletion. */
interface Draft extends KindMappingRule {
  uid: number;
}
type Field = keyof KindMappingRule;

let nextUid = 1;
const withUid = (rule: KindMappingRule): Draft => ({ ...rule, uid: nextUid++ });

/** 设施类型映射: OSM tags and name words → the standard's facility kinds; an admin edits, everyone else reads. */
export function KindMappingsTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useKindMappings();
  const kinds = useFacilityKinds();
  const kindLabel = useKindLabel();
  const save = useSaveKindMappings();
  const [draft, setDraft] = useState<Draft[] | null>(null);
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(1);
  const [sent, setSent] = useState<Draft[]>([]);
  const rows = useMemo(() => draft ?? rules.data?.map(withUid) ?? [], [draft, rules.data]);
  const editing = canEdit;

  // Server problems point at the rules as sent ("rules.3.kind"): kept by the rows' keys, they stay on their rows through later edits.
  const problems = useMemo(() => {
    const byRow = new Map<number, Map<string, string>>();
    for (const problem of problemsOf(save.error)) {
      const match = /^rules\.(\d+)\.(\w+)/.exec(problem.path);
      const uid = match ? sent[Number(match[1])]?.uid : undefined;
      if (!match || uid === undefined) continue;
      const fields = byRow.get(uid) ?? new Map<string, string>();
      fields.set(match[2], problem.message);
      byRow.set(uid, fields);
    }
    return byRow;
  }, [save.error, sent]);

  const update = (uid: number, field: Field, value: string | number) =>
    setDraft(rows.map((row) => (row.uid === uid ? { ...row, [field]: value } : row)));
  const remove = (uid: number) => setDraft(rows.filter((row) => row.uid !== uid));
  const add = () => {
    setDraft([withUid({ source: 'text', pattern: '', kind: kinds.data?.[0]?.code ?? '', priority: 100 }), ...rows]);
    setFilter('');
    setPage(1);
  };
  const submit = () => {
    setSent(rows);
    save.mutate(
      { rules: rows.map(({ uid: _uid, ...rule }) => rule) },
      {
        onSuccess: (saved) => {
          setDraft(null);
          void message.success(t('standards.mappings.saved', { count: saved.rules.length }));
        },
      },
    );
  };

  const problemOf = (row: Draft, field: Field) => problems.get(row.uid)?.get(field);
  const withProblem = (row: Draft, field: Field, control: React.ReactNode) => {
    const problem = problemOf(row, field);
    return problem ? (
      <Tooltip title={problem}>
        {control}
      </Tooltip>
    ) : (
      control
    );
  };
  const kindOptions = kinds.data?.map((kind) => ({ value: kind.code, label: kindLabel(kind.code) }));
  const columns = [
    {
      key: 'source',
      title: t('standards.mappings.source'),
      render: (_: unknown, row: Draft) =>
        editing ? (
          <Select
            size="small"
            value={row.source}
            onChange={(value) => update(row.uid, 'source', value)}
            options={(['osm', 'text'] as const).map((value) => ({ value, label: t(`standards.mappings.sources.${value}`) }))}
            style={{ width: 120 }}
          />
        ) : (
          <Tag>{t(`standards.mappings.sources.${row.source}`)}</Tag>
        ),
    },
    {
      key: 'pattern',
      title: t('standards.mappings.pattern'),
      render: (_: unknown, row: Draft) =>
        editing
          ? withProblem(
              row,
              'pattern',
              <Input size="small" value={row.pattern} status={problemOf(row, 'pattern') ? 'error' : undefined} onChange={(event) => update(row.uid, 'pattern', event.target.value)} maxLength={200} style={{ width: 220 }} aria-label={t('standards.mappings.pattern')} />,
            )
          : <Typography.Text code>{row.pattern}</Typography.Text>,
    },
    {
      key: 'kind',
      title: t('standards.mappings.kind'),
      render: (_: unknown, row: Draft) =>
        editing
          ? withProblem(
              row,
              'kind',
              <Select size="small" showSearch={{ optionFilterProp: 'label' }} value={row.kind} status={problemOf(row, 'kind') ? 'error' : undefined} onChange={(value) => update(row.uid, 'kind', value)} options={kindOptions} style={{ width: 180 }} />,
            )
          : kindLabel(row.kind),
    },
    {
      key: 'priority',
      title: <Tooltip title={t('standards.mappings.priorityHint')}>{t('standards.mappings.priority')}</Tooltip>,
      render: (_: unknown, row: Draft) =>
        editing ? (
          <InputNumber size="small" min={0} max={10_000} precision={0} value={row.priority} onChange={(value) => update(row.uid, 'priority', value ?? 0)} style={{ width: 90 }} />
        ) : (
          row.priority
        ),
    },
    ...(editing
      ? [
          {
            key: 'remove',
            title: '',
            render: (_: unknown, row: Draft) => (
              <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.uid)} aria-label={t('standards.mappings.remove')} />
            ),
          },
        ]
      : []),
  ];
  const needle = filter.trim().toLowerCase();
  const shown = needle ? rows.filter((row) => row.pattern.toLowerCase().includes(needle) || row.kind.includes(needle) || kindLabel(row.kind).toLowerCase().includes(needle)) : rows;
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('standards.mappings.intro')} {t('standards.mappings.patternHint')}
      </Typography.Paragraph>
      {!canEdit && <Alert type="info" showIcon title={t('standards.mappings.readOnly')} />}
      <ErrorAlert error={rules.error} />
      {save.error !== null && (
        <ProblemList
          error={save.error}
          describe={(path) => {
            const match = /^rules\.(\d+)\.(\w+)/.exec(path);
            const row = match ? sent[Number(match[1])] : undefined;
            return row ? `${t(`standards.mappings.sources.${row.source}`)} “${row.pattern}” → ${kindLabel(row.kind)}` : path;
          }}
        />
      )}
      <Flex wrap gap={8} justify="space-between">
        <Input.Search allowClear placeholder={t('standards.mappings.filter')} value={filter} onChange={(event) => setFilter(event.target.value)} style={{ width: 240 }} />
        {canEdit && (
          <Flex gap={8} wrap>
            <Button icon={<PlusOutlined />} onClick={add} data-testid="mapping-add">
              {t('standards.mappings.add')}
            </Button>
            <Button type="primary" icon={<SaveOutlined />} disabled={draft === null} loading={save.isPending} onClick={submit} data-testid="mapping-save">
              {t('standards.mappings.save')}
            </Button>
          </Flex>
        )}
      </Flex>
      <Table<Draft>
        rowKey="uid"
        size="small"
        loading={rules.isPending}
        columns={columns}
        dataSource={shown}
        pagination={{ current: page, onChange: setPage, pageSize: 20, showSizeChanger: false, size: 'small' }}
        scroll={{ x: 'max-content' }}
        data-testid="kind-mappings"
      />
    </Flex>
  );
}
