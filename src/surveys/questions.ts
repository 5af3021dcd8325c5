/**
 * The rules of a questionnaire beyond its schema: what makes a set of questions sound, and what
 * makes a set of answers fit them. Pure functions; problems come back as coded details, worded
 * by the error handler in the caller's language.
 */
import type { CodedDetail } from '../platform/errors.ts';
import { TEXT_ANSWER_MAX } from './indicators.ts';
import type { AnswerValue, Answers, Question } from './schema.ts';

const isChoice = (q: Question) => q.type === 'single' || q.type === 'multiple';

/** The fields of its type only, with defaults filled in: what is stored and shown. */
function normaliseQuestion(q: Question): Question {
  const base: Question = { key: q.key, type: q.type, label: q.label.trim(), required: q.required ?? false };
  if (q.help?.trim()) base.help = q.help.trim();
  if (q.showIf) base.showIf = { questionKey: q.showIf.questionKey, anyOf: [...new Set(q.showIf.anyOf)] };
  if (q.feeds) base.feeds = q.feeds;
  if (isChoice(q)) base.options = (q.options ?? []).map((o) => ({ ...o, label: o.label.trim() }));
  if (q.type === 'scale') {
    Object.assign(base, { min: q.min ?? 1, max: q.max ?? 5 });
    if (q.minLabel?.trim()) base.minLabel = q.minLabel.trim();
    if (q.maxLabel?.trim()) base.maxLabel = q.maxLabel.trim();
  }
  return base;
}

/** Whether an answer may be the value of a condition on this question. */
function answersQuestion(q: Question, value: string | number): boolean {
  if (q.type === 'scale') return typeof value === 'number' && value >= q.min! && value <= q.max!;
  return typeof value === 'string' && (q.options ?? []).some((o) => o.value === value);
}

function checkOptions(q: Question, path: string): CodedDetail[] {
  if (!isChoice(q)) return [];
  const options = q.options ?? [];
  if (options.length < 2) return [{ path: `${path}.options`, code: 'OPTIONS_TOO_FEW' }];
  const seen = new Set<string>();
  const details: CodedDetail[] = [];
  options.forEach((o, i) => {
    if (seen.has(o.value)) details.push({ path: `${path}.options.${i}.value`, code: 'OPTION_VALUE_DUPLICATE', params: { value: o.value } });
    seen.add(o.value);
  });
  return details;
}

function checkCondition(q: Question, earlier: Map<string, Question>, path: string): CodedDetail[] {
  if (!q.showIf) return [];
  const target = earlier.get(q.showIf.questionKey);
  if (!target) return [{ path: `${path}.showIf.questionKey`, code: 'CONDITION_NOT_EARLIER' }];
  if (target.type === 'text') return [{ path: `${path}.showIf.questionKey`, code: 'CONDITION_ON_TEXT' }];
  return q.showIf.anyOf
    .filter((value) => !answersQuestion(target, value))
    .map((value) => ({ path: `${path}.showIf.anyOf`, code: 'CONDITION_VALUE_UNKNOWN' as const, params: { value: String(value) } }));
}

/** A question can feed an indicator when its answers turn into a 0–100 score. */
function checkFeeds(q: Question, fed: Set<string>, path: string): CodedDetail[] {
  if (!q.feeds) return [];
  const scorable = q.type === 'scale' || (q.type === 'single' && (q.options ?? []).some((o) => o.score !== undefined));
  if (!scorable) return [{ path: `${path}.feeds`, code: 'FEEDS_NOT_SCORABLE' }];
  if (fed.has(q.feeds)) return [{ path: `${path}.feeds`, code: 'FEEDS_DUPLICATE', params: { code: q.feeds } }];
  fed.add(q.feeds);
  return [];
}

/**
 * Normalises the questions and reports what is wrong with them: keys and option values unique,
 * choices with two options or more, scales that go up, conditions on earlier questions only (so
 * answers can be checked top to bottom in one pass), and one question per indicator fed.
 */
