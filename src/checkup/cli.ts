/**
 * `linli checkup --community CODE`: run the standard over a community from a shell and print the
 * findings; `linli standard import FILE`: add a standard (or its next version) from a JSON file.
 */
import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { systemActor } from '../imports/cli.ts';
import { systemClock } from '../platform/clock.ts';
import { AppError, localizeDetail, type Locale } from '../platform/errors.ts';
import * as placesStore from '../places/store.ts';
import type { Runtime } from '../runtime.ts';
import { describeEvidence, statusWord } from './evidenceText.ts';
import type { CheckupDetail } from './schema.ts';
import { runCheckup } from './service.ts';
import { readStandardFile, saveStandard } from './standardService.ts';
import * as store from './store.ts';

type WithRuntime = <T>(work: (runtime: Runtime) => Promise<T>) => Promise<T>;
type Say = (line: string) => void;

const localeOf = (lang: string): Locale => (lang === 'en' ? 'en' : 'zh-CN');

/** The system acts as an admin on the root of the area's tree (see systemActor). */
async function actorFor(db: Kysely<DB>, areaPath: string, locale: Locale) {
  const rootCode = areaPath.split('/').filter(Boolean)[0];
  const root = await placesStore.findAreaByCode(db, rootCode);
  if (!root) throw new AppError('AREA_NOT_FOUND');
  return systemActor([root], locale);
}

function printCheckup(say: Say, checkup: CheckupDetail, locale: Locale, kindName: (kind: string) => string): void {
  const en = locale === 'en';
  const p = checkup.params;
  say(`${checkup.communityName} · ${checkup.standard.name} v${checkup.standard.version} · ${checkup.finishedAt}`);
  say(en
    ? `${p.buildings} buildings, ${p.households} households, ${p.facilities} facilities within ${p.marginM} m; street network: ${p.networkName ?? 'none'} (walking ${p.walkingMs} ms)`
    : `楼栋 ${p.buildings}，住户 ${p.households}，周边 ${p.marginM} 米内设施 ${p.facilities}；路网：${p.networkName ?? '无'}（步行计算 ${p.walkingMs} 毫秒）`);
  for (const r of checkup.results) {
    const figure = r.value === null ? '' : ` ${r.value}${r.unit ?? ''} / ${r.target}${r.unit ?? ''}`;
    say(`[${statusWord(r.status, locale)}] ${r.itemCode} ${en ? r.name.en : r.name.zh}${figure} — ${describeEvidence(r, locale, kindName)}`);
  }
  const c = checkup.summary.counts;
  say(en
    ? `Checkup ${checkup.id}: ${c.pass} pass, ${c.partial} partial, ${c.fail} fail, ${c.not_measured} not measured.`
    : `体检 ${checkup.id}：达标 ${c.pass}，部分达标 ${c.partial}，未达标 ${c.fail}，未测 ${c.not_measured}。`);
}

interface CheckupOptions { community: string; standard?: string; margin?: string; lang: string; json?: boolean }

async function checkupAction(withRuntime: WithRuntime, say: Say, options: CheckupOptions): Promise<void> {
  const locale = localeOf(options.lang);
  await withRuntime(async ({ database }) => {
    const db = database.db;
    const community = await placesStore.findAreaByCode(db, options.community);
    if (!community) throw new AppError('AREA_NOT_FOUND');
    const standard = options.standard ? await store.findLatestStandard(db, options.standard) : undefined;
    if (options.standard && !standard) throw new AppError('STANDARD_NOT_FOUND');
    const marginM = options.margin === undefined ? undefined : Number(options.margin);
    if (marginM !== undefined && !(Number.isInteger(marginM) && marginM >= 0 && marginM <= 5000)) throw new InvalidArgumentError('--margin takes whole metres, 0–5000');
    const actor = await actorFor(db, community.path, locale);
    const checkup = await runCheckup({ db, clock: systemClock }, actor, { communityId: community.id, standardId: standard?.id, marginM });
    if (options.json) return say(JSON.stringify(checkup, null, 2));
    const kinds = new Map((await placesStore.selectFacilityKinds(db)).map((k) => [k.code, locale === 'en' ? k.name_en : k.name_zh]));
    printCheckup(say, checkup, locale, (k) => kinds.get(k) ?? k);
  });
}

interface StandardOptions { code?: string; name?: string; lang: string }

async function importStandardAction(withRuntime: WithRuntime, say: Say, file: string, options: StandardOptions): Promise<void> {
  const locale = localeOf(options.lang);
  await withRuntime(async ({ database }) => {
    const db = database.db;
    try {
      const read = await readStandardFile(db, fs.readFileSync(file, 'utf8'), locale);
      const code = options.code ?? read.code;
      if (!code) throw new InvalidArgumentError('give the standard a code: --code, or "code" in the file');
      const admin = systemActor([], locale);
      // A standard is not tied to one tree; the system saves it as an installation-wide admin.
      const saved = await saveStandard({ db }, { ...admin, grants: [{ role: 'admin', areaId: 0, areaPath: '/', areaLevel: 'city', areaName: 'cli' }] }, {
        code, name: options.name ?? read.name ?? code, note: read.note, document: read.document,
      });
      say(`Saved standard ${saved.code} version ${saved.version} (id ${saved.id}).`);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'STANDARD_INVALID') throw err;
      for (const detail of err.details.map((d) => localizeDetail(d, locale))) say(`${detail.path}: ${detail.message}`);
      say(locale === 'en' ? `${err.details.length} problems; nothing was written.` : `发现 ${err.details.length} 处问题，未写入任何数据。`);
      process.exitCode = 1;
    }
  });
}

export function checkupCommands(withRuntime: WithRuntime, say: Say): Command[] {
  const checkup = new Command('checkup')
    .description('run the community checkup (社区体检) over one community and print the findings')
    .requiredOption('--community <code>', 'code of the community')
    .option('--standard <code>', 'code of the standard (latest version); default: the national standard CN-2020')
    .option('--margin <metres>', 'facilities this far outside the community count too; default: the longest walk the standard asks')
    .option('--json', 'print the whole result as JSON')
    .option('--lang <locale>', 'language: zh-CN or en', 'zh-CN')
    .action((options: CheckupOptions) => checkupAction(withRuntime, say, options));
  const standard = new Command('standard').description('manage checkup standards');
  standard.command('import <file>').description('add a standard, or the next version of one, from a JSON file (checked; nothing is written if it is wrong)')
    .option('--code <code>', 'standard code (default: "code" in the file)')
    .option('--name <name>', 'standard name (default: "name" in the file)')
    .option('--lang <locale>', 'language of the messages: zh-CN or en', 'zh-CN')
    .action((file: string, options: StandardOptions) => importStandardAction(withRuntime, say, file, options));
  return [checkup, standard];
}
