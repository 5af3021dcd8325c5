import type { Question } from '../../api/types.ts';

/** The first `prefix<n>` not taken: question keys and option values are ids the builder makes, never typed. */
export function nextId(prefix: string, taken: (string | undefined)[]): string {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** A new question: a required single choice with two empty options, the most common kind. */
export function newQuestion(questions: Question[]): Question {
  return { key: nextId('q', questions.map((q) => q?.key)), type: 'single', label: '', required: true, options: [{ value: 'o1', label: '' }, { value: 'o2', label: '' }] };
}
