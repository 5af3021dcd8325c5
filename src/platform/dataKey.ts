import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { generateDataKey } from './fieldCipher.ts';

export interface ResolvedKey {
  key: string;
  /** Set when the key was generated just now, so the caller can say so. */
  generatedAt?: string;
}

/**
 * The data key that encrypts personal data. A server deployment must be given it
 * (LINLI_DATA_KEY); the embedded default keeps one in the data folder, made on first start.
 */
export function resolveDataKey(config: Config): ResolvedKey {
  if (config.dataKey) return { key: config.dataKey };
  if (config.databaseUrl) {
    throw new ConfigError('LINLI_DATA_KEY', 'is required with DATABASE_URL (32 bytes in base64; try: openssl rand -base64 32)');
  }
  const file = path.join(config.dataDir, 'data.key');
  if (fs.existsSync(file)) return { key: fs.readFileSync(file, 'utf8').trim() };
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = generateDataKey();
  fs.writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return { key, generatedAt: file };
}
