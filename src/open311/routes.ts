import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext, AppInstance } from '../app.ts';
import { AppError, errorMessage, localizeDetail, type CodedDetail, type ErrorDetail } from '../platform/errors.ts';
import { asAppError, requireActor } from '../platform/http.ts';
import { describeValidationErrors } from '../platform/validationMessages.ts';
import { discoveryDocument, getServiceDefinition, listServices } from './catalogue.ts';
import { authenticateClient, createOpen311Client, deactivateOpen311Client, listOpen311Clients } from './clients.ts';
import { submitRequest } from './report.ts';
import { getPublicPhoto, getRequest, listRequests, listUpdates, resolveToken } from './requests.ts';
import {
  ClientCreate, ClientCreated, ClientIdParams, ClientList, ClientView, Discovery, FormatParams, PhotoParams, PlainQuery, RequestCreate, RequestCreated,
  RequestListQuery, RequestParams, RequestQuery, RequestUpdate, Service, ServiceDefinition, ServiceParams, ServiceRequest, TokenAnswer, TokenParams,
  UpdateListQuery, type Format,
} from './schema.ts';
import type { ClientRow } from './store.ts';
import { toXml, type XmlValue } from './xml.ts';

const tags = ['open311'];
const produces = ['application/json', 'text/xml'];

/** Sends an answer in the format the path asked for: JSON as is, XML under the spec's root element. */
function answer(reply: FastifyReply, format: Format, root: string, value: XmlValue) {
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(value);
  return reply.type('text/xml; charset=utf-8').send(toXml(root, value));
}

/** The format of a failed request: its path's, else XML (the format every endpoint must serve). */
function formatOf(request: FastifyRequest): Format {
  const extension = /\.(json|xml)$/.exec(request.url.split('?')[0])?.[1];
  return extension === 'json' ? 'json' : 'xml';
}

// The spec's errors are meant to be read by the person using the client, in whatever language: both.
const bilingual = (zh: string, en: string) => (zh === en ? zh : `${zh} / ${en}`);
const where = (path: string | undefined) => (path ? `${path.replace(/^(body|query|params)\./, '')}: ` : '');
function describeDetails(details: (ErrorDetail | CodedDetail)[]): string[] {
  return details.map((d) => {
    const [zh, en] = [localizeDetail(d, 'zh-CN'), localizeDetail(d, 'en')];
    return where(zh.path) + bilingual(zh.message, en.message);
  });
}

const both = (code: Parameters<typeof errorMessage>[0], params: Record<string, string | number> = {}) =>
  bilingual(errorMessage(code, 'zh-CN', params), errorMessage(code, 'en', params));

/** What went wrong, in lines for the person using the client, and its HTTP status. */
function describeError(error: FastifyError | AppError, request: FastifyRequest): { status: number; lines: string[] } {
  const appError = asAppError(error);
  if (appError) return { status: appError.status, lines: [both(appError.code, appError.params), ...describeDetails(appError.details)] };
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const context = fastifyError.validationContext ?? '';
    const [zh, en] = [describeValidationErrors(fastifyError.validation, context, 'zh-CN'), describeValidationErrors(fastifyError.validation, context, 'en')];
    return { status: 400, lines: zh.map((d, i) => where(d.path) + bilingual(d.message, en[i].message)) };
  }
  // Fastify's own refusals (unsupported media type, body too large) say what they are in English.
  if (fastifyError.statusCode && fastifyError.statusCode < 500) return { status: fastifyError.statusCode, lines: [fastifyError.message] };
  request.log.error({ err: error }, 'unhandled error');
  return { status: 500, lines: [both('INTERNAL', { requestId: request.id })] };
}

/**
 * The spec's error answer, [{code, description}], for every failure on these routes: "404 for resources
 * that don't exist, 403 for errors because of wrong or missing api_key and basically 400 for any other
 * error"; a failure of the server itself stays 500.
 */
function sendErrors(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  const { status, lines } = describeError(error, request);
  const code = status === 403 || status === 404 || status >= 500 ? status : 400;
  return answer(reply.status(code), formatOf(request), 'errors', lines.map((description) => ({ code, description })));
}

/** A form body as the spec sends it; repeated names (attribute[code][]) become lists. */
function readForm(text: string): Record<string, string | string[]> {
  const form = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = form.get(key);
    form.set(key, seen === undefined ? (key.endsWith('[]') ? [value] : value) : [...([] as string[]).concat(seen), value]);
  }
  // fromEntries defines own properties, so a field named __proto__ stays a field (and is refused as unknown).
  return Object.fromEntries(form);
}

const baseUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** The GeoReport v2 endpoint, in a plugin of its own: the form parser and the error answers stay on these routes. */
async function georeport(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = api.withTypeProvider<TypeBoxTypeProvider>();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, readForm(body as string)));
  app.setErrorHandler(sendErrors);
  // A route, not a not-found handler: the console's static files claim every path (wildcard) before any not-found handler runs.
  app.all('/*', { schema: { hide: true } }, (request, reply) => sendErrors(new AppError('NOT_FOUND'), request, reply));
  const clients = new WeakMap<FastifyRequest, ClientRow>();

  app.get('/discovery.:format', { schema: { tags, produces, params: FormatParams, querystring: PlainQuery, response: { 200: Discovery } } }, async (request, reply) =>
    answer(reply, request.params.format, 'discovery', discoveryDocument(`${baseUrl(request)}/open311/v2`)));

  app.get('/services.:format', { schema: { tags, produces, params: FormatParams, querystring: PlainQuery, response: { 200: Type.Array(Service) } } },
    async (request, reply) => answer(reply, request.params.format, 'services', await listServices(ctx.db)));

  app.get('/services/:service_code.:format', {
    schema: { tags, produces, params: ServiceParams, querystring: PlainQuery, response: { 200: ServiceDefinition } },
  }, async (request, reply) => answer(reply, request.params.format, 'service_definition', await getServiceDefinition(ctx.db, request.params.service_code)));

  app.post('/requests.:format', {
    schema: {
      tags, produces, consumes: ['application/x-www-form-urlencoded'], params: FormatParams, querystring: PlainQuery, body: RequestCreate,
      response: { 200: RequestCreated },
    },
    // The key is checked before the form, so a client without one hears 403 whatever else is wrong.
    preValidation: async (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const key = body?.api_key ?? (request.query as Record<string, unknown>).api_key;
      clients.set(request, await authenticateClient(ctx.db, typeof key === 'string' ? key : undefined));
    },
  }, async (request, reply) =>
    answer(reply, request.params.format, 'service_requests', await submitRequest(ctx, clients.get(request)!, request.body, request.ip)));

  app.get('/requests.:format', { schema: { tags, produces, params: FormatParams, querystring: RequestListQuery, response: { 200: Type.Array(ServiceRequest) } } },
    async (request, reply) => answer(reply, request.params.format, 'service_requests', await listRequests(ctx, request.query, baseUrl(request))));

  app.get('/requests/:id.:format', { schema: { tags, produces, params: RequestParams, querystring: RequestQuery, response: { 200: Type.Array(ServiceRequest) } } },
    async (request, reply) => answer(reply, request.params.format, 'service_requests',
      await getRequest(ctx, request.params.id, request.query.extensions === 'true', baseUrl(request))));

  app.get('/requests/:id/photos/:photoId', { schema: { tags, params: PhotoParams, querystring: PlainQuery } }, async (request, reply) => {
    const photo = await getPublicPhoto(ctx, request.params.id, request.params.photoId);
    // Public like the request it shows; the bytes behind an id never change.
    return reply.header('content-type', photo.contentType).header('cache-control', 'public, max-age=86400, immutable')
      .header('x-content-type-options', 'nosniff').send(photo.bytes);
  });

  app.get('/tokens/:token.:format', { schema: { tags, produces, params: TokenParams, querystring: PlainQuery, response: { 200: TokenAnswer } } },
    async (request, reply) => answer(reply, request.params.format, 'service_requests', await resolveToken(ctx, request.params.token)));

  app.get('/servicerequestupdates.:format', {
    schema: { tags, produces, params: FormatParams, querystring: UpdateListQuery, response: { 200: Type.Array(RequestUpdate) } },
  }, async (request, reply) => answer(reply, request.params.format, 'service_request_updates', await listUpdates(ctx, request.query, baseUrl(request))));
}

/** Open311 GeoReport v2 under /open311/v2 (public reads, key-authenticated writes), and its keys' administration under /api. */
export function open311Routes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/open311/clients', { schema: { tags, response: { 200: ClientList } } }, async (request) =>
    listOpen311Clients(ctx, requireActor(request)));

  app.post('/api/open311/clients', { schema: { tags, body: ClientCreate, response: { 201: ClientCreated } } }, async (request, reply) =>
    reply.status(201).send(await createOpen311Client(ctx, requireActor(request), request.body)));

  app.delete('/api/open311/clients/:id', { schema: { tags, params: ClientIdParams, response: { 200: ClientView } } }, async (request) =>
    deactivateOpen311Client(ctx, requireActor(request), request.params.id));

  void app.register((scope) => georeport(scope, ctx), { prefix: '/open311/v2' });
}
