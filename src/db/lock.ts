import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite has no lock of its own: two handles on one folder silently lose writes.
 * An exclusive lock file (O_EXCL) holding the owner's pid guards the data folder;
 * a lock left behind by a dead process is taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly ownerPid: number,
  ) {
    super(
      `The data folder is in use by another Linli process (pid ${ownerPid}). ` +
        `Stop it, or run this command against the running server.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockFile: string): number {
  const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
  return Number.isInteger(pid) ? pid : 0;
}

/** Takes the exclusive lock on a data folder or throws DataDirLockedError. */
export function lockDataDir(dir: string): DirLock {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, 'linli.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (fs.existsSync(lockFile) && readOwner(lockFile) === process.pid) fs.rmSync(lockFile);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(lockFile);
      if (owner && owner !== process.pid && isAlive(owner)) throw new DataDirLockedError(lockFile, owner);
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirLockedError(lockFile, readOwner(lockFile));
}
