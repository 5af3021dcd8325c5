import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { openServerDatabase, wrapPglite } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedReferenceData } from '../src/db/referenceData.ts';
import { serverUrlFor } from './db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Embedded engine: path of a migrated data-folder dump. Server: name of a migrated template database. */
    template: { kind: 'embedded'; dumpFile: string } | { kind: 'server'; url: string; database: string };
  }
}

/** Migrates once, then every test file copies the result: a fresh database per file in milliseconds. */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const database = `linli_tpl_${process.pid}_${Date.now()}`;
    const admin = openServerDatabase(serverUrlFor(url, 'postgres'), 1);
    await sql`CREATE DATABASE ${sql.id(database)}`.execute(admin.db);
    const tpl = openServerDatabase(serverUrlFor(url, database), 1);
    await migrate(tpl.db);
    await seedReferenceData(tpl.db);
    await tpl.close();
    project.provide('template', { kind: 'server', url, database });
    return async () => {
      await sql`DROP DATABASE IF EXISTS ${sql.id(database)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    };
  }
  const pglite = await PGlite.create();
  const database = wrapPglite(pglite);
  await migrate(database.db);
  await seedReferenceData(database.db);
  const dump = await pglite.dumpDataDir('none');
  await database.close();
  const dumpFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'linli-tpl-')), 'template.tar');
  fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  project.provide('template', { kind: 'embedded', dumpFile });
  return () => fs.rmSync(path.dirname(dumpFile), { recursive: true, force: true });
}
