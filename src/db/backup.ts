import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '../config.ts';
import { openEmbeddedDatabase } from './engine.ts';
import { lockDataDir } from './lock.ts';
import { migrate } from './migrate.ts';

/** Runs a PostgreSQL client tool (pg_dump, pg_restore) and fails with its own words. */
function runClientTool(tool: string, args: string[]): void {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`${tool} is needed for a server database and could not be run (${result.error.message}); install the PostgreSQL client.`);
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr.trim()}`);
}

/** A server database is backed up with pg_dump's custom format, which pg_restore reads back. */
function backupServer(url: string, file: string, say: (line: string) => void): void {
  runClientTool('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, url]);
  say(`Backup written to ${path.resolve(file)} with pg_dump. Keep LINLI_DATA_KEY with it: personal data is encrypted. Uploaded photos are files under DATA_DIR/uploads: copy that folder too.`);
}

function restoreServer(url: string, file: string, say: (line: string) => void): void {
  runClientTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${url}`, file]);
  say(`Restored ${file} into the server database with pg_restore.`);
}

/** Writes a backup: the embedded data folder as a gzipped tarball (under its lock), or pg_dump of a server. */
export async function backupDatabase(config: Config, file: string, say: (line: string) => void): Promise<void> {
  if (!fs.existsSync(path.dirname(path.resolve(file)))) throw new Error(`No such folder for the backup: ${path.dirname(file)}`);
  if (config.databaseUrl) return backupServer(config.databaseUrl, file, say);
  const database = await openEmbeddedDatabase(config.dataDir);
  try {
    const dump = await database.pglite!.dumpDataDir('gzip');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    say(`Backup written to ${path.resolve(file)} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB). Keep data.key with it: personal data is encrypted. Uploaded photos are files under ${path.join(config.dataDir, 'uploads')}: copy that folder too.`);
  } finally {
    await database.close();
  }
}

/**
 * Replaces the database with a backup. Embedded: the old data folder is kept aside, not deleted.
 * Server: pg_restore in one transaction, so a broken backup leaves the database as it was.
 */
export async function restoreDatabase(config: Config, file: string, say: (line: string) => void): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`No such backup file: ${file}`);
  if (config.databaseUrl) return restoreServer(config.databaseUrl, file, say);
  const lock = lockDataDir(config.dataDir);
  const pgdata = path.join(config.dataDir, 'pgdata');
  const staging = path.join(config.dataDir, 'pgdata.restoring');
  try {
    fs.rmSync(staging, { recursive: true, force: true });
    // Load into a staging folder first: a broken backup must not cost the current data.
    const pglite = await PGlite.create(staging, { loadDataDir: new Blob([fs.readFileSync(file)]) });
    await pglite.query('SELECT 1');
    await pglite.close();
    const aside = `${pgdata}.before-restore-${Date.now()}`;
    if (fs.existsSync(pgdata)) fs.renameSync(pgdata, aside);
    fs.renameSync(staging, pgdata);
    say(`Restored from ${file}. The previous data folder was kept at ${aside}.`);
  } finally {
    lock.release();
  }
  const database = await openEmbeddedDatabase(config.dataDir);
  try {
    const applied = await migrate(database.db);
    if (applied.length) say(`Applied migrations to the restored database: ${applied.join(', ')}`);
  } finally {
    await database.close();
  }
}
