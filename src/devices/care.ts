/**
 * Care (关爱) for elders living alone: the away mode of a household (in hospital, at a child's home),
 * which suppresses inactivity alarms until a date, so a closed door does not call the grid worker out;
 * the contact chain called when an alarm needs a person, and the log of every call attempt.
 */
import type { Kysely } from 'kysely';
import type { CallOutcome, ContactRole, DB } from '../db/schema.ts';
import { isValidPhone, maskName, maskPhone, normalizePhone } from '../people/identity.ts';
import { requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { chinaDate, type Clock } from '../platform/clock.ts';
import { AppError, type CodedDetail } from '../platform/errors.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { getCareCard, requireCareHousehold } from './careCards.ts';
import * as careStore from './careStore.ts';
import * as store from './store.ts';

interface CareDeps {
  db: Kysely<DB>;
  clock: Clock;
}

async function loadHousehold(db: Kysely<DB>, actor: Actor, id: number) {
  requirePermission(actor, 'alarms.handle');
  const household = await store.findHouseholdPlace(db, id);
  if (!household) throw new AppError('HOUSEHOLD_NOT_FOUND');
  const scope = await scopeFor(db, actor, 'alarms.handle');
  requireInScope(scope, household.community_id, household.grid_id);
  // Only a household the care view follows: its card is what every change here answers with.
  await requireCareHousehold(db, scope, id);
  return household;
}

/** Marks the household away until the end of `until` (a China date), or back home when until is null. */
export async function setAway(deps: CareDeps, actor: Actor, id: number, away: { until: string; reason: string } | null) {
  const household = await loadHousehold(deps.db, actor, id);
  if (away && away.until < chinaDate(deps.clock.now())) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.until', code: 'DATE_IN_PAST' }]);
  }
  const set = { away_until: away?.until ?? null, away_reason: away?.reason.trim() ?? null };
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('household').set(set).where('id', '=', id).execute();
    await insertAuditEntry(trx, {
      actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action: away ? 'household.away' : 'household.home', entity: 'household',
      entityId: id, communityId: household.community_id, ip: actor.ip, details: set,
    });
  });
  return { householdId: id, awayUntil: set.away_until, awayReason: set.away_reason };
}

/** A contact as sent: a new one with name and phone; one already in the chain by id, its name and phone kept unless given. */
type Contact = { id?: number; role: ContactRole; name?: string; phone?: string; relation?: string };

/** The problems of a chain as sent: a new contact without name or phone, a phone that is not one, an id not in this chain. */
function contactProblems(contacts: Contact[], chainIds: Set<number>): CodedDetail[] {
  return contacts.flatMap((c, i): CodedDetail[] => {
    const path = `body.contacts.${i}`;
    if (c.id !== undefined && !chainIds.has(c.id)) return [{ path: `${path}.id`, code: 'CONTACT_NOT_IN_CHAIN' }];
    const missing = c.id === undefined ? (['name', 'phone'] as const).filter((field) => !c[field]?.trim()) : [];
    const badPhone: CodedDetail[] = c.phone?.trim() && !isValidPhone(c.phone) ? [{ path: `${path}.phone`, code: 'INVALID_PHONE' }] : [];
    return [...missing.map((field): CodedDetail => ({ path: `${path}.${field}`, code: 'CONTACT_FIELD_REQUIRED' })), ...badPhone];
  });
}

/** A name or phone sealed for storage, with its masked form for lists. */
function sealed(cipher: FieldCipher, field: 'name' | 'phone', value: string) {
  const plain = field === 'name' ? value.trim() : normalizePhone(value);
  return { sealed: cipher.encrypt(`care_contact.${field}`, plain).toString('base64'), masked: field === 'name' ? maskName(plain) : maskPhone(plain) };
}

/**
 * Sets the household's contact chain, in calling order. Contacts sent by id stay the same rows (the call
 * log and a reveal name them by id), their names and phones kept unless retyped: the console never holds
 * them unmasked. Contacts left out are removed. Names and phones are sealed; lists show them masked.
 */
export async function setContacts(deps: CareDeps & { cipher: FieldCipher }, actor: Actor, id: number, contacts: Contact[]) {
  const household = await loadHousehold(deps.db, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    const chainIds = new Set(await careStore.selectContactIds(trx, id));
    const problems = contactProblems(contacts, chainIds);
    if (problems.length) throw new AppError('VALIDATION_FAILED', {}, problems);
    const given = (c: Contact, field: 'name' | 'phone') => (c[field]?.trim() ? sealed(deps.cipher, field, c[field]) : undefined);
    await careStore.writeChain(trx, id, household.community_id, contacts.map((c) => ({
      id: c.id, role: c.role, relation: c.relation?.trim() ?? '', name: given(c, 'name'), phone: given(c, 'phone'),
    })), deps.clock.now());
    await insertAuditEntry(trx, {
      actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action: 'household.care_contacts', entity: 'household', entityId: id,
      communityId: household.community_id, ip: actor.ip,
      details: { contacts: contacts.length, kept: contacts.filter((c) => c.id !== undefined).length, removed: chainIds.size - contacts.filter((c) => c.id !== undefined).length },
    });
  });
  return getCareCard(deps, actor, id);
}

/** A contact's name and phone in full, for a stated reason, audited before they are returned. */
export async function revealContact(deps: CareDeps & { cipher: FieldCipher }, actor: Actor, contactId: number, reason: string) {
  if (reason.trim().length < 2) throw new AppError('REASON_REQUIRED');
  requirePermission(actor, 'personal.reveal');
  const contact = await careStore.findContact(deps.db, contactId);
  if (!contact) throw new AppError('CONTACT_NOT_FOUND');
  requireInScope(await scopeFor(deps.db, actor, 'personal.reveal'), contact.community_id, contact.grid_id);
  await insertAuditEntry(deps.db, {
    actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action: 'care_contact.reveal', entity: 'care_contact', entityId: contactId,
    communityId: contact.community_id, ip: actor.ip, reason: reason.trim(), details: {},
  });
  return {
    id: contactId,
    name: deps.cipher.decrypt('care_contact.name', Buffer.from(contact.name_sealed, 'base64')),
    phone: deps.cipher.decrypt('care_contact.phone', Buffer.from(contact.phone_sealed, 'base64')),
  };
}

/** Logs one call attempt down the contact chain and how it went. */
export async function logCall(deps: CareDeps, actor: Actor, id: number, call: { contactId: number; outcome: CallOutcome; note?: string; alarmId?: number }) {
  await loadHousehold(deps.db, actor, id);
  const contact = await careStore.findContact(deps.db, call.contactId);
  if (!contact || contact.household_id !== id) throw new AppError('CONTACT_NOT_FOUND');
  if (call.alarmId !== undefined) {
    const alarm = await deps.db.selectFrom('alarm').select('household_id').where('id', '=', call.alarmId).executeTakeFirst();
    if (alarm?.household_id !== id) throw new AppError('ALARM_NOT_FOUND');
  }
  await careStore.insertCall(deps.db, {
    householdId: id, contactId: contact.id, role: contact.role, contactName: contact.name_masked, alarmId: call.alarmId ?? null, outcome: call.outcome,
    note: call.note?.trim() || null, at: deps.clock.now(), actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.displayName,
  });
  return getCareCard(deps, actor, id);
}
