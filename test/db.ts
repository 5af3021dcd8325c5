import crypto from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openServerDatabase, wrapPglite, type Database } from '../src/db/engine.ts';

/** The same server URL with another database name. */
export function serverUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh, migrated database for one test file: a copy of the template, on the embedded
 * engine or (with DATABASE_URL) on the PostgreSQL server. Close it in afterAll.
 */
export async function createTestDatabase(): Promise<Database> {
  const template = inject('template');
  if (template.kind === 'embedded') {
    const pglite = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(template.dumpFile)]) });
    return wrapPglite(pglite);
  }
  const name = `linli_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = openServerDatabase(serverUrlFor(template.url, 'postgres'), 1);
  await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(template.database)}`.execute(admin.db);
  const database = openServerDatabase(serverUrlFor(template.url, name), 4);
  return {
    ...database,
    async close() {
      await database.close();
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    },
  };
}

/** An empty database on the PostgreSQL server of this run, for tests that drive the CLI against a server. */
export async function createScratchServerDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const template = inject('template');
  if (template.kind !== 'server') return undefined;
  const name = `linli_s_${crypto.randomBytes(6).toString('hex')}`;
  const admin = openServerDatabase(serverUrlFor(template.url, 'postgres'), 1);
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  return {
    url: serverUrlFor(template.url, name),
    async drop() {
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    },
  };
}
