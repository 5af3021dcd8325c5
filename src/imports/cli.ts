/**
 * `linli import <kind> <file> --community <code> [--dry-run]`: the registry import from a shell,
 * for files too big to upload or for scripted migrations from older systems.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { AreaLevel } from '../db/schema.ts';
import type { Actor } from '../platform/actor.ts';
import { systemClock } from '../platform/clock.ts';
import { AppError, localizeDetail, type ErrorDetail, type Locale } from '../platform/errors.ts';
import type { Runtime } from '../runtime.ts';
import { commitImport, dryRunImport, type ImportKind } from './service.ts';
import * as store from './store.ts';

type WithRuntime = <T>(work: (runtime: Runtime) => Promise<T>) => Promise<T>;

const kinds: readonly ImportKind[] = ['households', 'residents', 'areas', 'estates', 'buildings', 'facilities'];

function parseKind(value: string): ImportKind {
  if (!(kinds as readonly string[]).includes(value)) throw new InvalidArgumentError(`use one of: ${kinds.join(', ')}`);
  return value as ImportKind;
}

/**
 * The CLI runs as the system, not as an account: whoever can run `linli` on the server already
 * holds the database and its key. So it acts as an admin on the root area(s) above the community
 * — explicitly, here, rather than by a bypass inside the service. User id 0 is "no account": the
 * audit log and the import job record a null actor named "cli".
 */
export function systemActor(roots: { id: number; path: string; code: string; level: AreaLevel }[], locale: Locale): Actor {
  return {
    userId: 0, username: 'cli', displayName: 'linli import', locale, householdId: null, residentId: null, departmentId: null, ip: null,
    grants: roots.map((root) => ({ role: 'admin', areaId: root.id, areaPath: root.path, areaLevel: root.level, areaName: root.code })),
  };
}

// Row errors already name their row and column in the message.
function printErrors(say: (line: string) => void, errors: ErrorDetail[]): void {
  for (const e of errors) say(e.message);
}

/** A line each time another 10 % of the rows is written. */
function progressPrinter(say: (line: string) => void) {
  let lastDecile = -1;
  return (processed: number, total: number) => {
    const decile = total === 0 ? 10 : Math.floor((processed * 10) / total);
    if (decile === lastDecile) return;
    lastDecile = decile;
    say(`${processed}/${total} rows written (${decile * 10} %)`);
  };
}

interface Options {
  community?: string;
  dryRun?: boolean;
  lang: string;
}

async function runImport(withRuntime: WithRuntime, say: (line: string) => void, kind: ImportKind, file: string, options: Options) {
  const locale: Locale = options.lang === 'en' ? 'en' : 'zh-CN';
  const body = fs.readFileSync(file);
  await withRuntime(async ({ database, cipher }) => {
    const db = database.db;
    const community = options.community ? await store.findCommunityByCode(db, options.community) : undefined;
    if (options.community && !community) throw new AppError('AREA_NOT_FOUND');
    if (!community && kind !== 'areas') throw new InvalidArgumentError('--community <code> is required for this kind');
    const areas = await store.selectAreaIndex(db);
    const rootCode = community?.path.split('/').filter(Boolean)[0];
    const roots = areas.filter((a) => a.path.split('/').filter(Boolean).length === 1 && (rootCode === undefined || a.code === rootCode));
    const actor = systemActor(roots, locale);
    const deps = { db, cipher, clock: systemClock };
    const input = { kind, communityId: community?.id, fileName: path.basename(file), file: body, locale };
    if (options.dryRun) {
      const report = await dryRunImport(deps, actor, input);
      printErrors(say, report.errors);
      say(`${report.rowsTotal} rows read, ${report.errors.length} errors: ${report.status}.`);
      if (report.status !== 'valid') process.exitCode = 1;
      return;
    }
    try {
      const { done } = await commitImport(deps, actor, input, { onProgress: progressPrinter(say) });
      const report = await done;
      printErrors(say, report.errors);
      say(`${report.rowsTotal} rows: ${report.status}.`);
      if (report.status !== 'committed') process.exitCode = 1;
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'IMPORT_INVALID') throw err;
      printErrors(say, err.details.map((detail) => localizeDetail(detail, locale)));
      say(`${err.details.length} errors; nothing was written.`);
      process.exitCode = 1;
    }
  });
}

export function importCommand(withRuntime: WithRuntime, say: (line: string) => void): Command {
  return new Command('import')
    .description('import a registry file (households/residents: .csv or .xlsx; areas/estates/buildings/facilities: GeoJSON)')
    .argument('<kind>', kinds.join(', '), parseKind)
    .argument('<file>', 'path of the file')
    .option('--community <code>', 'code of the community to import into (not needed for areas)')
    .option('--dry-run', 'validate only; write nothing')
    .option('--lang <locale>', 'language of the error messages: zh-CN or en', 'zh-CN')
    .action((kind: ImportKind, file: string, options: Options) => runImport(withRuntime, say, kind, file, options));
}
