import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '../config.ts';
import { openEmbeddedDatabase } from './engine.ts';
import { lockDataDir } from './lock.ts';
import { migrate } from './migrate.ts';

function requireEmbedded(config: Config, verb: string): void {
  if (config.databaseUrl) {
    throw new Error(`linli ${verb} works on the embedded database. For a PostgreSQL server use pg_dump / pg_restore, which know its storage.`);
  }
}

/** Writes the embedded database's data folder as a gzipped tarball; takes the data-folder lock. */
export async function backupDatabase(config: Config, file: string, say: (line: string) => void): Promise<void> {
  requireEmbedded(config, 'backup');
  const database = await openEmbeddedDatabase(config.dataDir);
  try {
    const dump = await database.pglite!.dumpDataDir('gzip');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    say(`Backup written to ${path.resolve(file)} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB). Keep data.key with it: personal data is encrypted.`);
  } finally {
    await database.close();
  }
}

/** Replaces the embedded database with a backup; the old data folder is kept aside, not deleted. */
export async function restoreDatabase(config: Config, file: string, say: (line: string) => void): Promise<void> {
  requireEmbedded(config, 'restore');
  if (!fs.existsSync(file)) throw new Error(`No such backup file: ${file}`);
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
