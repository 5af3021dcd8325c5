/**
 * Reading an OpenStreetMap extract — `.osm.pbf` or `.osm` XML — into a walking network, buildings and
 * amenities, streaming the file twice (ways, then nodes) so that its size never has to fit in memory.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../platform/errors.ts';
import type { OsmExtract } from '../types.ts';
import { ExtractBuilder } from './extractBuilder.ts';
import { notOsmFile } from './osmErrors.ts';
import { openPbf } from './pbfReader.ts';
import type { OsmPasses } from './source.ts';
import { openOsmXml } from './xmlReader.ts';

export interface ReadProgress {
  /** Bytes got through, counting each of the two passes as half the file; ends at totalBytes. */
  bytesRead: number;
  /** Size of the file. */
  totalBytes: number;
}

export interface ReadOsmOptions {
  onProgress?: (progress: ReadProgress) => void;
}

/** A PBF file starts with the length of its first BlobHeader, then that header's type field: "OSMHeader". */
function looksLikePbf(head: Buffer): boolean {
  return head.length >= 15 && head[4] === 0x0a && head[5] === 0x09 && head.toString('latin1', 6, 15) === 'OSMHeader';
}

function looksLikeXml(head: Buffer): boolean {
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return text.startsWith('<?xml') || text.startsWith('<osm');
}

/** PBF or XML by the file's first bytes; failing that by its name, so a damaged file gets its reader's precise error. */
export async function detectOsmFormat(file: string): Promise<'pbf' | 'xml'> {
  const handle = await fs.open(file, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (looksLikePbf(head)) return 'pbf';
  if (looksLikeXml(head)) return 'xml';
  const name = path.basename(file).toLowerCase();
  if (name.endsWith('.pbf')) return 'pbf';
  if (name.endsWith('.osm') || name.endsWith('.xml')) return 'xml';
  throw notOsmFile();
}

async function openOsm(file: string): Promise<OsmPasses> {
  try {
    await fs.access(file);
  } catch {
    throw new AppError('FILE_NOT_FOUND', { file });
  }
  return (await detectOsmFormat(file)) === 'pbf' ? openPbf(file) : openOsmXml(file);
}

/**
 * Reads an OSM extract: the walking network (pedestrian ways split at shared nodes, geodesic
 * lengths), buildings (closed ways tagged building, entrance node or centroid) and amenity
 * candidates (nodes and closed ways with amenity/shop/leisure/healthcare/… tags, all tags kept).
 * Throws OSM_FILE_MALFORMED (details say the block and byte, or the XML line and column),
 * OSM_FILE_UNSUPPORTED (lzma/zstd blocks, history files) or FILE_NOT_FOUND.
 */
export async function readOsmExtract(file: string, options: ReadOsmOptions = {}): Promise<OsmExtract> {
  const passes = await openOsm(file);
  const totalBytes = passes.totalBytes;
  const report = (pass: 0 | 1) => (bytes: number) => {
    const bytesRead = Math.floor((pass * totalBytes + Math.min(bytes, totalBytes)) / 2);
    options.onProgress?.({ bytesRead, totalBytes });
  };
  const builder = new ExtractBuilder();
  await passes.readWays(builder.onWay, report(0));
  builder.startNodes();
  await passes.readNodes(builder.onNode, report(1));
  return builder.finish();
}
