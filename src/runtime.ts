import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/engine.ts';
import { migrate } from './db/migrate.ts';
import { seedReferenceData } from './db/referenceData.ts';
import { resolveDataKey } from './platform/dataKey.ts';
import { createFieldCipher, type FieldCipher } from './platform/fieldCipher.ts';

export interface Runtime {
  config: Config;
  database: Database;
  cipher: FieldCipher;
  /** Migrations applied by this start. */
  migrated: string[];
  /** Where a data key was generated on this start, if one was. */
  generatedKeyFile: string | undefined;
}

/** Opens the database (taking the data-folder lock when embedded), migrates it and loads the data key. */
export async function openRuntime(config: Config): Promise<Runtime> {
  const key = resolveDataKey(config);
  const database = await openDatabase(config);
  try {
    const migrated = await migrate(database.db);
    await seedReferenceData(database.db);
    return { config, database, cipher: createFieldCipher(key.key), migrated, generatedKeyFile: key.generatedAt };
  } catch (err) {
    await database.close();
    throw err;
  }
}
