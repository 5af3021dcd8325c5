import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { layersByRule, type ParamLayers } from './ruleParams.ts';
import * as store from './store.ts';

/**
 * What ingest knows of each device between messages: its registry row and its tuned rule parameters.
 * Thousands of messages a second must not each read the registry, so entries live a short while;
 * a change in the console (or in another Linli process) reaches ingest within that time.
 */
const ttlMs = 30_000;
/** Unknown ids are remembered briefly too, so a misconfigured device cannot make every message a query. */
const unknownTtlMs = 10_000;

export interface CachedDevice extends store.DeviceInfo {
  /** Tuned parameters by rule code: the community's, the household's and the device's own. */
  overrides: Map<string, ParamLayers>;
}

interface Entry {
  device: CachedDevice | undefined;
  expiresAt: number;
}

export interface DeviceCache {
  /** `via` is the transaction to read in, when the caller holds one (PGlite has a single connection). */
  get(id: string, via?: Kysely<DB>): Promise<CachedDevice | undefined>;
  /** The device, at once, if it is registered and its entry is fresh; otherwise undefined (get() tells). */
  peek(id: string): CachedDevice | undefined;
  forget(id: string): void;
}

export function createDeviceCache(db: Kysely<DB>, clock: Clock): DeviceCache {
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<CachedDevice | undefined>>();

  async function load(id: string, via: Kysely<DB>): Promise<CachedDevice | undefined> {
    const info = await store.findDeviceInfo(via, id);
    const device = info && { ...info, overrides: await loadOverrides(via, info) };
    entries.set(id, { device, expiresAt: clock.now().getTime() + (device ? ttlMs : unknownTtlMs) });
    return device;
  }

  return {
    get(id, via = db) {
      const entry = entries.get(id);
      if (entry && entry.expiresAt > clock.now().getTime()) return Promise.resolve(entry.device);
      // One query per device however many of its messages arrive while it loads.
      let pending = loading.get(id);
      if (!pending) {
        pending = load(id, via).finally(() => loading.delete(id));
        loading.set(id, pending);
      }
      return pending;
    },
    peek(id) {
      const entry = entries.get(id);
      return entry && entry.expiresAt > clock.now().getTime() ? entry.device : undefined;
    },
    forget(id) {
      entries.delete(id);
    },
  };
}

/** The tuned parameters that apply to a device, by rule. */
export async function loadOverrides(db: Kysely<DB>, info: store.DeviceInfo): Promise<Map<string, ParamLayers>> {
  return layersByRule(await store.selectRuleParams(db, info.community_id, info.household_id, info.id));
}
