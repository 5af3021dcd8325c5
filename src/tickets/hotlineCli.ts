/**
 * `linli import hotline <file> [--dry-run]`: a 12345 hotline spreadsheet from a shell, as the system
 * (see systemActor), with the same checks and the same one transaction as the upload.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../imports/cli.ts';
import * as importsStore from '../imports/store.ts';
import { systemClock } from '../platform/clock.ts';
import { AppError, localizeDetail, type Locale } from '../platform/errors.ts';
import type { Runtime } from '../runtime.ts';
import { importHotlineCases } from './hotlineImport.ts';

type WithRuntime = <T>(work: (runtime: Pick<Runtime, 'database' | 'cipher'>) => Promise<T>) => Promise<T>;
type Say = (line: string) => void;

interface Options {
  dryRun?: boolean;
  /** The import group's --lang (zh-CN by default). */
  lang?: string;
}

function summary(r: { dryRun: boolean; rowsTotal: number; created: number; skipped: unknown[]; errors: unknown[] }, locale: Locale): string {
  if (locale === 'en') {
    const created = r.dryRun ? `${r.created} would be created` : `${r.created} created`;
    return `${r.rowsTotal} rows: ${created}, ${r.skipped.length} already imported, ${r.errors.length} errors${r.dryRun ? ' (dry run: nothing written)' : ''}.`;
  }
  const created = r.dryRun ? `可新建 ${r.created} 件` : `新建 ${r.created} 件`;
  return `共 ${r.rowsTotal} 行：${created}，已导入过 ${r.skipped.length} 件，错误 ${r.errors.length} 处${r.dryRun ? '（试导入，未写入）' : ''}。`;
}

async function runHotlineImport(withRuntime: WithRuntime, say: Say, file: string, options: Options): Promise<void> {
  const locale: Locale = options.lang === 'en' ? 'en' : 'zh-CN';
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', { file });
  const body = fs.readFileSync(file);
  await withRuntime(async ({ database, cipher }) => {
    const db = database.db;
    // The system handles tickets everywhere: an admin on every root area.
    const roots = (await importsStore.selectAreaIndex(db)).filter((a) => a.path.split('/').filter(Boolean).length === 1);
    const deps = { db, cipher, clock: systemClock };
    try {
      const report = await importHotlineCases(deps, systemActor(roots, locale), { fileName: path.basename(file), file: body, dryRun: options.dryRun === true, locale });
      for (const e of report.errors) say(e.message);
      say(summary(report, locale));
      if (report.errors.length) process.exitCode = 1;
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'IMPORT_INVALID') throw err;
      for (const detail of err.details) say(localizeDetail(detail, locale).message);
      say(locale === 'en' ? `${err.details.length} errors; nothing was written.` : `共 ${err.details.length} 处错误，未写入任何数据。`);
      process.exitCode = 1;
    }
  });
}

/** Adds `hotline` to the `import` command group; it shares the group's `--lang` option. */
export function addHotlineImportCommand(importing: Command, withRuntime: WithRuntime, say: Say): void {
  importing.command('hotline').description('import 12345 hotline cases (.csv or .xlsx) as tickets, all or none')
    .argument('<file>', 'path of the .csv or .xlsx file (template: GET /api/tickets/import/template.xlsx)')
    .option('--dry-run', 'validate only; write nothing')
    .action((file: string, _options: Options, command: Command) => runHotlineImport(withRuntime, say, file, command.optsWithGlobals<Options>()));
}
