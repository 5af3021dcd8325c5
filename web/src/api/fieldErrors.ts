import { isApiError } from './client.ts';
import type { ErrorCode } from './types.ts';

/** An error on one form field, in the shape `form.setFields` takes. */
export interface FieldError {
  name: (string | number)[];
  errors: string[];
}

/**
 * Puts an API error on the form fields it is about: each `details` entry by its path
 * (`body.roles.0.areaId` → roles[0].areaId), or the whole error on the field its code names
 * (`USERNAME_TAKEN` → username). Empty when no field takes it: the form then shows it as a whole.
 */
export function fieldErrors(error: unknown, fieldOfCode: Partial<Record<ErrorCode, string>> = {}): FieldError[] {
  if (!isApiError(error) || error.code === 'NETWORK') return [];
  const field = fieldOfCode[error.code];
  if (field) return [{ name: [field], errors: [error.message] }];
  const byPath = new Map<string, string[]>();
  for (const detail of error.details) {
    if (!detail.path?.startsWith('body.')) continue;
    byPath.set(detail.path, [...(byPath.get(detail.path) ?? []), detail.message]);
  }
  return [...byPath].map(([path, errors]) => ({
    name: path.slice('body.'.length).split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
    errors,
  }));
}

/** An antd or antd-mobile form: both take `{ name, errors }` lists, each typed by its own values. */
interface ErrorsForm {
  setFields(fields: never[]): void;
}

/** Marks the fields an API error is about (see `fieldErrors`) on the form that sent the body. */
export function showFieldErrors(form: ErrorsForm, error: unknown, fieldOfCode: Partial<Record<ErrorCode, string>> = {}): void {
  // The names are the server's paths into the very body this form produced, so they are the form's own.
  form.setFields(fieldErrors(error, fieldOfCode) as never[]);
}
