import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import * as placesStore from '../places/store.ts';
import { requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { roleGrants } from '../platform/roles.ts';
import type { ClientCreate, ClientCreated, ClientView } from './schema.ts';
import * as store from './store.ts';

// Open311 integrators: one api_key each, acting in one area's subtree. Only the key's SHA-256 is
// stored (a key is random, so a slow hash adds nothing); the plain key is shown once, on creation.

export interface ClientDeps {
  db: Kysely<DB>;
  clock: Clock;
}

const hashKey = (key: string) => crypto.createHash('sha256').update(key, 'utf8').digest('hex');

function presentClient(row: store.ClientRow): ClientView {
  return {
    id: row.id, name: row.name, areaId: row.area_id, areaCode: row.area_code, areaName: row.area_name, active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

/** Whether the area lies under an area where the actor holds tickets.manage. */
function manages(actor: Actor, areaPath: string): boolean {
  return actor.grants.some((g) => roleGrants(g.role, 'tickets.manage') && areaPath.startsWith(g.areaPath));
}

/** The integrators whose areas the actor manages. */
export async function listOpen311Clients(deps: ClientDeps, actor: Actor): Promise<{ items: ClientView[] }> {
  requirePermission(actor, 'tickets.manage');
  const rows = await store.selectClients(deps.db);
  return { items: rows.filter((r) => manages(actor, r.area_path)).map(presentClient) };
}

/** A new integrator with a fresh api_key; the answer is the only time the key is shown. */
export async function createOpen311Client(deps: ClientDeps, actor: Actor, input: ClientCreate): Promise<ClientCreated> {
  requirePermission(actor, 'tickets.manage');
  const area = await placesStore.findArea(deps.db, input.areaId);
  if (!area) throw new AppError('AREA_NOT_FOUND');
  if (!manages(actor, area.path)) throw new AppError('OUT_OF_SCOPE');
  const apiKey = crypto.randomBytes(24).toString('base64url');
  const name = input.name.trim();
  const id = await deps.db.transaction().execute(async (trx) => {
    const clientId = await store.insertClient(trx, { name, keyHash: hashKey(apiKey), areaId: area.id, at: deps.clock.now() });
    await insertAuditEntry(trx, {
      actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action: 'open311_client.create', entity: 'open311_client',
      entityId: clientId, ip: actor.ip, details: { name, areaId: area.id },
    });
    return clientId;
  });
  return { ...presentClient((await store.findClient(deps.db, id))!), apiKey };
}

/** Switches an integrator's key off for good: its requests are refused from now on. */
export async function deactivateOpen311Client(deps: ClientDeps, actor: Actor, id: number): Promise<ClientView> {
  requirePermission(actor, 'tickets.manage');
  const row = await store.findClient(deps.db, id);
  if (!row || !manages(actor, row.area_path)) throw new AppError('OPEN311_CLIENT_NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    await store.deactivateClient(trx, id);
    await insertAuditEntry(trx, {
      actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action: 'open311_client.deactivate', entity: 'open311_client',
      entityId: id, ip: actor.ip, details: { name: row.name },
    });
  });
  return presentClient((await store.findClient(deps.db, id))!);
}

/** The active integrator an api_key belongs to; OPEN311_API_KEY_INVALID for none. */
export async function authenticateClient(db: Kysely<DB>, apiKey: string | undefined): Promise<store.ClientRow> {
  const client = apiKey ? await store.findActiveClientByKeyHash(db, hashKey(apiKey)) : undefined;
  if (!client) throw new AppError('OPEN311_API_KEY_INVALID');
  return client;
}
