/**
 * Survey results from answer counts: shares per option, the scale's mean and distribution, and
 * the 0–100 score of a question that feeds a checkup indicator. Pure; the store does the counting.
 */
import type { Question, QuestionResult } from './schema.ts';

/** How often each value was given to each question (multiple choice counts every option picked). */
export interface AnswerCounts {
  /** question key → answer value as text → count */
  values: Map<string, Map<string, number>>;
  /** question key → responses that answered it */
  answered: Map<string, number>;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The scale's points from low to high. */
function scalePoints(q: Question): number[] {
  return Array.from({ length: q.max! - q.min! + 1 }, (_, i) => q.min! + i);
}

/** The mean of the points given, or null when nobody answered. */
function scaleMean(q: Question, counts: Map<string, number>): { mean: number | null; n: number } {
  let sum = 0;
  let n = 0;
  for (const point of scalePoints(q)) {
    const count = counts.get(String(point)) ?? 0;
    sum += point * count;
    n += count;
  }
  return { mean: n ? sum / n : null, n };
}

/**
 * A question's score 0–100 and how many answers it rests on. Scale: where the mean sits between
 * the lowest and highest point. Single choice: the mean score of the options chosen; an option
 * without a score ("don't know") is left out rather than counted as zero.
 */
export function scoreOf(q: Question, counts: Map<string, number>): { score: number | null; responses: number } {
  if (q.type === 'scale') {
    const { mean, n } = scaleMean(q, counts);
    return { score: mean === null ? null : round(((mean - q.min!) / (q.max! - q.min!)) * 100, 1), responses: n };
  }
  if (q.type !== 'single') return { score: null, responses: 0 };
  let sum = 0;
  let n = 0;
  for (const option of q.options ?? []) {
    if (option.score === undefined) continue;
    const count = counts.get(option.value) ?? 0;
    sum += option.score * count;
    n += count;
  }
  return { score: n ? round(sum / n, 1) : null, responses: n };
}

function optionCounts(q: Question, counts: Map<string, number>, answered: number) {
  const percent = (count: number) => (answered ? round((count / answered) * 100, 1) : 0);
  const entries =
    q.type === 'scale'
      ? scalePoints(q).map((point) => ({ value: String(point), label: String(point) }))
      : (q.options ?? []).map((o) => ({ value: o.value, label: o.label }));
  return entries.map((e) => {
    const count = counts.get(e.value) ?? 0;
    return { ...e, count, percent: percent(count) };
  });
}

/** One question's results; percentages are of the responses that answered it (multiple choice may add up past 100). */
export function summariseQuestion(q: Question, counts: AnswerCounts): QuestionResult {
  const values = counts.values.get(q.key) ?? new Map<string, number>();
  const answered = counts.answered.get(q.key) ?? 0;
  const scored = q.feeds ? scoreOf(q, values) : { score: null, responses: 0 };
  const mean = q.type === 'scale' ? scaleMean(q, values).mean : null;
  return {
    key: q.key, type: q.type, label: q.label, feeds: q.feeds ?? null, answered,
    options: q.type === 'text' ? [] : optionCounts(q, values, answered),
    mean: mean === null ? null : round(mean, 2),
    score: scored.score, scoreResponses: scored.responses,
  };
}
