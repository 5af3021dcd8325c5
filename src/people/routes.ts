import { Type } from 'typebox';
import type { AppContext, AppInstance } from '../app.ts';
import { requireActor } from '../platform/http.ts';
import { Page } from '../platform/pagination.ts';
import { IdParams } from '../places/schema.ts';
import {
  HouseholdCreate, HouseholdListQuery, HouseholdUpdate, HouseholdView, MyHousehold, Profile, ProfileQuery, ResidentCreate,
  RemovalQuery, ResidentListQuery, ResidentRevealed, ResidentUpdate, ResidentView, RevealBody,
} from './schema.ts';
import * as people from './service.ts';

const tags = ['people'];

export function peopleRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/households', { schema: { tags, querystring: HouseholdListQuery, response: { 200: Page(HouseholdView) } } }, async (request) =>
    people.listHouseholds(ctx, requireActor(request), request.query));

  app.get('/api/households/:id', { schema: { tags, params: IdParams, response: { 200: HouseholdView } } }, async (request) =>
    people.getHousehold(ctx, requireActor(request), request.params.id));

  app.post('/api/households', { schema: { tags, body: HouseholdCreate, response: { 201: HouseholdView } } }, async (request, reply) =>
    reply.status(201).send(await people.createHousehold(ctx, requireActor(request), request.body)));

  app.patch('/api/households/:id', { schema: { tags, params: IdParams, body: HouseholdUpdate, response: { 200: HouseholdView } } }, async (request) =>
    people.updateHousehold(ctx, requireActor(request), request.params.id, request.body));

  app.get('/api/residents', { schema: { tags, querystring: ResidentListQuery, response: { 200: Page(ResidentView) } } }, async (request) =>
    people.listResidents(ctx, requireActor(request), request.query));

  app.post('/api/residents', { schema: { tags, body: ResidentCreate, response: { 201: ResidentView } } }, async (request, reply) =>
    reply.status(201).send(await people.createResident(ctx, requireActor(request), request.body)));

  app.patch('/api/residents/:id', { schema: { tags, params: IdParams, body: ResidentUpdate, response: { 200: ResidentView } } }, async (request) =>
    people.updateResident(ctx, requireActor(request), request.params.id, request.body));

  app.delete('/api/residents/:id', { schema: { tags, params: IdParams, querystring: RemovalQuery, response: { 204: Type.Null() } } }, async (request, reply) => {
    await people.removeResident(ctx, requireActor(request), request.params.id, request.query.reason);
    return reply.status(204).send(null);
  });

  app.post('/api/residents/:id/reveal', { schema: { tags, params: IdParams, body: RevealBody, response: { 200: ResidentRevealed } } }, async (request) =>
    people.revealResident(ctx, requireActor(request), request.params.id, request.body.reason));

  app.get('/api/profile', { schema: { tags, querystring: ProfileQuery, response: { 200: Profile } } }, async (request) =>
    people.getProfile(ctx, requireActor(request), request.query.areaId, request.query.by ?? 'grid', ctx.clock.now().getFullYear()));

  app.get('/api/me/household', { schema: { tags, response: { 200: MyHousehold } } }, async (request) =>
    people.getMyHousehold(ctx, requireActor(request)));
}
