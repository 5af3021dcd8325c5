/**
 * The rules of a gap project that hold whatever the storage: how its status may move, how its funding
 * relates to its budget, and when it is overdue. Pure functions; the service applies them.
 */
import { AppError, type CodedDetail } from '../platform/errors.ts';
import { projectStatusOrder } from './labels.ts';
import type { FundingEntry, ProjectStatus } from './schema.ts';

/** The steps a project takes one at a time; `accepted` follows `completed` only through an acceptance. */
const ladder = projectStatusOrder.filter((status) => status !== 'accepted');

export type StatusMove = 'forward' | 'back';

/**
 * Which way a status change goes, or the error that says why it may not: one step forward, or one
 * step back (the cheap undo of a click too many, with a reason); never out of or into `accepted`.
 */
export function statusMove(from: ProjectStatus, to: ProjectStatus): StatusMove {
  if (from === 'accepted') throw new AppError('PROJECT_ACCEPTED_FINAL');
  if (to === 'accepted') throw new AppError('PROJECT_ACCEPTANCE_ONLY');
  const step = ladder.indexOf(to) - ladder.indexOf(from);
  if (step === 1) return 'forward';
  if (step === -1) return 'back';
  throw new AppError('PROJECT_STATUS_STEP');
}

/** The statuses after which a project can no longer be late. */
export function isFinished(status: ProjectStatus): boolean {
  return status === 'completed' || status === 'accepted';
}

/** Late: the planned end (a China date, 'YYYY-MM-DD') is before today and the work is not finished. */
export function isOverdue(status: ProjectStatus, plannedEnd: string | null, today: string): boolean {
  return plannedEnd !== null && plannedEnd < today && !isFinished(status);
}

/** Yuan kept to whole fen: amounts are compared and summed in fen, so 0.1 + 0.2 is 0.3. */
export function toFen(yuan: number): number {
  return Math.round(yuan * 100);
}

export function fundingTotalYuan(funding: FundingEntry[]): number {
  return funding.reduce((sum, entry) => sum + toFen(entry.amountYuan), 0) / 100;
}

/**
 * Funding rounded to fen, each source once, and (when there is a budget) no more than the budget:
 * money promised beyond the budget is a typing mistake or a budget to raise first. Without a budget
 * any sum is accepted, since sources are often known before the estimate.
 */
export function checkFunding(budgetYuan: number | null, funding: FundingEntry[]): FundingEntry[] {
  const details: CodedDetail[] = [];
  const seen = new Set<string>();
  funding.forEach((entry, i) => {
    if (seen.has(entry.source)) details.push({ path: `body.funding.${i}.source`, code: 'FUNDING_SOURCE_REPEATED' });
    seen.add(entry.source);
  });
  if (details.length) throw new AppError('VALIDATION_FAILED', {}, details);
  const rounded = funding.map((entry) => ({ source: entry.source, amountYuan: toFen(entry.amountYuan) / 100 }));
  const total = fundingTotalYuan(rounded);
  if (budgetYuan !== null && toFen(total) > toFen(budgetYuan)) {
    throw new AppError('FUNDING_EXCEEDS_BUDGET', { funding: formatYuan(total), budget: formatYuan(budgetYuan) });
  }
  return rounded;
}

/** 1234567.5 → "1,234,567.50", as both languages write amounts of money. */
export function formatYuan(yuan: number): string {
  return yuan.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The planned end may not come before the planned start. */
export function checkPlannedDates(plannedStart: string | null, plannedEnd: string | null): void {
  if (plannedStart !== null && plannedEnd !== null && plannedEnd < plannedStart) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.plannedEnd', code: 'PLANNED_END_BEFORE_START' }]);
  }
}
