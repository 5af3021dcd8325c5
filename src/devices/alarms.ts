/**
 * Alarms (告警): raised by rules over device streams, one active alarm per device and type (a repeat
 * bumps its occurrences), acknowledged and cleared by people — or cleared by a rule where the rule
 * allows (an SOS never is). Critical and major alarms open a ticket in the service loop, which escalates
 * until someone answers; acknowledging the alarm accepts that ticket, and accepting the ticket
 * acknowledges the alarm. Every action is an entry on the alarm's timeline.
 */
import type { Kysely } from 'kysely';
import type { AlarmSeverity, DB } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { onDomainEvent } from '../platform/events.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { insertNewTicket } from '../tickets/newTickets.ts';
import { prepareTicket } from '../tickets/service.ts';
import { acceptAwaitingTicket } from '../tickets/workflow.ts';
import * as store from './store.ts';

export interface AlarmDeps {
  db: Kysely<DB>;
  clock: Clock;
  cipher: FieldCipher;
}

/** Who acted on an alarm: a person, or Linli itself (a rule, a ticket step). */
export interface AlarmWho {
  id: number | null;
  name: string;
}
export const ruleWho: AlarmWho = { id: null, name: '系统' };

/** What a rule says of the alarm it raises. */
export interface AlarmSpec {
  ruleCode: string;
  type: string;
  severity: AlarmSeverity;
  name: { zh: string; en: string };
  /** The service-loop category a critical or major alarm opens a ticket in. */
  ticketCategory?: string;
}

/** Severities that open a ticket and escalate until answered. */
const ticketSeverities: AlarmSeverity[] = ['critical', 'major'];

/**
 * Raises the alarm (or counts a repeat of the active one) in the caller's transaction; a new critical or
 * major alarm opens its ticket in the same transaction, so an alarm is never left without one.
 */
export async function raiseAlarm(
  trx: Kysely<DB>, deps: Pick<AlarmDeps, 'cipher'>, device: store.DeviceInfo, spec: AlarmSpec, at: Date, details: Record<string, unknown>,
): Promise<{ alarm: store.AlarmRow; created: boolean }> {
  const raised = await store.raiseOrRepeat(trx, {
    device_id: device.id, household_id: device.household_id, building_id: device.building_id, grid_id: device.grid_id, community_id: device.community_id,
    type: spec.type, rule_code: spec.ruleCode, severity: spec.severity, first_at: at, last_at: at, details: JSON.stringify(details),
  });
  if (!raised.created) return raised;
  await store.insertAlarmEvent(trx, { alarmId: raised.alarm.id, kind: 'raised', at, actorId: null, actorName: ruleWho.name, details });
  if (spec.ticketCategory && ticketSeverities.includes(spec.severity)) {
    const ticketId = await openAlarmTicket(trx, deps, device, spec, raised.alarm.id, at);
    await store.updateAlarm(trx, raised.alarm.id, { ticket_id: ticketId });
    await store.insertAlarmEvent(trx, { alarmId: raised.alarm.id, kind: 'ticket_opened', at, actorId: null, actorName: ruleWho.name, details: { ticketId } });
    raised.alarm.ticket_id = ticketId;
  }
  return raised;
}

/**
 * Raises the alarms of a run over many readings in the caller's transaction. A new alarm is raised at once
 * (it opens its ticket there and then); a repeat of one already active is counted in memory and written
 * with the run's other repeats by flush(), in one statement: a burst of SOS presses is one round trip, not
 * one per press. The devices' active alarms are read once, at the first raise.
 */
export function alarmRaiser(trx: Kysely<DB>, deps: Pick<AlarmDeps, 'cipher'>, deviceIds: string[]) {
  const keyOf = (deviceId: string, type: string) => `${deviceId}\u0000${type}`;
  let active: Map<string, store.AlarmRow> | undefined;
  const repeats = new Map<string, { device: store.DeviceInfo; spec: AlarmSpec; repeat: store.AlarmRepeat }>();

  async function raiseNow(device: store.DeviceInfo, spec: AlarmSpec, at: Date, details: Record<string, unknown>) {
    const { alarm } = await raiseAlarm(trx, deps, device, spec, at, details);
    active!.set(keyOf(device.id, spec.type), alarm);
  }

  return {
    async raise(device: store.DeviceInfo, spec: AlarmSpec, at: Date, details: Record<string, unknown>): Promise<void> {
      active ??= new Map((await store.selectActiveAlarms(trx, deviceIds)).map((a) => [keyOf(a.device_id, a.type), a]));
      const key = keyOf(device.id, spec.type);
      const alarm = active.get(key);
      if (!alarm) return raiseNow(device, spec, at, details);
      const counted = repeats.get(key)?.repeat;
      const lastAt = counted && counted.lastAt > at ? counted.lastAt : at;
      repeats.set(key, { device, spec, repeat: { alarmId: alarm.id, count: (counted?.count ?? 0) + 1, lastAt, details } });
    },
    /** Writes the repeats counted so far. One whose alarm a person cleared meanwhile raises a new alarm instead, as it would have alone. */
    async flush(): Promise<void> {
      if (!repeats.size) return;
      const counted = [...repeats.values()];
      repeats.clear();
      const bumped = await store.bumpActiveAlarms(trx, counted.map((c) => c.repeat));
      for (const c of counted) if (!bumped.has(c.repeat.alarmId)) await raiseNow(c.device, c.spec, c.repeat.lastAt, c.repeat.details);
    },
    /** The device's alarm of this type was cleared: its next raise is a new alarm. */
    cleared(deviceId: string, type: string): void {
      active?.delete(keyOf(deviceId, type));
    },
  };
}

