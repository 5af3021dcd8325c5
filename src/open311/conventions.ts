import type { CalendarKind, SlaClass } from '../db/schema.ts';

// The spec's conventions as this server follows them: instants in the w3 format, optional arguments,
// and a category's time limits worded as the promise a reporter is given (description, service_notice).

const CHINA_OFFSET_MS = 8 * 3600_000;

/** An instant as the spec's w3 datetime, in China time with its offset: 2026-11-26T16:00:00+08:00. */
export function w3(at: Date): string {
  return `${new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/**
 * A w3 datetime with its zone as an instant; undefined when it names no real day (2026-02-30, which
 * Date would roll over into March). A '+' sent unencoded in a query string arrives as a space.
 */
export function parseW3(text: string): Date | undefined {
  const normalized = text.replace(/ (\d{2}:\d{2})$/, '+$1');
  const date = /^(\d{4})-(\d{2})-(\d{2})T/.exec(normalized);
  const at = new Date(normalized);
  if (!date || Number.isNaN(at.getTime())) return undefined;
  const daysInMonth = new Date(Date.UTC(Number(date[1]), Number(date[2]), 0)).getUTCDate();
  return Number(date[3]) >= 1 && Number(date[3]) <= daysInMonth ? at : undefined;
}

/** "Optional" means the same whether a parameter is passed empty or not at all: an empty value is none. */
export const given = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** The SLA classes as groups of services (the spec's `group`), in zh and for keywords in en. */
export const slaGroups: Record<SlaClass, { zh: string; en: string }> = {
  emergency: { zh: '紧急类', en: 'emergency' },
  utility: { zh: '市政公用类', en: 'utilities' },
  general: { zh: '一般类', en: 'general' },
  complex: { zh: '复杂类', en: 'complex' },
};

const WORKING_DAY_MINUTES = 480;

function duration(minutes: number, calendar: CalendarKind): string {
  if (calendar === 'working' && minutes % WORKING_DAY_MINUTES === 0) return `${minutes / WORKING_DAY_MINUTES} 个工作日`;
  if (minutes % 60 === 0) return `${minutes / 60} 小时`;
  return `${minutes} 分钟`;
}

export interface Limits {
  calendar: CalendarKind;
  accept_minutes: number;
  arrive_minutes: number | null;
  resolve_minutes: number;
}

/** 1 分钟内受理，10 分钟内到场，2 小时内办结（全天候计时）: what a report of the category can expect. */
export function slaPromise(limits: Limits): string {
  const steps = [
    `${duration(limits.accept_minutes, limits.calendar)}内受理`,
    ...(limits.arrive_minutes === null ? [] : [`${duration(limits.arrive_minutes, limits.calendar)}内到场`]),
    `${duration(limits.resolve_minutes, limits.calendar)}内办结`,
  ];
  return `${steps.join('，')}（${limits.calendar === 'working' ? '按工作时间计' : '全天候计时'}）`;
}
