import { QuestionCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CheckupStatus, ResultView } from '../../api/checkup.ts';
import type { Locale } from '../../api/types.ts';

export const statusColors: Record<CheckupStatus, string> = { pass: 'green', partial: 'orange', fail: 'red', not_measured: 'default' };

/** 达标 green, 部分达标 orange, 未达标 red, 未测 grey. */
export function StatusTag({ status }: { status: CheckupStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`checkup.status.${status}`)}
    </Tag>
  );
}

/** The figure came from a secondary source: an editable default, with where it came from on hover. */
export function UncertainMark({ source }: { source: string | null }) {
  const { t } = useTranslation();
  const title = [t('checkup.results.uncertainHint'), source && t('checkup.results.source', { source })].filter(Boolean).join(' ');
  return (
    <Tooltip title={title}>
      <Tag color="gold" variant="outlined" style={{ marginInlineEnd: 0, cursor: 'help' }} data-testid="uncertain">
        {t('checkup.results.uncertain')} <QuestionCircleOutlined />
      </Tag>
    </Tooltip>
  );
}

/** The server's units ('%', 'm²', 'm²/100户', '/100户', '分') in the UI language. */
export function unitText(unit: string | null, t: TFunction): string {
  if (!unit) return '';
  if (unit === '分') return ` ${t('checkup.units.points')}`;
  const per = /^(.*)\/(\d+)户$/.exec(unit);
  if (per) return `${per[1] ? ` ${per[1]}` : ''}${t('checkup.units.perHouseholds', { n: per[2] })}`;
  return unit === '%' ? unit : ` ${unit}`;
}

export function numberText(value: number, locale: Locale): string {
  return value.toLocaleString(locale, { maximumFractionDigits: 2 });
}

/** What was measured and what the standard asks, as a worker reads them. */
export function measureTexts(result: Pick<ResultView, 'kind' | 'status' | 'value' | 'target' | 'unit' | 'evidence'>, t: TFunction, locale: Locale) {
  const none = t('common.none');
  const unit = unitText(result.unit, t);
  if (result.value === null) {
    return { measured: none, required: result.target === null ? none : t('checkup.results.atLeast', { value: numberText(result.target, locale) + unit }) };
  }
  const value = numberText(result.value, locale);
  const target = result.target === null ? null : numberText(result.target, locale);
  if (result.kind === 'walk') {
    const distance = numberText(Number(result.evidence.maxDistanceM ?? 0), locale);
    const key = result.evidence.countedBy === 'buildings' ? 'checkup.results.walkValueBuildings' : 'checkup.results.walkValue';
    return { measured: t(key, { value, distance }), required: t('checkup.results.atLeast', { value: `${target}%` }) };
  }
  if (result.kind === 'presence') {
    return { measured: t('checkup.results.presenceValue', { value, target }), required: `${target}${t('checkup.units.kinds')}` };
  }
  return { measured: value + unit, required: target === null ? none : t('checkup.results.atLeast', { value: target + unit }) };
}

export function dateTimeText(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleString(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function dateText(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleDateString(locale, { year: 'numeric', month: '2-digit', day: '2-digit' });
}
