import { Type } from 'typebox';
import type { AppContext, AppInstance } from '../app.ts';
import { requireActor } from '../platform/http.ts';
import { Page } from '../platform/pagination.ts';
import {
  AreaCreate, AreaDetail, AreaListQuery, AreaView, BuildingDetail, BuildingListQuery, BuildingUpdate, BuildingView, DepartmentView, EstateView,
  FacilityCreate, FacilityKindView, FacilityListQuery, FacilityUpdate, FacilityView, IdParams, ListOf, MapLayers, MapQuery,
} from './schema.ts';
import { PageQuery } from '../platform/pagination.ts';
import * as edits from './editService.ts';
import * as places from './service.ts';

const tags = ['places'];

export function placesRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/areas', { schema: { tags, querystring: AreaListQuery, response: { 200: Page(AreaView) } } }, async (request) =>
    places.listAreas(ctx, requireActor(request), request.query));

  app.get('/api/areas/:id', { schema: { tags, params: IdParams, response: { 200: AreaDetail } } }, async (request) =>
    places.getArea(ctx, requireActor(request), request.params.id));

  app.post('/api/areas', { schema: { tags, body: AreaCreate, response: { 201: AreaView } } }, async (request, reply) =>
    reply.status(201).send(await places.createArea(ctx, requireActor(request), request.body)));

  app.get('/api/map', { schema: { tags, querystring: MapQuery, response: { 200: MapLayers } } }, async (request) =>
    places.getMapLayers(ctx, requireActor(request), request.query.areaId));

  app.get('/api/estates', {
    schema: { tags, querystring: Type.Intersect([PageQuery, Type.Object({ communityId: Type.Optional(Type.Integer({ minimum: 1 })) })]), response: { 200: Page(EstateView) } },
  }, async (request) => places.listEstates(ctx, requireActor(request), request.query));

  app.get('/api/buildings', { schema: { tags, querystring: BuildingListQuery, response: { 200: Page(BuildingView) } } }, async (request) =>
    places.listBuildings(ctx, requireActor(request), request.query));

  app.get('/api/buildings/:id', { schema: { tags, params: IdParams, response: { 200: BuildingDetail } } }, async (request) =>
    places.getBuilding(ctx, requireActor(request), request.params.id));

  app.patch('/api/buildings/:id', { schema: { tags, params: IdParams, body: BuildingUpdate, response: { 200: BuildingDetail } } }, async (request) =>
    edits.updateBuilding(ctx, requireActor(request), request.params.id, request.body));

  app.post('/api/facilities', { schema: { tags, body: FacilityCreate, response: { 201: FacilityView } } }, async (request, reply) =>
    reply.status(201).send(await edits.createFacility(ctx, requireActor(request), request.body)));

  app.patch('/api/facilities/:id', { schema: { tags, params: IdParams, body: FacilityUpdate, response: { 200: FacilityView } } }, async (request) =>
    edits.updateFacility(ctx, requireActor(request), request.params.id, request.body));

  app.get('/api/facility-kinds', { schema: { tags, response: { 200: ListOf(FacilityKindView) } } }, async (request) => {
    requireActor(request);
    return places.listFacilityKinds(ctx);
  });

  app.get('/api/facilities', { schema: { tags, querystring: FacilityListQuery, response: { 200: Page(FacilityView) } } }, async (request) =>
    places.listFacilities(ctx, requireActor(request), request.query));

  app.get('/api/departments', { schema: { tags, response: { 200: ListOf(DepartmentView) } } }, async (request) =>
    places.listDepartments(ctx, requireActor(request)));
}
