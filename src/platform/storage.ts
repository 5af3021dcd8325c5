/**
 * The one adapter for stored files (photos of projects, later of tickets). Callers see opaque keys;
 * the local-disk implementation below is the default, and an S3/OSS one only has to implement the
 * same three calls.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface StoredFile {
  bytes: Buffer;
  contentType: string;
}

export interface Storage {
  /** Stores the bytes under a new key and returns it. */
  put(bytes: Buffer, contentType: string): Promise<string>;
  /** The file under a key, or undefined when there is none. */
  get(key: string): Promise<StoredFile | undefined>;
  /** Removes a file; removing one that is not there is not an error (cleanup after a failed request). */
  remove(key: string): Promise<void>;
}

const extensionOf: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};
const contentTypeOf = Object.fromEntries(Object.entries(extensionOf).map(([type, ext]) => [ext, type]));

// Keys are made here, but a key read back from elsewhere must never climb out of the folder.
const KEY_PATTERN = /^\d{6}\/[0-9a-f-]{36}\.[a-z]{2,5}$/;

/**
 * Files under `root` (by default `<DATA_DIR>/uploads`), one folder per month. The content type
 * travels in the extension, so nothing besides the file itself needs to be kept.
 */
export function createLocalStorage(root: string, now: () => Date = () => new Date()): Storage {
  const fileOf = (key: string) => {
    if (!KEY_PATTERN.test(key)) throw new Error(`not a storage key: ${key}`);
    return path.join(root, key);
  };
  return {
    async put(bytes, contentType) {
      const month = now().toISOString().slice(0, 7).replace('-', '');
      const key = `${month}/${crypto.randomUUID()}.${extensionOf[contentType] ?? 'bin'}`;
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Written aside and renamed, so a crash never leaves half a file under a real key.
      const partial = `${file}.partial`;
      await fs.writeFile(partial, bytes, { flag: 'wx' });
      await fs.rename(partial, file);
      return key;
    },
    async get(key) {
      try {
        const bytes = await fs.readFile(fileOf(key));
        return { bytes, contentType: contentTypeOf[path.extname(key).slice(1)] ?? 'application/octet-stream' };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async remove(key) {
      await fs.rm(fileOf(key), { force: true });
    },
  };
}

/**
 * Stores files, then runs the work that records their keys (a database transaction). When storing or
 * the work fails, the files stored so far are removed again: a failed request leaves no file behind.
 */
export async function withStoredFiles<T>(
  storage: Storage,
  files: { bytes: Buffer; contentType: string }[],
  work: (keys: string[]) => Promise<T>,
): Promise<T> {
  const keys: string[] = [];
  try {
    for (const file of files) keys.push(await storage.put(file.bytes, file.contentType));
    return await work(keys);
  } catch (err) {
    await Promise.all(keys.map((key) => storage.remove(key).catch(() => undefined)));
    throw err;
  }
}
