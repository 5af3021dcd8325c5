/**
 * Due rule checks (rule_check): a door not opened for a day, a device gone silent, too little water,
 * a duration that ran out with no new reading. Claimed with FOR UPDATE SKIP LOCKED like ticket timers,
 * so any number of Linli processes share them and none fires twice; a restart loses none.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { ruleByCode } from './defaultRules.ts';
import { createDeviceCache } from './deviceCache.ts';
import { paramsFor, startRuleRun } from './ruleRun.ts';
import { evaluateTimer, type RuleContext } from './rules.ts';
import { chinaDateEnd } from './schedule.ts';
import * as store from './store.ts';

export interface CheckDeps {
  db: Kysely<DB>;
  clock: Clock;
  cipher: FieldCipher;
}

/** Checks per transaction: small enough to keep locks short, large enough for a backlog after downtime. */
const batchSize = 200;

export function createCheckScheduler(deps: CheckDeps) {
  const cache = createDeviceCache(deps.db, deps.clock);

  /** Runs one batch of due checks; returns how many it took. */
  async function runBatch(): Promise<number> {
    const now = deps.clock.now();
    return deps.db.transaction().execute(async (trx) => {
      const due = await store.claimDueChecks(trx, now, batchSize);
      if (!due.length) return 0;
      const run = await startRuleRun(trx, deps, [...new Set(due.map((c) => c.device_id))]);
      const away = await awayUntilOf(trx, due.map((c) => c.device_id));
      for (const check of due) {
        const rule = ruleByCode(check.rule_code);
        const device = await cache.get(check.device_id, trx);
        if (!rule || !device || !device.active) {
          await store.writeRuleChanges(trx, [], [{ deviceId: check.device_id, ruleCode: check.rule_code, dueAt: null }]);
          continue;
        }
        const before = run.state(device.id, rule.code);
        const context: RuleContext = { awayUntil: away.get(device.id) };
        await run.settle(device, rule, before, evaluateTimer(rule, paramsFor(device, rule), before, now, context), now);
      }
      await run.finish();
      return due.length;
    });
  }

  return {
    /** Runs every due check, batch after batch, until none is left. */
    async runDue(): Promise<number> {
      let total = 0;
      for (let n = await runBatch(); n > 0; n = await runBatch()) total += n;
      return total;
    },
  };
}

/** When each device's household is back from away, for the devices whose household is away. */
async function awayUntilOf(trx: Kysely<DB>, deviceIds: string[]): Promise<Map<string, Date>> {
  const rows = await trx.selectFrom('device as d').innerJoin('household as h', 'h.id', 'd.household_id')
    .select((eb) => ['d.id', eb.fn<string>('to_char', ['h.away_until', eb.val('YYYY-MM-DD')]).as('away_until')])
    .where('d.id', 'in', deviceIds).where('h.away_until', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, chinaDateEnd(r.away_until)]));
}
