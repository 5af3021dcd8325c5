import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when web/dist is missing or older than the web sources or the server schemas the client is typed from. */
export function webBuildIsStale(): boolean {
  const index = path.join(root, 'web', 'dist', 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  const sources = [path.join(root, 'web', 'src'), path.join(root, 'web', 'index.html'), path.join(root, 'web', 'vite.config.ts')];
  return sources.some((s) => fs.existsSync(s) && (fs.statSync(s).isDirectory() ? newestMtime(s) : fs.statSync(s).mtimeMs) > built);
}

/** Builds the console with Vite when it is stale; returns false when the build failed. */
export function ensureWebBuild(log: (line: string) => void): boolean {
  if (!webBuildIsStale()) return true;
  log('Building the web console (first start or changed sources)…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Always the production build: Vite follows NODE_ENV, which a test runner sets to "test", and would
    // then bundle React's development build (StrictMode double mounts, dev warnings) into web/dist.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return result.status === 0;
}
