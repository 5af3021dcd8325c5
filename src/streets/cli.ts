/**
 * `linli import osm <file> [--area CODE]` and `linli import streets <file.geojson> --area CODE`:
 * street networks (and, from OSM, buildings and facilities) from a shell, with progress lines every
 * 10 % and a summary with counts and the time taken.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { AppError, errorMessage, localizeDetail, type Locale } from '../platform/errors.ts';
import type { Runtime } from '../runtime.ts';
import { importOsm, importStreetGeojson, type ImportOsmResult, type ImportProgress, type Importer } from './service.ts';

type WithRuntime = <T>(work: (runtime: Runtime) => Promise<T>) => Promise<T>;
type Say = (line: string) => void;

// The CLI acts as the system: whoever can run it already holds the database (see imports/cli.ts).
const cliImporter: Importer = { id: null, name: 'cli' };

const localeOf = (lang: string | undefined): Locale => (lang === 'en' ? 'en' : 'zh-CN');

/** A line each time a phase passes another 10 %. */
function progressPrinter(say: Say, fileName: string): (p: ImportProgress) => void {
  const last = { read: -1, write: -1 };
  return (p) => {
    const decile = p.total === 0 ? 10 : Math.floor((p.done * 10) / p.total);
    if (decile <= last[p.phase]) return;
    last[p.phase] = decile;
    say(p.phase === 'read' ? `reading ${fileName}: ${decile * 10} %` : `${p.done}/${p.total} buildings and facilities written (${decile * 10} %)`);
  };
}

/** Refusals a person can act on: the message, then where the file is broken, in their language. */
async function reportingRefusals(say: Say, locale: Locale, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    say(`${err.code}: ${errorMessage(err.code, locale, err.params)}`);
    for (const detail of err.details) say(`  ${localizeDetail(detail, locale).message}`);
    process.exitCode = 1;
  }
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

function sayOsmSummary(say: Say, fileName: string, r: ImportOsmResult, started: number): void {
  const c = r.community;
  say(`${fileName} → community ${c.code} (${c.name}${c.created ? ', created' : ''}).`);
  say(r.networkId === null ? 'Walking network: no walkable ways in the file.' : `Walking network: ${r.nodes} nodes, ${r.edges} edges, ${r.lengthKm.toFixed(1)} km.`);
  say(`Buildings: ${r.buildings.inserted} new, ${r.buildings.updated} updated.`);
  say(`Facilities: ${r.facilities.inserted} new, ${r.facilities.updated} updated; ${r.amenitiesWithoutKind} amenities match no facility kind and were skipped.`);
  say(`Done in ${seconds(started)} s.`);
}

interface OsmOptions {
  area?: string;
  /** The import group's --lang (zh-CN by default). */
  lang?: string;
}

async function runOsmImport(withRuntime: WithRuntime, say: Say, file: string, options: OsmOptions): Promise<void> {
  const started = performance.now();
  const fileName = path.basename(file);
  await reportingRefusals(say, localeOf(options.lang), () =>
    withRuntime(async ({ database }) => {
      const result = await importOsm({ db: database.db }, { file, areaCode: options.area, importedBy: cliImporter, onProgress: progressPrinter(say, fileName) });
      sayOsmSummary(say, fileName, result, started);
    }),
  );
}

async function runStreetsImport(withRuntime: WithRuntime, say: Say, file: string, options: Required<OsmOptions>): Promise<void> {
  const started = performance.now();
  const fileName = path.basename(file);
  await reportingRefusals(say, localeOf(options.lang), async () => {
    if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', { file });
    const body = fs.readFileSync(file);
    await withRuntime(async ({ database }) => {
      const r = await importStreetGeojson({ db: database.db }, { file: body, fileName, areaCode: options.area, importedBy: cliImporter });
      say(`${fileName} → community ${r.community.code} (${r.community.name}).`);
      say(`Walking network: ${r.nodes} nodes, ${r.edges} edges.`);
      say(`Done in ${seconds(started)} s.`);
    });
  });
}

/** Adds `osm` and `streets` to the `import` command group; they share its `--lang` option. */
export function addStreetImportCommands(importing: Command, withRuntime: WithRuntime, say: Say): void {
  importing.command('osm').description('import an OpenStreetMap extract (.osm.pbf or .osm): walking network, buildings and facilities')
    .argument('<file>', 'path of the .osm.pbf or .osm file')
    .option('--area <code>', 'community to import into (default: a community named after the file, created on first import)')
    .action((file: string, _options: OsmOptions, command: Command) => runOsmImport(withRuntime, say, file, command.optsWithGlobals<OsmOptions>()));
  importing.command('streets').description('import a GeoJSON line layer as the walking network of a community')
    .argument('<file>', 'path of the .geojson file (LineString / MultiLineString features)')
    .requiredOption('--area <code>', 'community the network belongs to')
    .action((file: string, _options: Required<OsmOptions>, command: Command) => runStreetsImport(withRuntime, say, file, command.optsWithGlobals<Required<OsmOptions>>()));
}