export function checkQuestions(input: Question[], pathPrefix = 'body.questions'): { questions: Question[]; details: CodedDetail[] } {
  const questions = input.map(normaliseQuestion);
  const earlier = new Map<string, Question>();
  const fed = new Set<string>();
  const details: CodedDetail[] = [];
  questions.forEach((q, i) => {
    const path = `${pathPrefix}.${i}`;
    if (earlier.has(q.key)) details.push({ path: `${path}.key`, code: 'QUESTION_KEY_DUPLICATE', params: { key: q.key } });
    details.push(...checkOptions(q, path));
    if (q.type === 'scale' && q.min! >= q.max!) details.push({ path: `${path}.max`, code: 'SCALE_RANGE_INVALID' });
    details.push(...checkCondition(q, earlier, path), ...checkFeeds(q, fed, path));
    earlier.set(q.key, q);
  });
  return { questions, details };
}

function isEmpty(value: AnswerValue | undefined): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** Whether a question is shown, given the answers kept so far. */
export function isShown(q: Question, answers: Answers): boolean {
  if (!q.showIf) return true;
  const given = answers[q.showIf.questionKey];
  const values: (string | number)[] = Array.isArray(given) ? given : given === undefined ? [] : [given];
  return values.some((v) => q.showIf!.anyOf.includes(v));
}

type Checked = { value: AnswerValue } | { error: CodedDetail };

function checkValue(q: Question, value: AnswerValue, path: string): Checked {
  const wrongType = { error: { path, code: 'ANSWER_WRONG_TYPE' as const } };
  const unknown = (v: string) => !(q.options ?? []).some((o) => o.value === v);
  switch (q.type) {
    case 'single':
      if (typeof value !== 'string') return wrongType;
      return unknown(value) ? { error: { path, code: 'ANSWER_OPTION_UNKNOWN', params: { value } } } : { value };
    case 'multiple': {
      if (!Array.isArray(value)) return wrongType;
      const bad = value.find(unknown);
      return bad !== undefined ? { error: { path, code: 'ANSWER_OPTION_UNKNOWN', params: { value: bad } } } : { value: [...new Set(value)] };
    }
    case 'scale':
      if (typeof value !== 'number') return wrongType;
      return value < q.min! || value > q.max! ? { error: { path, code: 'ANSWER_OUT_OF_RANGE', params: { min: q.min!, max: q.max! } } } : { value };
    case 'text': {
      if (typeof value !== 'string') return wrongType;
      const text = value.trim();
      return text.length > TEXT_ANSWER_MAX ? { error: { path, code: 'ANSWER_TOO_LONG', params: { limit: TEXT_ANSWER_MAX } } } : { value: text };
    }
  }
}

/**
 * Checks answers against the questions, top to bottom. A question hidden by its condition is
 * skipped and any answer to it is dropped, not refused: a form changed after a hidden question was
 * filled in (or a paper form where someone answered it anyway) should not fail. Required means
 * required when shown; empty answers count as none and are not stored.
 */
export function checkAnswers(questions: Question[], answers: Answers, pathPrefix = 'body.answers'): { answers: Answers; details: CodedDetail[] } {
  const known = new Set(questions.map((q) => q.key));
  const details: CodedDetail[] = Object.keys(answers)
    .filter((key) => !known.has(key))
    .map((key) => ({ path: `${pathPrefix}.${key}`, code: 'ANSWER_UNKNOWN_QUESTION' }));
  const kept: Answers = {};
  for (const q of questions) {
    const path = `${pathPrefix}.${q.key}`;
    const value = answers[q.key];
    if (!isShown(q, kept)) continue;
    if (isEmpty(value)) {
      if (q.required) details.push({ path, code: 'ANSWER_REQUIRED' });
      continue;
    }
    const checked = checkValue(q, value!, path);
    if ('error' in checked) details.push(checked.error);
    else kept[q.key] = checked.value;
  }
  return { answers: kept, details };
}
