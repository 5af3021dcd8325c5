import type { CategoryAttribute } from '../db/schema.ts';
import { AppError, type CodedDetail } from '../platform/errors.ts';
import { presentAnswers } from '../tickets/present.ts';
import { parseW3 } from './conventions.ts';

// A request's answers to its service's attributes (the service definition): read from the form's
// attribute[code]=value and attribute[code][]=value fields, checked, and stored by code.

const FIELD = /^attribute\[([a-z][a-z0-9_]*)\](\[\])?$/;
const NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/;
export const STRING_LIMIT = 200;
export const TEXT_LIMIT = 2000;

/** The attribute fields of a form, by code; empty values count as not sent (the spec's optional arguments). */
export function attributeFields(form: Record<string, unknown>): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const [key, raw] of Object.entries(form)) {
    const code = FIELD.exec(key)?.[1];
    if (!code) continue;
    const values = ([] as unknown[]).concat(raw).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (values.length) fields.set(code, [...(fields.get(code) ?? []), ...values]);
  }
  return fields;
}

type Answer = string | number | string[];

/** One attribute's answer, or the detail code of what is wrong with it. */
function answerOf(def: CategoryAttribute, values: string[]): Answer | Omit<CodedDetail, 'path'> {
  const keys = def.values?.map((v) => v.key) ?? [];
  const unknown = values.find((v) => !keys.includes(v));
  if (def.datatype === 'multivaluelist') return unknown === undefined ? [...new Set(values)] : { code: 'ATTRIBUTE_VALUE_UNKNOWN', params: { value: unknown } };
  if (values.length > 1) return { code: 'ATTRIBUTE_ONE_VALUE' };
  const [value] = values;
  switch (def.datatype) {
    case 'singlevaluelist':
      return unknown === undefined ? value : { code: 'ATTRIBUTE_VALUE_UNKNOWN', params: { value } };
    case 'number':
      return NUMBER.test(value.trim()) ? Number(value) : { code: 'ATTRIBUTE_NOT_NUMBER' };
    case 'datetime':
      return parseW3(value.trim())?.toISOString() ?? { code: 'NOT_W3_DATETIME' };
    case 'string':
      if (/[\r\n]/.test(value)) return { code: 'ATTRIBUTE_LINE_BREAK' };
      return value.length <= STRING_LIMIT ? value.trim() : { code: 'ATTRIBUTE_TOO_LONG', params: { limit: STRING_LIMIT } };
    case 'text':
      return value.length <= TEXT_LIMIT ? value.trim() : { code: 'ATTRIBUTE_TOO_LONG', params: { limit: TEXT_LIMIT } };
  }
}

const isProblem = (a: Answer | Omit<CodedDetail, 'path'>): a is Omit<CodedDetail, 'path'> => typeof a === 'object' && !Array.isArray(a);

/** The answers by code, checked against the definitions; OPEN311_ATTRIBUTES_INVALID naming every problem. */
export function checkAttributes(definitions: CategoryAttribute[], fields: Map<string, string[]>): Record<string, Answer> {
  const problems: CodedDetail[] = [...fields.keys()]
    .filter((code) => !definitions.some((d) => d.code === code))
    .map((code) => ({ path: `body.attribute[${code}]`, code: 'ATTRIBUTE_UNKNOWN' }));
  const answers: Record<string, Answer> = {};
  for (const def of definitions) {
    const values = fields.get(def.code);
    const path = `body.attribute[${def.code}]`;
    if (!values) {
      if (def.required) problems.push({ path, code: 'ATTRIBUTE_REQUIRED' });
      continue;
    }
    const answer = answerOf(def, values);
    if (isProblem(answer)) problems.push({ path, ...answer });
    else answers[def.code] = answer;
  }
  if (problems.length) throw new AppError('OPEN311_ATTRIBUTES_INVALID', {}, problems);
  return answers;
}

/** The answers as the Extended Attributes extension lists them: label, attribute code, value, value code. */
export function describeAnswers(definitions: CategoryAttribute[], answers: Record<string, unknown>) {
  return presentAnswers(definitions, answers).flatMap((answer) =>
    answer.values.map((value) => ({ label: answer.label.zh, name: answer.code, value: value.name.zh, code: value.key })));
}
