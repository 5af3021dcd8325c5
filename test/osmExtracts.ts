import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where the OpenStreetMap extracts of the workplace are (© OpenStreetMap contributors, ODbL): they are
 * used from there, never copied into the repository. `LINLI_OSM_DIR` names the folder; otherwise the
 * `shared` folder beside the checkout, or the workplace's own when the checkout lives elsewhere (a CI clone).
 */
export function osmExtractDir(): string {
  const candidates = [process.env.LINLI_OSM_DIR, path.resolve(repoRoot, '../shared/data/osm'), '/work/shared/data/osm'];
  const found = candidates.find((dir) => dir && fs.existsSync(path.join(dir, 'monaco.osm.pbf')));
  if (!found) throw new Error(`The OSM extracts are not here: looked in ${candidates.filter(Boolean).join(', ')}; set LINLI_OSM_DIR.`);
  return found;
}

export const osmExtract = (name: 'monaco.osm.pbf' | 'liechtenstein.osm.pbf'): string => path.join(osmExtractDir(), name);
