import { isApiError } from '../../api/client.ts';
import { errorText } from '../../components/ErrorResult.tsx';

/** A refused save in one message: the API's sentence, then what it says of each field (for edits made outside a form). */
export function failureText(error: unknown): string {
  if (!isApiError(error) || !error.details.length) return errorText(error);
  return [error.message, ...error.details.map((d) => d.message)].join('；');
}
