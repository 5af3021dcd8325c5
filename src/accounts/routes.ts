import { Type } from 'typebox';
import type { AppContext, AppInstance } from '../app.ts';
import { createLoginThrottle } from '../platform/auth/loginThrottle.ts';
import { AppError } from '../platform/errors.ts';
import { requireActor } from '../platform/http.ts';
import { Page } from '../platform/pagination.ts';
import { IdParams } from '../places/schema.ts';
import { ApproveBody, ClaimBody, ClaimListQuery, ClaimView, MyClaim, RegisterBody, RejectBody, UserCreate, UserListQuery, UserView } from './schema.ts';
import * as accounts from './service.ts';

const tags = ['accounts'];
const Created = Type.Object({ id: Type.Integer() });

export function accountsRoutes(app: AppInstance, ctx: AppContext): void {
  const throttle = createLoginThrottle(ctx.clock, 10, 60 * 60 * 1000);

  app.post('/api/auth/register', {
    schema: { tags, body: RegisterBody, response: { 201: Type.Object({ userId: Type.Integer(), claimId: Type.Integer() }) } },
  }, async (request, reply) => {
    if (!throttle.allow(request.ip)) throw new AppError('TOO_MANY_REQUESTS');
    return reply.status(201).send(await accounts.registerResident(ctx, request.body));
  });

  app.get('/api/me/claim', { schema: { tags, response: { 200: MyClaim } } }, async (request) =>
    accounts.getMyClaim(ctx, requireActor(request)));

  app.post('/api/me/claim', { schema: { tags, body: ClaimBody, response: { 201: ClaimView } } }, async (request, reply) =>
    reply.status(201).send(await accounts.reapplyForHousehold(ctx, requireActor(request), request.body)));

  app.get('/api/claims', { schema: { tags, querystring: ClaimListQuery, response: { 200: Page(ClaimView) } } }, async (request) =>
    accounts.listClaims(ctx, requireActor(request), request.query));

  app.post('/api/claims/:id/approve', { schema: { tags, params: IdParams, body: ApproveBody, response: { 200: ClaimView } } }, async (request) =>
    accounts.approveClaim(ctx, requireActor(request), request.params.id, request.body));

  app.post('/api/claims/:id/reject', { schema: { tags, params: IdParams, body: RejectBody, response: { 200: ClaimView } } }, async (request) =>
    accounts.rejectClaim(ctx, requireActor(request), request.params.id, request.body.reason));

  app.get('/api/users', { schema: { tags, querystring: UserListQuery, response: { 200: Page(UserView) } } }, async (request) =>
    accounts.listUsers(ctx, requireActor(request), request.query));

  app.post('/api/users', { schema: { tags, body: UserCreate, response: { 201: Created } } }, async (request, reply) =>
    reply.status(201).send({ id: await accounts.createAccount(ctx, requireActor(request), request.body) }));
}
