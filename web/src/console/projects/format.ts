import { useTranslation } from 'react-i18next';
import { projectStatusOrder } from '../../../../src/projects/labels.ts';
import type { ProjectStatus } from '../../api/projects.ts';

/** The colour of a status tag: grey while planned, blue while under way, green once done. */
export const statusColor: Record<ProjectStatus, string> = {
  proposed: 'default',
  approved: 'cyan',
  funded: 'geekblue',
  under_construction: 'processing',
  completed: 'lime',
  accepted: 'success',
};

/** The status one step on, unless the next is `accepted`, which only an acceptance reaches. */
export function nextStatus(status: ProjectStatus): ProjectStatus | undefined {
  const next = projectStatusOrder[projectStatusOrder.indexOf(status) + 1];
  return next === 'accepted' ? undefined : next;
}

/** The status one step back (the undo of a step taken by mistake); none from the first or from accepted. */
export function previousStatus(status: ProjectStatus): ProjectStatus | undefined {
  return status === 'accepted' ? undefined : projectStatusOrder[projectStatusOrder.indexOf(status) - 1];
}

export { projectStatusOrder };

/** Amounts of money as staff write them: 1,234,567.50 元 / ¥1,234,567.50. */
export function useYuan(): (amount: number | null | undefined) => string {
  const { t, i18n } = useTranslation();
  return (amount) => {
    if (amount === null || amount === undefined) return t('common.none');
    const text = amount.toLocaleString(i18n.language === 'en' ? 'en-US' : 'zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return t('projects.yuan', { amount: text });
  };
}

/** A moment in the reader's own zone, to the minute: 2026-11-26 16:00. */
export function formatMoment(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
