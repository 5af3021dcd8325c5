import { sql } from 'kysely';
import { Type } from 'typebox';
import type { AppContext, AppInstance } from '../app.ts';
import { pendingMigrations } from '../db/migrate.ts';

const Health = Type.Object({ status: Type.String(), pendingMigrations: Type.Optional(Type.Array(Type.String())) });

export function healthRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/healthz', { schema: { tags: ['health'], response: { 200: Health } } }, async () => ({ status: 'ok' }));

  // Ready means the database answers and every migration is applied.
  app.get('/readyz', { schema: { tags: ['health'], response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(ctx.db);
      const pending = await pendingMigrations(ctx.db);
      if (pending.length) return reply.status(503).send({ status: 'migrations pending', pendingMigrations: pending });
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'database unreachable' });
    }
  });
}
