import crypto from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { backupDatabase, restoreDatabase } from './db/backup.ts';
import { DataDirLockedError } from './db/lock.ts';
import { MigrationError } from './db/migrate.ts';
import { loadDemo } from './demo/load.ts';
import { checkupCommands } from './checkup/cli.ts';
import { seedReferenceData } from './db/referenceData.ts';
import { importCommand } from './imports/cli.ts';
import { addStreetImportCommands } from './streets/cli.ts';
import { addHotlineImportCommand } from './tickets/hotlineCli.ts';
import { simulateCommand } from './devices/simulatorCli.ts';
import { open311Command } from './open311/cli.ts';
import { isRegistryEmpty, truncateRegistry } from './demo/store.ts';
import { createUser } from './platform/auth/users.ts';
import { AppError, errorMessage } from './platform/errors.ts';
import { isRole } from './platform/roles.ts';
import { readSetting } from './platform/settings.ts';
import { findAreaByCode } from './places/store.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { PortInUseError, seedDemoIfEmpty, startServer } from './server.ts';
import { ensureWebBuild } from './webBuild.ts';

const say = (line: string): void => {
  process.stdout.write(line + '\n');
};

/** Errors a person can act on are printed plainly; anything else keeps its stack. */
function explain(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${errorMessage(err.code, 'zh-CN', err.params)} / ${errorMessage(err.code, 'en', err.params)}`;
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof PortInUseError || err instanceof MigrationError) return err.message;
  return (err as Error)?.stack ?? String(err);
}

async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig());
  if (runtime.generatedKeyFile) say(`Generated a new data key for personal data at ${runtime.generatedKeyFile} — back it up; without it encrypted data cannot be read.`);
  if (runtime.migrated.length) say(`Applied migrations: ${runtime.migrated.join(', ')}`);
  try {
    return await work(runtime);
  } finally {
    await runtime.database.close();
  }
}

async function serve(options: { buildWeb?: boolean }): Promise<void> {
  const config: Config = loadConfig();
  if (options.buildWeb && !ensureWebBuild(say)) throw new Error('The web console failed to build; see the messages above.');
  const runtime = await openRuntime(config);
  if (runtime.generatedKeyFile) say(`No LINLI_DATA_KEY given: generated one at ${runtime.generatedKeyFile} (keep it with your backups).`);
  try {
    await seedDemoIfEmpty(runtime, say);
    const app = await startServer(runtime, say);
    const stop = async () => {
      await app.close();
      await runtime.database.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    await runtime.database.close();
    throw err;
  }
}

async function resetDemo(options: { force?: boolean }): Promise<void> {
  await withRuntime(async ({ database, cipher }) => {
    const isDemo = (await readSetting<boolean>(database.db, 'demo')) === true;
    if (!isDemo && !(await isRegistryEmpty(database.db)) && !options.force) {
      throw new Error('This database holds real (non-demo) data; refusing to reset it. Use --force to wipe it anyway.');
    }
    await truncateRegistry(database.db);
    await seedReferenceData(database.db);
    const loaded = await loadDemo(database.db, cipher);
    say(`Demo rebuilt: ${loaded.households} households, ${loaded.residents} residents.`);
  });
}

function parseRole(value: string) {
  if (!isRole(value)) throw new InvalidArgumentError(`unknown role "${value}"`);
  return value;
}

async function addUser(username: string, options: { role: string; area: string; name?: string; password?: string }): Promise<void> {
  await withRuntime(async ({ database }) => {
    const area = await findAreaByCode(database.db, options.area);
    if (!area) throw new AppError('AREA_NOT_FOUND');
    const password = options.password ?? crypto.randomBytes(12).toString('base64url');
    const role = parseRole(options.role);
    const id = await createUser({ db: database.db }, { username, displayName: options.name ?? username, password, roles: [{ role, areaId: area.id }] }, null);
    say(`Created user ${username} (id ${id}) as ${role} on ${area.name}.`);
    if (!options.password) say(`Initial password: ${password}`);
  });
}

export function buildCli(): Command {
  const program = new Command('linli').description('Linli (邻里): build and run complete communities').showHelpAfterError();
  program.command('serve').description('migrate, load the demo into an empty database, and serve the console and API')
    .option('--build-web', 'build the web console first when its sources changed').action(serve);
  program.command('migrate').description('apply pending database migrations and exit').action(() => withRuntime(async () => say('Database is up to date.')));
  program.command('demo').description('manage the generated demo community')
    .option('--reset', 'wipe the registry and rebuild the demo').option('--force', 'also wipe a database that holds non-demo data')
    .action(async (options: { reset?: boolean; force?: boolean }, command: Command) => {
      if (options.reset) await resetDemo(options);
      else command.help();
    });
  const user = program.command('user').description('manage accounts');
  user.command('add <username>').description('create an account with one role on an area')
    .requiredOption('--role <role>', 'admin, subdistrict_officer, department_officer, community_staff, grid_worker, building_lead, property_manager or resident')
    .requiredOption('--area <code>', 'code of the area the role applies to')
    .option('--name <displayName>', 'name shown in the console').option('--password <password>', 'initial password (generated when omitted)')
    .action(addUser);
  program.command('backup <file>').description('write a backup: the embedded database as .tar.gz, or a server database with pg_dump')
    .action((file: string) => backupDatabase(loadConfig(), file, say));
  program.command('restore <file>').description('replace the database with a backup made by `linli backup` (stop Linli first)')
    .action((file: string) => restoreDatabase(loadConfig(), file, say));
  const importing = importCommand(withRuntime, say);
  addStreetImportCommands(importing, withRuntime, say);
  addHotlineImportCommand(importing, withRuntime, say);
  program.addCommand(importing);
  for (const command of checkupCommands(withRuntime, say)) program.addCommand(command);
  program.addCommand(open311Command(withRuntime, say));
  program.addCommand(simulateCommand(withRuntime, say));
  return program;
}

try {
  await buildCli().parseAsync(process.argv);
} catch (err) {
  process.stderr.write(explain(err) + '\n');
  process.exit(1);
}
