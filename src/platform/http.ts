import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isUnstorableText } from '../db/unstorableText.ts';
import type { Actor } from './actor.ts';
import { authenticate, type AuthDeps } from './auth/service.ts';
import { AppError, errorMessage, localizeDetail, type ErrorCode, type Locale } from './errors.ts';
import { describeValidationErrors } from './validationMessages.ts';

export const SESSION_COOKIE = 'linli_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    actor: Actor | undefined;
    sessionToken: string | undefined;
    csrfToken: string | undefined;
  }
}

/** The caller's language: ?lang=, then the user's own setting, then Accept-Language; zh-CN by default. */
function requestLocale(request: FastifyRequest): Locale {
  const query = request.query as Record<string, unknown> | undefined;
  const explicit = query?.lang ?? request.headers['x-linli-locale'];
  if (explicit === 'en' || explicit === 'zh-CN') return explicit;
  if (request.actor) return request.actor.locale;
  const accept = request.headers['accept-language'] ?? '';
  return /^en\b/i.test(accept) ? 'en' : 'zh-CN';
}

function sendError(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, status: number, extra: Partial<AppError> = {}) {
  const locale = requestLocale(request);
  return reply.status(status).send({
    error: {
      code,
      message: errorMessage(code, locale, { requestId: request.id, ...(extra.params ?? {}) }),
      details: (extra.details ?? []).map((detail) => localizeDetail(detail, locale)),
      requestId: request.id,
    },
  });
}

/** The error as a domain error: one already, or a database refusal that the request caused; undefined otherwise. */
export function asAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (isUnstorableText(error)) return new AppError('TEXT_NOT_STORABLE');
  return undefined;
}

/** The one error handler: domain errors, schema failures, and a 500 that leaks nothing. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = asAppError(error);
    if (appError) return sendError(reply, request, appError.code, appError.status, appError);
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const details = describeValidationErrors(fastifyError.validation, fastifyError.validationContext ?? '', requestLocale(request));
      return sendError(reply, request, 'VALIDATION_FAILED', 400, { details });
    }
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fastifyError.code === 'FST_REQ_FILE_TOO_LARGE') {
      return sendError(reply, request, 'PAYLOAD_TOO_LARGE', 413);
    }
    if (fastifyError.statusCode && fastifyError.statusCode < 500) {
      return sendError(reply, request, 'VALIDATION_FAILED', fastifyError.statusCode, { details: [{ message: fastifyError.message }] });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, request, 'INTERNAL', 500);
  });
}

/** Resolves the session cookie to an actor, and checks the CSRF token on every unsafe method. */
export function installAuthentication(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('actor', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.addHook('preHandler', async (request) => {
    // Only the API needs to know who is calling: console files and health checks are served without a session lookup.
    const token = request.url.startsWith('/api/') ? request.cookies[SESSION_COOKIE] : undefined;
    if (token) {
      const found = await authenticate(deps, token, request.ip);
      if (found) {
        if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && request.headers[CSRF_HEADER] !== found.csrfToken) {
          throw new AppError('CSRF_FAILED');
        }
        request.actor = found.actor;
        request.sessionToken = token;
        request.csrfToken = found.csrfToken;
      }
    }
    request.locale = requestLocale(request);
  });
}

/** The authenticated actor, or UNAUTHENTICATED. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a file to download under its own name (RFC 6266: UTF-8, so Chinese names survive). */
export function sendDownload(reply: FastifyReply, file: { fileName: string; contentType: string; body: Buffer }) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .send(file.body);
}
