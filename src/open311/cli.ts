/** `linli open311 key --name NAME --area CODE`: issue an Open311 integrator's api_key from a shell. */
import { Command, InvalidArgumentError } from 'commander';
import { systemActor } from '../imports/cli.ts';
import { systemClock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import * as placesStore from '../places/store.ts';
import type { Runtime } from '../runtime.ts';
import { createOpen311Client } from './clients.ts';

type WithRuntime = <T>(work: (runtime: Runtime) => Promise<T>) => Promise<T>;
type Say = (line: string) => void;

async function issueKey(withRuntime: WithRuntime, say: Say, options: { name: string; area: string }): Promise<void> {
  await withRuntime(async ({ database }) => {
    const db = database.db;
    const area = await placesStore.findAreaByCode(db, options.area);
    if (!area) throw new AppError('AREA_NOT_FOUND');
    // The shell acts as an admin on the root of the area's tree, as the other commands do.
    const root = await placesStore.findAreaByCode(db, area.path.split('/').filter(Boolean)[0]);
    if (!root) throw new AppError('AREA_NOT_FOUND');
    const client = await createOpen311Client({ db, clock: systemClock }, systemActor([root], 'zh-CN'), { name: options.name, areaId: area.id });
    say(`Open311 client ${client.id} "${client.name}" acts in ${area.name} (${area.code}).`);
    say(`api_key: ${client.apiKey}`);
    say('Keep it now: only its hash is stored. Deactivate it with DELETE /api/open311/clients/' + client.id + '.');
  });
}

function nonBlank(value: string): string {
  if (!value.trim()) throw new InvalidArgumentError('the name cannot be blank');
  return value.trim();
}

export function open311Command(withRuntime: WithRuntime, say: Say): Command {
  const open311 = new Command('open311').description('Open311 (GeoReport v2) integrators at /open311/v2');
  open311.command('key').description('issue an api_key for an integrator acting in an area and its subtree (printed once)')
    .requiredOption('--name <name>', 'who the integrator is, e.g. "12345 热线"', nonBlank)
    .requiredOption('--area <code>', 'code of the area its reports must lie in')
    .action((options: { name: string; area: string }) => issueKey(withRuntime, say, options));
  return open311;
}
