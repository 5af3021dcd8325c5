import type { FastifySchemaValidationError } from 'fastify';
import type { ErrorDetail, Locale } from './errors.ts';

/** Schema-validation failures in words a person understands, per field, in zh-CN or en. */
const templates: Record<string, { zh: string; en: string }> = {
  required: { zh: '缺少必填项“{field}”', en: '"{field}" is required' },
  minLength: { zh: '至少 {limit} 个字符', en: 'must have at least {limit} characters' },
  maxLength: { zh: '最多 {limit} 个字符', en: 'must have at most {limit} characters' },
  minimum: { zh: '不能小于 {limit}', en: 'must be at least {limit}' },
  maximum: { zh: '不能大于 {limit}', en: 'must be at most {limit}' },
  minItems: { zh: '至少 {limit} 项', en: 'must have at least {limit} items' },
  maxItems: { zh: '最多 {limit} 项', en: 'must have at most {limit} items' },
  type: { zh: '类型应为 {type}', en: 'must be of type {type}' },
  enum: { zh: '只能是：{allowed}', en: 'must be one of: {allowed}' },
  const: { zh: '取值不正确', en: 'has a wrong value' },
  pattern: { zh: '格式不正确', en: 'has the wrong format' },
  format: { zh: '格式应为 {format}', en: 'must be a valid {format}' },
  additionalProperties: { zh: '不认识的字段“{field}”', en: 'unknown field "{field}"' },
  anyOf: { zh: '取值不符合任何允许的形式', en: 'matches none of the allowed forms' },
};

function fill(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    return Array.isArray(value) ? value.join(', ') : String(value ?? '');
  });
}

export function describeValidationErrors(
  errors: FastifySchemaValidationError[],
  context: string,
  locale: Locale,
): ErrorDetail[] {
  return errors.map((error) => {
    const params = error.params as Record<string, unknown>;
    const field = (params.missingProperty ?? params.additionalProperty) as string | undefined;
    const base = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '';
    const path = [context, base, field].filter(Boolean).join('.');
    const template = templates[error.keyword];
    const message = template
      ? fill(locale === 'en' ? template.en : template.zh, { ...params, field: field ?? base, allowed: params.allowedValues })
      : (error.message ?? error.keyword);
    return { path, code: error.keyword, message };
  });
}
