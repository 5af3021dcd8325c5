import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { lockDataDir, type DirLock } from './lock.ts';
import { PreparingClient } from './prepared.ts';

// BIGINT ids and counts fit in a double here; parse them as numbers rather than strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export type EngineKind = 'embedded' | 'server';

/** A database handle: Kysely over node-postgres, whichever engine is underneath. */
export interface Database {
  db: Kysely<DB>;
  kind: EngineKind;
  /** Where the embedded engine keeps its files; undefined for a server. */
  dataDir: string | undefined;
  /** The embedded engine itself, for dump/restore; undefined for a server. */
  pglite: PGlite | undefined;
  close(): Promise<void>;
}

function wrap(pool: pg.Pool, kind: EngineKind, extra: Partial<Database>, onClose: () => Promise<void>): Database {
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind,
    dataDir: extra.dataDir,
    pglite: extra.pglite,
    async close() {
      await db.destroy();
      await onClose();
    },
  };
}

/** Connects to a PostgreSQL server. */
export function openServerDatabase(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, Client: PreparingClient });
  // An idle connection the server drops (restart, failover, admin) must not crash the process:
  // the pool discards it and the next query opens a new one.
  pool.on('error', (err) => process.stderr.write(`PostgreSQL connection lost (${(err as { code?: string }).code ?? err.message}); reconnecting on next use\n`));
  return wrap(pool, 'server', {}, async () => {});
}

/** Wraps an already open PGlite (tests load one from a template dump). */
export function wrapPglite(pglite: PGlite, dataDir?: string, lock?: DirLock): Database {
  const pool = new pg.Pool({ ...createPgConfig(pglite), Client: PreparingClient } as unknown as pg.PoolConfig);
  return wrap(pool, 'embedded', { pglite, dataDir }, async () => {
    await pglite.close();
    lock?.release();
  });
}

/** Opens the embedded engine on a data folder, holding its exclusive lock until close. */
export async function openEmbeddedDatabase(dataDir: string): Promise<Database> {
  const lock = lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(path.join(dataDir, 'pgdata'));
    return wrapPglite(pglite, dataDir, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** Opens the configured database: the server in databaseUrl, else the embedded engine. */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return options.databaseUrl ? openServerDatabase(options.databaseUrl) : openEmbeddedDatabase(options.dataDir);
}
