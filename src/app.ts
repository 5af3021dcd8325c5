import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/engine.ts';
import type { DB } from './db/schema.ts';
import { accountsRoutes } from './accounts/routes.ts';
import { auditRoutes } from './platform/audit/routes.ts';
import { authRoutes } from './platform/auth/routes.ts';
import type { Clock } from './platform/clock.ts';
import { AppError } from './platform/errors.ts';
import type { FieldCipher } from './platform/fieldCipher.ts';
import { healthRoutes } from './platform/health.ts';
import { publicConfigRoutes } from './platform/publicConfig.ts';
import { installAuthentication, installErrorHandling } from './platform/http.ts';
import { installValidation } from './platform/validation.ts';
import { placesRoutes } from './places/routes.ts';
import { peopleRoutes } from './people/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { checkupRoutes } from './checkup/routes.ts';
import { surveysRoutes } from './surveys/routes.ts';
import { projectRoutes } from './projects/routes.ts';
import { ticketRoutes } from './tickets/routes.ts';
import { open311Routes } from './open311/routes.ts';
import { ticketSettingsRoutes } from './tickets/settingsRoutes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { deviceRoutes } from './devices/routes.ts';
import { createIngest, type Ingest } from './devices/ingest.ts';
import { createLocalStorage, type Storage } from './platform/storage.ts';

export const webDistDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

/** Everything a use case may depend on, passed explicitly. */
export interface AppContext {
  database: Database;
  db: Kysely<DB>;
  config: Config;
  clock: Clock;
  cipher: FieldCipher;
  /** Uploaded files (photos), behind one adapter: local disk now, object storage later. */
  storage: Storage;
  log: FastifyBaseLogger;
  /** The device ingest pipeline: fed by the MQTT transport (background.ts) and the HTTP gateway. */
  ingest: Ingest;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** What the routes were built with, for the work that runs beside them (background.ts). */
    ctx: AppContext;
  }
}

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface BuildAppOptions extends Omit<AppContext, 'db' | 'log' | 'storage' | 'ingest'> {
  /** Where uploaded files go; by default `<DATA_DIR>/uploads` on local disk. */
  storage?: Storage;
  logger?: FastifyServerOptions['logger'];
}

async function registerDocs(app: AppInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Linli API', version: '0.1.0', description: 'Linli (邻里): complete communities. Errors: { error: { code, message, details } }.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'linli_session' },
          // A device (or its gateway) authenticates with its id and secret.
          device: { type: 'http', scheme: 'basic' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/** Serves the built console; any other GET that is not an API call gets the SPA's index. */
async function registerWeb(app: AppInstance): Promise<void> {
  const hasBuild = fs.existsSync(path.join(webDistDir, 'index.html'));
  // wildcard: files are looked up per request, so a console rebuilt while the server runs is served as is.
  if (hasBuild) await app.register(fastifyStatic, { root: webDistDir, wildcard: true });
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && hasBuild;
    if (isPage) return reply.type('text/html').sendFile('index.html');
    throw new AppError('NOT_FOUND');
  });
}

/** Builds the HTTP application; the caller decides whether and where to listen. */
export async function buildApp(options: BuildAppOptions): Promise<AppInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();
  const storage = options.storage ?? createLocalStorage(path.join(options.config.dataDir, 'uploads'));
  const db = options.database.db;
  const ingest = createIngest({ db, clock: options.clock, cipher: options.cipher, log: app.log.child({ component: 'ingest' }) });
  const ctx: AppContext = { ...options, db, log: app.log, storage, ingest };
  app.decorate('ctx', ctx);
  app.addHook('onClose', () => ingest.close());
  // A response of a few KB arrives in the first round trip (TCP's initial window is ten segments) compressed
  // or not, so compressing it saves a few hundred bytes and costs CPU on every request: a ticket's answer
  // (about 1.5 KB) spent a tenth of the server's time in brotli. Lists, exports and scripts are larger.
  await app.register(compress, { threshold: 4096 });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1 } });
  installValidation(app);
  installErrorHandling(app);
  installAuthentication(app, ctx);
  await registerDocs(app);
  healthRoutes(app, ctx);
  publicConfigRoutes(app, ctx);
  authRoutes(app, ctx);
  accountsRoutes(app, ctx);
  auditRoutes(app, ctx);
  placesRoutes(app, ctx);
  peopleRoutes(app, ctx);
  importRoutes(app, ctx);
  surveysRoutes(app, ctx);
  checkupRoutes(app, ctx);
  projectRoutes(app, ctx);
  ticketRoutes(app, ctx);
  open311Routes(app, ctx);
  ticketSettingsRoutes(app, ctx);
  notificationRoutes(app, ctx);
  deviceRoutes(app, ctx);
  await registerWeb(app);
  return app;
}
