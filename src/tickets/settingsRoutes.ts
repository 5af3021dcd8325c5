import { Type } from 'typebox';
import type { AppContext, AppInstance } from '../app.ts';
import { requireActor } from '../platform/http.ts';
import * as settings from './settings.ts';
import {
  CalendarPut, CalendarYear, CategoryCreate, CategoryParams, CategoryUpdate, LadderParams, LadderPut, LadderView, RoutingRulesPut, RoutingRuleView,
  SettingsCategory, TicketSettings,
} from './settingsSchema.ts';

const tags = ['ticket settings'];

/** 接诉即办设置: categories and their limits, routing rules, escalation ladders, the working calendar. */
export function ticketSettingsRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/ticket-settings', { schema: { tags, response: { 200: TicketSettings } } }, async (request) =>
    settings.getTicketSettings(ctx, requireActor(request)));

  app.post('/api/ticket-categories', { schema: { tags, body: CategoryCreate, response: { 201: SettingsCategory } } }, async (request, reply) =>
    reply.status(201).send(await settings.createCategory(ctx, requireActor(request), request.body)));

  app.patch('/api/ticket-categories/:code', { schema: { tags, params: CategoryParams, body: CategoryUpdate, response: { 200: SettingsCategory } } }, async (request) =>
    settings.updateCategory(ctx, requireActor(request), request.params.code, request.body));

  app.put('/api/ticket-routing-rules', { schema: { tags, body: RoutingRulesPut, response: { 200: Type.Object({ items: Type.Array(RoutingRuleView) }) } } }, async (request) =>
    ({ items: await settings.replaceRoutingRules(ctx, requireActor(request), request.body) }));

  app.put('/api/escalation-ladder', { schema: { tags, body: LadderPut, response: { 200: LadderView } } }, async (request) =>
    settings.setEscalationLadder(ctx, requireActor(request), request.body));

  app.delete('/api/escalation-ladder/:communityId', { schema: { tags, params: LadderParams } }, async (request, reply) => {
    await settings.resetEscalationLadder(ctx, requireActor(request), request.params.communityId);
    return reply.status(204).send();
  });

  app.put('/api/working-calendar', { schema: { tags, body: CalendarPut, response: { 200: CalendarYear } } }, async (request) =>
    settings.replaceWorkingCalendar(ctx, requireActor(request), request.body));
}