async function openAlarmTicket(trx: Kysely<DB>, deps: Pick<AlarmDeps, 'cipher'>, device: store.DeviceInfo, spec: AlarmSpec, alarmId: number, at: Date) {
  const where = device.label || device.id;
  const prepared = await prepareTicket({ db: trx, cipher: deps.cipher }, {
    source: 'device', who: ruleWho, reporterUserId: null, externalId: `alarm:${alarmId}`, details: { alarmId, deviceId: device.id },
    auditActor: { id: null, name: `device:${device.id}`, ip: null },
  }, {
    categoryCode: spec.ticketCategory!, priority: spec.severity === 'critical' ? 'urgent' : 'high',
    description: `设备告警：${spec.name.zh}（${where}，设备 ${device.id}）。请立即处置并在告警中确认。`,
    location: device.lon !== null && device.lat !== null ? { lon: device.lon, lat: device.lat } : undefined, address: device.label,
  }, { communityId: device.community_id, gridId: device.grid_id });
  const { id } = await insertNewTicket(trx, prepared, at);
  return id;
}

/** Marks an alarm acknowledged (once) and writes the entry; returns whether it changed. */
export async function markAcknowledged(trx: Kysely<DB>, alarm: store.AlarmRow, who: AlarmWho, at: Date, details: Record<string, unknown> = {}): Promise<boolean> {
  if (alarm.acknowledged_at !== null) return false;
  await store.updateAlarm(trx, alarm.id, { acknowledged_at: at, acknowledged_by: who.id });
  await store.insertAlarmEvent(trx, { alarmId: alarm.id, kind: 'acknowledged', at, actorId: who.id, actorName: who.name, details });
  alarm.acknowledged_at = at;
  return true;
}

/** Clears an active alarm and writes the entry; a later occurrence raises a new alarm. */
export async function markCleared(
  trx: Kysely<DB>, alarm: store.AlarmRow, who: AlarmWho, at: Date, how: { reason?: string; falseAlarm?: boolean; details?: Record<string, unknown> },
): Promise<boolean> {
  if (alarm.cleared_at !== null) return false;
  await store.updateAlarm(trx, alarm.id, { cleared_at: at, false_alarm: how.falseAlarm ?? false });
  await store.insertAlarmEvent(trx, {
    alarmId: alarm.id, kind: 'cleared', at, actorId: who.id, actorName: who.name, body: how.reason ?? null, details: { ...how.details, falseAlarm: how.falseAlarm ?? false },
  });
  alarm.cleared_at = at;
  return true;
}

/**
 * After a person clears an alarm the rule starts afresh: a gas reading still high raises again, a duration
 * needs its full time again, an inactivity watch restarts with the device's next message.
 */
export async function restartRule(trx: Kysely<DB>, alarm: store.AlarmRow, at: Date): Promise<void> {
  const rule = { deviceId: alarm.device_id, ruleCode: alarm.rule_code };
  await store.writeRuleChanges(trx, [{ ...rule, state: undefined, at }], [{ ...rule, dueAt: null }]);
}

/** Acknowledging an alarm answers its ticket: the ticket is accepted by the same person and stops escalating. */
export async function answerTicketOf(trx: Kysely<DB>, alarm: store.AlarmRow, who: AlarmWho, at: Date): Promise<void> {
  if (alarm.ticket_id !== null) await acceptAwaitingTicket(trx, alarm.ticket_id, who, at);
}

/**
 * The other direction, through the event bus: a handler who accepts the alarm's ticket has answered the
 * alarm; one who resolves or closes it has dealt with it, so the alarm is cleared by them.
 */
onDomainEvent('ticket.step', async (trx, step) => {
  if (!['accepted', 'resolved', 'closed'].includes(step.kind)) return;
  for (const alarm of await store.selectAlarmsOfTicket(trx, step.ticketId)) {
    await markAcknowledged(trx, alarm, step.who, step.at, { ticketId: step.ticketId });
    if (step.kind !== 'accepted' && (await markCleared(trx, alarm, step.who, step.at, { reason: '工单已办结', details: { ticketId: step.ticketId } }))) {
      await restartRule(trx, alarm, step.at);
    }
  }
});
