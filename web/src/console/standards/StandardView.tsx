import { CopyOutlined, DownloadOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveStandard, useStandard, type StandardDetail, type StandardDocument } from '../../api/checkup.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { useLocale } from '../../i18n/index.ts';
import { dateText } from '../checkup/format.tsx';
import { CloneModal } from './CloneModal.tsx';
import { IndicatorTable, numberFields, type IndicatorEditing, type NumberField } from './IndicatorTable.tsx';
import { indicatorOf, ProblemList, problemsOf, type Problem } from './problems.tsx';

/** A standard as its file: what 导出 JSON saves and 导入 JSON reads. */
export function standardFile(standard: StandardDetail) {
  return { code: standard.code, name: standard.name, ...(standard.note ? { note: standard.note } : {}), document: standard.document };
}

function downloadJson(name: string, value: unknown): void {
  const href = URL.createObjectURL(new Blob([JSON.stringify(value, null, 1)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

function countChanges(draft: StandardDocument, original: StandardDocument): number {
  let changes = 0;
  draft.aspects.forEach((aspect, a) =>
    aspect.items.forEach((item, i) =>
      item.indicators.forEach((indicator, n) => {
        const before = original.aspects[a].items[i].indicators[n];
        for (const field of numberFields) if (indicator[field] !== before[field]) changes += 1;
      }),
    ),
  );
  return changes;
}

/** Problems of a failed save, by indicator ("a.i.n"), to show on their rows. */
function problemsByIndicator(error: unknown): Map<string, Problem[]> {
  const byIndicator = new Map<string, Problem[]>();
  for (const problem of problemsOf(error)) {
    const at = indicatorOf(problem.path);
    if (at) byIndicator.set(at.key, [...(byIndicator.get(at.key) ?? []), problem]);
  }
  return byIndicator;
}

interface StandardViewProps {
  id: number;
  /** Whether the user may save versions of this standard (standards.manage, and it is theirs). */
  canEdit: boolean;
  canManage: boolean;
  onSaved: (id: number) => void;
}

/** One version of a standard: aspects → items → indicators with their thresholds; edited in place into a new version. */
export function StandardView({ id, canEdit, canManage, onSaved }: StandardViewProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = useLocale();
  const standard = useStandard(id);
  const save = useSaveStandard();
  const [draft, setDraft] = useState<StandardDocument | null>(null);
  const [cloning, setCloning] = useState(false);
  const problems = useMemo(() => problemsByIndicator(save.error), [save.error]);

  if (standard.isPending) return <Spin />;
  if (standard.isError) return <ErrorAlert error={standard.error} />;
  const detail = standard.data;
  const onChange = (a: number, i: number, n: number, field: NumberField, value: number | null) =>
    setDraft((current) => {
      if (!current) return current;
      const next = structuredClone(current);
      const indicator = next.aspects[a].items[i].indicators[n];
      if (value === null) delete indicator[field];
      else indicator[field] = value;
      return next;
    });
  const editing: IndicatorEditing = { draft, original: detail.document, onChange, problems };
  const changes = draft ? countChanges(draft, detail.document) : 0;
  const startEditing = () => {
    save.reset();
    setDraft(structuredClone(detail.document));
  };
  const submit = () =>
    draft &&
    save.mutate(
      { code: detail.code, name: detail.name, ...(detail.note ? { note: detail.note } : {}), document: draft },
      {
        onSuccess: (saved) => {
          void message.success(t('standards.saved', { version: saved.version }));
          setDraft(null);
          onSaved(saved.id);
        },
      },
    );

  const actions = (
    <Flex wrap gap={8}>
      {canEdit && !draft && (
        <Button icon={<EditOutlined />} onClick={startEditing} data-testid="standard-edit">
          {t('standards.edit')}
        </Button>
      )}
      {draft && (
        <>
          <Button onClick={() => setDraft(null)}>{t('standards.cancelEdit')}</Button>
          <Button type="primary" icon={<SaveOutlined />} disabled={!changes} loading={save.isPending} onClick={submit} data-testid="standard-save">
            {t('standards.saveVersion')}
          </Button>
        </>
      )}
      {canManage && !draft && (
        <Button icon={<CopyOutlined />} onClick={() => setCloning(true)} data-testid="standard-clone">
          {t('standards.clone')}
        </Button>
      )}
      <Button icon={<DownloadOutlined />} onClick={() => downloadJson(`${detail.code}-v${detail.version}.json`, standardFile(detail))} data-testid="standard-export">
        {t('standards.exportJson')}
      </Button>
    </Flex>
  );
  const shown = draft ?? detail.document;
  return (
    <Flex vertical gap={12} data-testid="standard-view">
      <Card size="small">
        <Flex justify="space-between" wrap gap={8} align="start">
          <div>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {detail.name}
            </Typography.Title>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              style={{ marginTop: 8 }}
              items={[
                { key: 'code', label: t('standards.code'), children: detail.code },
                { key: 'version', label: t('standards.version'), children: t('standards.versionLabel', { version: detail.version }) },
                { key: 'date', label: t('standards.createdAt'), children: dateText(detail.createdAt, locale) },
                ...(detail.note ? [{ key: 'note', label: t('standards.note'), children: detail.note, span: 3 }] : []),
              ]}
            />
          </div>
          {actions}
        </Flex>
        {canManage && !canEdit && detail.areaId === null && <Alert type="info" showIcon title={t('standards.nationalReadOnly')} style={{ marginTop: 8 }} />}
        {draft && changes > 0 && (
          <Typography.Text type="warning" data-testid="standard-changes">
            {t('standards.changed', { count: changes })}
          </Typography.Text>
        )}
      </Card>
      {draft && <ProblemList error={save.error} document={draft} />}
      {shown.aspects.map((aspect, a) => (
        <IndicatorTable key={aspect.code} aspect={aspect} aspectIndex={a} editing={editing} />
      ))}
      <CloneModal
        standard={cloning ? detail : undefined}
        onClose={() => setCloning(false)}
        onCloned={(clone) => {
          setCloning(false);
          onSaved(clone.id);
        }}
      />
    </Flex>
  );
}
