import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Grid, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateCategory, type SettingsCategory } from '../../api/ticketSettings.ts';
import { useLabelLanguage } from '../tickets/format.ts';
import { CategoryFormModal } from './CategoryFormModal.tsx';
import { failureText } from './failure.ts';
import { LimitInput } from './LimitInput.tsx';
import { formatLimit } from './limits.ts';

type Limits = Pick<SettingsCategory, 'acceptMinutes' | 'arriveMinutes' | 'resolveMinutes'>;
const limitKeys = ['acceptMinutes', 'arriveMinutes', 'resolveMinutes'] as const;

function NameCell({ row }: { row: SettingsCategory }) {
  const language = useLabelLanguage();
  const { t } = useTranslation();
  return (
    <Flex vertical style={{ minWidth: 0 }}>
      <Typography.Text strong>{row.name[language]}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {row.code} · {t(`ticketSettings.slaClasses.${row.slaClass}`)} · {t(`ticketSettings.calendars.${row.calendar}`)}
      </Typography.Text>
    </Flex>
  );
}

function LimitCell({ row, field, draft, onDraft }: { row: SettingsCategory; field: keyof Limits; draft?: Limits; onDraft: (d: Limits) => void }) {
  const { t } = useTranslation();
  if (draft) {
    return (
      <LimitInput calendar={row.calendar} value={draft[field]} testId={`limit-${field}`} ariaLabel={t(`ticketSettings.category.${field}`)}
        placeholder={field === 'arriveMinutes' ? t('ticketSettings.category.noArrive') : undefined}
        onChange={(minutes) => onDraft({ ...draft, [field]: field === 'arriveMinutes' ? minutes : (minutes ?? draft[field]) })} />
    );
  }
  const minutes = row[field];
  return minutes === null ? <Typography.Text type="secondary">{t('ticketSettings.category.noArrive')}</Typography.Text> : formatLimit(t, minutes, row.calendar);
}

function ActiveSwitch({ row, disabled }: { row: SettingsCategory; disabled: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateCategory();
  return (
    <Switch size="small" checked={row.active} disabled={disabled} loading={update.isPending} data-testid="category-active"
      checkedChildren={t('ticketSettings.category.on')} unCheckedChildren={t('ticketSettings.category.off')}
      onChange={(active) => update.mutate({ code: row.code, active }, { onError: (error) => void message.error(failureText(error)) })} />
  );
}

/** Edit limits in the row, or the rest in a form; save and cancel while editing. */
function RowActions({ row, draft, onEdit, onCancel, onMore }: { row: SettingsCategory; draft?: Limits; onEdit: () => void; onCancel: () => void; onMore: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateCategory();
  if (!draft) {
    return (
      <Flex gap={4} wrap>
        <Button size="small" onClick={onEdit} data-testid="category-edit-limits">{t('ticketSettings.category.editLimits')}</Button>
        <Button size="small" type="link" onClick={onMore} data-testid="category-edit">{t('ticketSettings.category.edit')}</Button>
      </Flex>
    );
  }
  const save = () => update.mutate({ code: row.code, ...draft }, {
    onSuccess: () => {
      void message.success(t('ticketSettings.saved'));
      onCancel();
    },
    onError: (error) => void message.error(failureText(error)),
  });
  return (
    <Flex gap={4} wrap>
      <Button size="small" type="primary" loading={update.isPending} onClick={save} data-testid="category-save">{t('ticketSettings.save')}</Button>
      <Button size="small" onClick={onCancel}>{t('common.cancel')}</Button>
    </Flex>
  );
}

/** 诉求类别: every category with its limits in human units; admins edit limits in the row, switch categories on and off, add new ones. */
export function CategoriesTab({ categories, canManage }: { categories: SettingsCategory[]; canManage: boolean }) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md ?? true;
  const [editing, setEditing] = useState<{ code: string; draft: Limits } | undefined>();
  const [form, setForm] = useState<{ category?: SettingsCategory } | undefined>();
  const draftOf = (row: SettingsCategory) => (editing?.code === row.code ? editing.draft : undefined);
  const onDraft = (row: SettingsCategory) => (draft: Limits) => setEditing({ code: row.code, draft });
  const limit = (row: SettingsCategory, field: keyof Limits) => <LimitCell row={row} field={field} draft={draftOf(row)} onDraft={onDraft(row)} />;
  const actions = (row: SettingsCategory) => (
    <RowActions row={row} draft={draftOf(row)} onCancel={() => setEditing(undefined)} onMore={() => setForm({ category: row })}
      onEdit={() => setEditing({ code: row.code, draft: { acceptMinutes: row.acceptMinutes, arriveMinutes: row.arriveMinutes, resolveMinutes: row.resolveMinutes } })} />
  );
  const columns = wide
    ? [
        { key: 'name', title: t('ticketSettings.category.name'), render: (_: unknown, row: SettingsCategory) => <NameCell row={row} /> },
        ...limitKeys.map((field) => ({ key: field, title: t(`ticketSettings.category.${field}`), render: (_: unknown, row: SettingsCategory) => limit(row, field) })),
        { key: 'active', title: t('ticketSettings.category.active'), render: (_: unknown, row: SettingsCategory) => <ActiveSwitch row={row} disabled={!canManage} /> },
        ...(canManage ? [{ key: 'actions', title: t('common.actions'), render: (_: unknown, row: SettingsCategory) => actions(row) }] : []),
      ]
    : [{
        key: 'category', title: t('ticketSettings.category.name'),
        render: (_: unknown, row: SettingsCategory) => (
          <Flex vertical gap={6} align="start">
            <NameCell row={row} />
            {limitKeys.map((field) => (
              <Flex key={field} gap={8} align="center" wrap>
                <Typography.Text type="secondary">{t(`ticketSettings.category.${field}`)}</Typography.Text>
                {limit(row, field)}
              </Flex>
            ))}
            <ActiveSwitch row={row} disabled={!canManage} />
            {canManage && actions(row)}
          </Flex>
        ),
      }];
  return (
    <>
      {canManage && (
        <Flex justify="end" style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({})} data-testid="category-new">{t('ticketSettings.category.add')}</Button>
        </Flex>
      )}
      <Table<SettingsCategory> rowKey="code" dataSource={categories} columns={columns} pagination={false} size="middle" scroll={wide ? { x: 'max-content' } : undefined}
        rowClassName={(row) => (row.active ? '' : 'linli-row-inactive')} onRow={(row) => ({ 'data-testid': `category-${row.code}` } as React.HTMLAttributes<HTMLElement>)} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('ticketSettings.category.neverDeleted')} <Tag>{t('ticketSettings.category.workdayNote')}</Tag>
      </Typography.Paragraph>
      <CategoryFormModal open={form !== undefined} category={form?.category} onClose={() => setForm(undefined)} />
    </>
  );
}
