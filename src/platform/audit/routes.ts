import type { AppContext, AppInstance } from '../../app.ts';
import { requireActor } from '../http.ts';
import { Page } from '../pagination.ts';
import { AuditEntryView, AuditQuery } from './schema.ts';
import { searchAudit } from './service.ts';

export function auditRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/audit', { schema: { tags: ['audit'], querystring: AuditQuery, response: { 200: Page(AuditEntryView) } } }, async (request) =>
    searchAudit(ctx, requireActor(request), request.query));
}
