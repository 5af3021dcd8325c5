import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { CalendarKind, CategoryAttribute, DB, SlaClass } from '../db/schema.ts';

interface DefaultCategory {
  code: string;
  name: { zh: string; en: string };
  slaClass: SlaClass;
  calendar: CalendarKind;
  acceptMinutes: number;
  arriveMinutes: number | null;
  resolveMinutes: number;
  attributes: CategoryAttribute[];
}

interface Defaults {
  categories: DefaultCategory[];
  escalation: { level: number; minutes: number }[];
}

const defaults = JSON.parse(fs.readFileSync(new URL('./categories.json', import.meta.url), 'utf8')) as Defaults;

/**
 * Installs the default categories and the default escalation ladder where they are missing; what a
 * deployment changed is left alone. Runs after migrating, on every start (db/referenceData.ts).
 */
export async function ensureTicketDefaults(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto('ticket_category')
    .values(defaults.categories.map((c, position) => ({
      code: c.code, name: JSON.stringify(c.name), sla_class: c.slaClass, calendar: c.calendar, accept_minutes: c.acceptMinutes,
      arrive_minutes: c.arriveMinutes, resolve_minutes: c.resolveMinutes, attributes: JSON.stringify(c.attributes), position,
    })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const present = await db.selectFrom('escalation_step').select('level').where('community_id', 'is', null).execute();
  const missing = defaults.escalation.filter((step) => !present.some((p) => p.level === step.level));
  if (missing.length) {
    await db.insertInto('escalation_step').values(missing.map((step) => ({ community_id: null, level: step.level, minutes: step.minutes }))).execute();
  }
}
