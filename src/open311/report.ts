import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isValidPhone } from '../people/identity.ts';
import { AppError } from '../platform/errors.ts';
import type { Placement } from '../tickets/routing.ts';
import { openTicket, placeTicket, type TicketDeps } from '../tickets/service.ts';
import { attributeFields, checkAttributes } from './attributes.ts';
import { requireService } from './catalogue.ts';
import * as store from './store.ts';
import type { RequestCreate, RequestCreated } from './schema.ts';
import { given, slaPromise } from './conventions.ts';

// POST requests: an integrator's report becomes a ticket (source open311) through openTicket, in the
// integrator's area only. Everything is checked before openTicket writes, in one transaction, so a
// refused request leaves nothing behind. email and device_id are accepted and not kept: a ticket's
// contact is a name and a phone.

function pointOf(form: RequestCreate): { lon: number; lat: number } | undefined {
  const lat = given(form.lat);
  const lon = given(form.long);
  if (lat === undefined && lon === undefined) return undefined;
  // "lat & long both need to be sent even though they are sent as two separate parameters."
  if (lat === undefined || lon === undefined) throw new AppError('OPEN311_LOCATION_REQUIRED');
  const point = { lon: Number(lon), lat: Number(lat) };
  const problems = [
    ...(Math.abs(point.lat) > 90 ? [{ path: 'body.lat', code: 'maximum', message: '-90 … 90' }] : []),
    ...(Math.abs(point.lon) > 180 ? [{ path: 'body.long', code: 'maximum', message: '-180 … 180' }] : []),
  ];
  if (problems.length) throw new AppError('VALIDATION_FAILED', {}, problems);
  return point;
}

/** Where the report belongs: its point, which must lie in the client's area; or the client's one community (or grid). */
async function placeFor(db: Kysely<DB>, client: store.ClientRow, point: { lon: number; lat: number } | undefined): Promise<Placement> {
  if (!point) {
    if (client.area_level === 'community') return { communityId: client.area_id, gridId: null };
    if (client.area_level === 'grid' && client.area_community_id !== null) return { communityId: client.area_community_id, gridId: client.area_id };
    throw new AppError('OPEN311_ADDRESS_NEEDS_COMMUNITY', { client: client.name });
  }
  const outside = new AppError('OPEN311_OUTSIDE_AREA', { client: client.name });
  const placement = await placeTicket(db, { location: point }).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'LOCATION_OUTSIDE_COMMUNITIES' ? outside : err;
  });
  const placeId = placement.gridId ?? placement.communityId;
  const path = (await store.selectAreaPaths(db, [placeId])).get(placeId);
  if (!path?.startsWith(client.area_path)) throw outside;
  return placement;
}

/** 姓 + 名 written together in Chinese; "first last" otherwise. */
function contactName(first: string | undefined, last: string | undefined): string | undefined {
  if (!first && !last) return undefined;
  const han = /^[\p{Script=Han}·]*$/u;
  return han.test(`${last ?? ''}${first ?? ''}`) ? `${last ?? ''}${first ?? ''}` : [first, last].filter(Boolean).join(' ');
}

/** Opens the ticket an integrator's request asks for and answers with its id and the time limits it promises. */
export async function submitRequest(deps: TicketDeps, client: store.ClientRow, form: RequestCreate, ip: string | null): Promise<RequestCreated> {
  const category = await requireService(deps.db, form.service_code);
  const attributes = checkAttributes(category.attributes, attributeFields(form));
  const point = pointOf(form);
  const address = given(form.address_string);
  if (!point && !address) throw new AppError('OPEN311_LOCATION_REQUIRED');
  const phone = given(form.phone);
  if (phone && !isValidPhone(phone)) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.phone', code: 'INVALID_PHONE' }]);
  const placement = await placeFor(deps.db, client, point);
  const id = await openTicket(deps, {
    source: 'open311', who: { id: null, name: client.name }, reporterUserId: null,
    contact: { name: contactName(given(form.first_name), given(form.last_name)), phone },
    auditActor: { id: null, name: `open311:${client.name}`, ip },
  }, {
    categoryCode: category.code, description: given(form.description) ?? (category.name as { zh: string }).zh, location: point, address,
    attributes, mediaUrl: given(form.media_url),
  }, [], placement);
  return [{ service_request_id: String(id), service_notice: slaPromise(category), account_id: given(form.account_id) ?? null }];
}
