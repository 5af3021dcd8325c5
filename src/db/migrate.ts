import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  name: string;
  checksum: string;
  sql: string;
}

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** The numbered SQL files, in order. Append-only: an applied file must never change. */
export function listMigrations(): Migration[] {
  return fs
    .readdirSync(migrationsDir)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(migrationsDir, file), 'utf8');
      return { name: file, sql: text, checksum: crypto.createHash('sha256').update(text).digest('hex') };
    });
}

async function ensureLedger(db: Kysely<DB>): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}

async function appliedMigrations(db: Kysely<DB>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('schema_migration').select(['name', 'checksum']).execute();
  return new Map(rows.map((row) => [row.name, row.checksum]));
}

/** Names of migrations not yet applied; throws when an applied file was edited afterwards. */
export async function pendingMigrations(db: Kysely<DB>): Promise<string[]> {
  await ensureLedger(db);
  const applied = await appliedMigrations(db);
  const pending: string[] = [];
  for (const migration of listMigrations()) {
    const checksum = applied.get(migration.name);
    if (checksum === undefined) pending.push(migration.name);
    else if (checksum !== migration.checksum) {
      throw new MigrationError(`Migration ${migration.name} was changed after it was applied; add a new migration instead.`);
    }
  }
  return pending;
}

/** Applies pending migrations, each in its own transaction; returns the names applied. */
export async function migrate(db: Kysely<DB>): Promise<string[]> {
  const pending = new Set(await pendingMigrations(db));
  const applied: string[] = [];
  for (const migration of listMigrations().filter((m) => pending.has(m.name))) {
    try {
      await db.transaction().execute(async (trx) => {
        await sql.raw(migration.sql).execute(trx);
        await trx.insertInto('schema_migration').values({ name: migration.name, checksum: migration.checksum }).execute();
      });
    } catch (err) {
      throw new MigrationError(`Migration ${migration.name} failed: ${(err as Error).message}`, { cause: err });
    }
    applied.push(migration.name);
  }
  return applied;
}
