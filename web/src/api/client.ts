import type { ErrorCode, ErrorDetail, Locale } from './types.ts';

/** An error answer of the API, `{ error: { code, message, details, requestId } }`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(error: unknown, code?: ErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** Per-tab session state the client sends with every call; set from the login/me response and the language switch. */
const session: { csrfToken: string | null; locale: Locale } = { csrfToken: null, locale: 'zh-CN' };

export function setCsrfToken(token: string | null): void {
  session.csrfToken = token;
}

export function setRequestLocale(locale: Locale): void {
  session.locale = locale;
}

/** `/api/x?a=1&b=2`, leaving out empty values so optional filters simply disappear. */
function apiUrl(path: string, query: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code: ErrorCode; message: string; details?: ErrorDetail[]; requestId?: string };
  } | null;
  const error = body?.error;
  if (!error) return new ApiError(response.status, 'INTERNAL', `HTTP ${response.status} ${response.statusText}`);
  return new ApiError(response.status, error.code, error.message, error.details ?? [], error.requestId ?? null);
}

async function send(method: Method, url: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-linli-locale': session.locale };
  if (method !== 'GET' && session.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause));
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

/** The one JSON call: typed by the caller from the server's schemas (see types.ts). */
export async function request<T>(method: Method, path: string, options: { query?: QueryParams; body?: unknown } = {}): Promise<T> {
  const response = await send(method, apiUrl(path, options.query), options.body);
  // 204 No Content (a delete) has no body to read.
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: QueryParams) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: (path: string, query?: QueryParams) => request<void>('DELETE', path, { query }),
};

/** Downloads a file answer (exports) and hands it to the browser under the server's file name. */
export async function download(path: string, query: QueryParams, fallbackName: string): Promise<void> {
  const response = await send('GET', apiUrl(path, query));
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2]) : fallbackName;
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.click();
  // The browser reads the blob after this task; free it once that has happened.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
