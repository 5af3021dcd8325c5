import { describe, expect, it } from 'vitest';
import { chinaDate } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { checkFunding, checkPlannedDates, isOverdue, statusMove } from './rules.ts';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return (err as AppError).code;
  }
  return undefined;
};

describe('status moves', () => {
  it('goes one step forward or one back, never skipping', () => {
    expect(statusMove('proposed', 'approved')).toBe('forward');
    expect(statusMove('under_construction', 'completed')).toBe('forward');
    expect(statusMove('funded', 'approved')).toBe('back');
    expect(codeOf(() => statusMove('proposed', 'funded'))).toBe('PROJECT_STATUS_STEP');
    expect(codeOf(() => statusMove('completed', 'proposed'))).toBe('PROJECT_STATUS_STEP');
    expect(codeOf(() => statusMove('approved', 'approved'))).toBe('PROJECT_STATUS_STEP');
  });

  it('reaches accepted only through an acceptance, and never leaves it', () => {
    expect(codeOf(() => statusMove('completed', 'accepted'))).toBe('PROJECT_ACCEPTANCE_ONLY');
    expect(codeOf(() => statusMove('accepted', 'completed'))).toBe('PROJECT_ACCEPTED_FINAL');
  });
});

describe('funding', () => {
  it('keeps the sum within the budget, counting in fen', () => {
    expect(checkFunding(0.3, [{ source: 'district', amountYuan: 0.1 }, { source: 'residents', amountYuan: 0.2 }])).toHaveLength(2);
    const err = (() => {
      try {
        checkFunding(100_000, [{ source: 'district', amountYuan: 80_000 }, { source: 'social', amountYuan: 30_000.5 }]);
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err?.code).toBe('FUNDING_EXCEEDS_BUDGET');
    expect(err?.params).toEqual({ funding: '110,000.50', budget: '100,000.00' });
  });

  it('takes any sum without a budget, rounds to fen and refuses a source twice', () => {
    expect(checkFunding(null, [{ source: 'city', amountYuan: 12.345 }])).toEqual([{ source: 'city', amountYuan: 12.35 }]);
    expect(codeOf(() => checkFunding(null, [{ source: 'city', amountYuan: 1 }, { source: 'city', amountYuan: 2 }]))).toBe('VALIDATION_FAILED');
  });
});

describe('dates', () => {
  it('is overdue after the planned end (China date) until completed', () => {
    expect(isOverdue('under_construction', '2026-11-25', '2026-11-26')).toBe(true);
    expect(isOverdue('under_construction', '2026-11-26', '2026-11-26')).toBe(false);
    expect(isOverdue('completed', '2026-01-01', '2026-11-26')).toBe(false);
    expect(isOverdue('proposed', null, '2026-11-26')).toBe(false);
  });

  it('counts the day in China: 17:00 UTC is already tomorrow there', () => {
    expect(chinaDate(new Date('2026-11-26T15:59:00Z'))).toBe('2026-11-26');
    expect(chinaDate(new Date('2026-11-26T16:00:00Z'))).toBe('2026-11-27');
  });

  it('refuses an end before the start', () => {
    expect(codeOf(() => checkPlannedDates('2026-12-01', '2026-11-30'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => checkPlannedDates('2026-12-01', '2026-12-01'))).toBeUndefined();
  });
});
