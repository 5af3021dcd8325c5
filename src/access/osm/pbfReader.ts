/**
 * A streaming OSM PBF reader: OSMHeader and OSMData blocks (PrimitiveBlock → PrimitiveGroups of
 * nodes, dense nodes, ways and relations) decoded with `pbf`, one block at a time, in two passes
 * (ways, then the blocks that hold nodes). Relations are skipped: multipolygon buildings and
 * route relations add nothing a walking graph needs, and resolving them would take a third pass.
 */
import { PbfReader } from 'pbf';
import { AppError } from '../../platform/errors.ts';
import { pbfBadBlock, pbfUnsupported } from './osmErrors.ts';
import { fileSize, readPbfBlocks, type FileBlock } from './pbfFile.ts';
import type { NodeVisitor, OsmPasses, OsmTags, WayVisitor } from './source.ts';

/** Features a file may require that this reader understands; any other is refused. */
const KNOWN_REQUIRED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);

/** A PrimitiveBlock's string table and coordinate frame, and where its groups sit in the payload. */
interface PrimitiveBlock {
  strings: string[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
  groups: { start: number; end: number }[];
}

/** Reused between entities so a block of 8,000 ways allocates arrays once. */
interface Scratch {
  keys: number[];
  vals: number[];
  refs: number[];
  ids: number[];
  lats: number[];
  lons: number[];
  keysVals: number[];
}

/** A problem found in a block's content, worded for the person who has to fix the file. */
class DecodeError extends Error {}

const newScratch = (): Scratch => ({ keys: [], vals: [], refs: [], ids: [], lats: [], lons: [], keysVals: [] });
const utf8 = new TextDecoder('utf-8');

function checkHeaderBlock(block: FileBlock): void {
  const required: string[] = [];
  new PbfReader(block.data).readFields((tag, out, p) => {
    if (tag === 4) out.push(p.readString());
  }, required);
  const unknown = required.find((f) => !KNOWN_REQUIRED_FEATURES.has(f));
  if (unknown) throw pbfUnsupported(block, unknown);
}

function readStringTable(pbf: PbfReader, strings: string[]): void {
  pbf.readMessage((tag, out, p) => {
    if (tag === 1) out.push(utf8.decode(p.readBytes()));
  }, strings);
}

function readPrimitiveBlock(data: Uint8Array): PrimitiveBlock {
  const block: PrimitiveBlock = { strings: [], granularity: 100, latOffset: 0, lonOffset: 0, groups: [] };
  const pbf = new PbfReader(data);
  pbf.readFields((tag, b, p) => {
    if (tag === 1) readStringTable(p, b.strings);
    else if (tag === 2) {
      // Groups are decoded after the whole block: granularity and offsets may come after them.
      const length = p.readVarint();
      b.groups.push({ start: p.pos, end: p.pos + length });
      p.pos += length;
    } else if (tag === 17) b.granularity = p.readVarint();
    else if (tag === 19) b.latOffset = p.readVarint(true);
    else if (tag === 20) b.lonOffset = p.readVarint(true);
  }, block);
  if (pbf.pos !== data.length) throw new DecodeError('the block ends inside a field');
  if (!(block.granularity > 0)) throw new DecodeError(`granularity ${block.granularity} is not positive`);
  return block;
}

function tagsOf(keys: number[], vals: number[], strings: string[]): OsmTags {
  if (keys.length !== vals.length) throw new DecodeError('an element has more tag keys than values');
  const tags: OsmTags = {};
  for (let i = 0; i < keys.length; i++) {
    const key = strings[keys[i]];
    const value = strings[vals[i]];
    if (key === undefined || value === undefined) throw new DecodeError(`a tag names string ${Math.max(keys[i], vals[i])}, outside the string table`);
    tags[key] = value;
  }
  return tags;
}

/** Decodes the delta-coded sint64 list `values` in place. */
function undelta(values: number[]): void {
  for (let i = 1; i < values.length; i++) values[i] += values[i - 1];
}

function checkId(id: number, what: string): void {
  if (!Number.isSafeInteger(id)) throw new DecodeError(`${what} id ${id} is not a whole number`);
}

function readWay(pbf: PbfReader, block: PrimitiveBlock, s: Scratch, visit: WayVisitor): void {
  s.keys.length = s.vals.length = s.refs.length = 0;
  const way = { id: NaN };
  const end = pbf.readVarint() + pbf.pos;
  pbf.readFields((tag, w, p) => {
    if (tag === 1) w.id = p.readVarint();
    else if (tag === 2) p.readPackedVarint(s.keys);
    else if (tag === 3) p.readPackedVarint(s.vals);
    else if (tag === 8) p.readPackedSVarint(s.refs);
  }, way, end);
  if (pbf.pos !== end) throw new DecodeError(`way ${way.id} ends inside a field`);
  checkId(way.id, 'a way');
  undelta(s.refs);
  for (const ref of s.refs) checkId(ref, `way ${way.id} refers to a node whose`);
  visit(way.id, s.refs, tagsOf(s.keys, s.vals, block.strings));
}

/** Degrees from the block's integer units: one division of an exact integer, so PBF and XML agree to the bit. */
function degrees(units: number, offset: number, granularity: number): number {
  return (offset + granularity * units) / 1e9;
}

function emitNode(block: PrimitiveBlock, id: number, latUnits: number, lonUnits: number, tags: OsmTags | null, visit: NodeVisitor): void {
  checkId(id, 'a node');
  const lat = degrees(latUnits, block.latOffset, block.granularity);
  const lon = degrees(lonUnits, block.lonOffset, block.granularity);
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) throw new DecodeError(`node ${id} lies at ${lon}, ${lat}, outside the globe`);
  visit(id, lon, lat, tags);
}

function readPlainNode(pbf: PbfReader, block: PrimitiveBlock, s: Scratch, visit: NodeVisitor): void {
  s.keys.length = s.vals.length = 0;
  const node = { id: NaN, lat: NaN, lon: NaN };
  const end = pbf.readVarint() + pbf.pos;
  pbf.readFields((tag, n, p) => {
    if (tag === 1) n.id = p.readSVarint();
    else if (tag === 2) p.readPackedVarint(s.keys);
    else if (tag === 3) p.readPackedVarint(s.vals);
    else if (tag === 8) n.lat = p.readSVarint();
    else if (tag === 9) n.lon = p.readSVarint();
  }, node, end);
  if (pbf.pos !== end) throw new DecodeError(`node ${node.id} ends inside a field`);
  const tags = s.keys.length ? tagsOf(s.keys, s.vals, block.strings) : null;
  emitNode(block, node.id, node.lat, node.lon, tags, visit);
}

/** Tags of dense node i start at keysVals[cursor]: key, value pairs closed by a 0. */
function denseTags(s: Scratch, cursor: number, strings: string[]): { tags: OsmTags | null; next: number } {
  if (cursor >= s.keysVals.length || s.keysVals[cursor] === 0) return { tags: null, next: cursor + 1 };
  s.keys.length = s.vals.length = 0;
  let k = cursor;
  while (k < s.keysVals.length && s.keysVals[k] !== 0) {
    if (k + 1 >= s.keysVals.length) throw new DecodeError('dense node tags end with a key and no value');
    s.keys.push(s.keysVals[k]);
    s.vals.push(s.keysVals[k + 1]);
    k += 2;
  }
  return { tags: tagsOf(s.keys, s.vals, strings), next: k + 1 };
}

function readDenseNodes(pbf: PbfReader, block: PrimitiveBlock, s: Scratch, visit: NodeVisitor): void {
  s.ids.length = s.lats.length = s.lons.length = s.keysVals.length = 0;
  const end = pbf.readVarint() + pbf.pos;
  pbf.readFields((tag, x: Scratch, p) => {
    if (tag === 1) p.readPackedSVarint(x.ids);
    else if (tag === 8) p.readPackedSVarint(x.lats);
    else if (tag === 9) p.readPackedSVarint(x.lons);
    else if (tag === 10) p.readPackedVarint(x.keysVals);
  }, s, end);
  if (pbf.pos !== end) throw new DecodeError('dense nodes end inside a field');
  if (s.lats.length !== s.ids.length || s.lons.length !== s.ids.length) throw new DecodeError('dense nodes have different numbers of ids and coordinates');
  undelta(s.ids);
  undelta(s.lats);
  undelta(s.lons);
  let cursor = 0;
  for (let i = 0; i < s.ids.length; i++) {
    const { tags, next } = denseTags(s, cursor, block.strings);
    cursor = next;
    emitNode(block, s.ids[i], s.lats[i], s.lons[i], tags, visit);
  }
}

interface GroupVisitors {
  way?: WayVisitor;
  node?: NodeVisitor;
}

/** Decodes the groups of a block, visiting what is asked for; returns whether it holds nodes. */
function readGroups(data: Uint8Array, block: PrimitiveBlock, visitors: GroupVisitors, s: Scratch): boolean {
  let hasNodes = false;
  const pbf = new PbfReader(data);
  for (const group of block.groups) {
    pbf.pos = group.start;
    while (pbf.pos < group.end) {
      const field = pbf.nextField(group.end);
      if (field === 1 || field === 2) {
        hasNodes = true;
        if (!visitors.node) continue; // nextField skips the unread value
        if (field === 1) readPlainNode(pbf, block, s, visitors.node);
        else readDenseNodes(pbf, block, s, visitors.node);
      } else if (field === 3 && visitors.way) readWay(pbf, block, s, visitors.way);
      else if (field === 0) break;
    }
    if (pbf.pos !== group.end) throw new DecodeError('a primitive group ends inside a field');
  }
  return hasNodes;
}

/** Decodes one OSMData block, turning any decoding failure into OSM_FILE_MALFORMED for this block. */
function visitDataBlock(fileBlock: FileBlock, visitors: GroupVisitors, s: Scratch): boolean {
  try {
    return readGroups(fileBlock.data, readPrimitiveBlock(fileBlock.data), visitors, s);
  } catch (err) {
    // Anything but our own checks is `pbf` tripping over bytes that are not protobuf.
    throw pbfBadBlock(fileBlock, err instanceof DecodeError ? err.message : 'its protobuf data is corrupt');
  }
}

/** The two passes over a PBF file; readWays must run before readNodes (it finds the node blocks). */
export async function openPbf(file: string): Promise<OsmPasses> {
  const totalBytes = await fileSize(file);
  const nodeBlocks = new Set<number>();
  return {
    totalBytes,
    async readWays(visit, onBytes) {
      const s = newScratch();
      for await (const block of readPbfBlocks(file)) {
        if (block.type === 'OSMHeader') checkHeader(block);
        else if (block.type === 'OSMData' && visitDataBlock(block, { way: visit }, s)) nodeBlocks.add(block.block);
        onBytes(block.end);
      }
      onBytes(totalBytes);
    },
    async readNodes(visit, onBytes) {
      const s = newScratch();
      for await (const block of readPbfBlocks(file, { wanted: (n) => nodeBlocks.has(n) })) {
        visitDataBlock(block, { node: visit }, s);
        onBytes(block.end);
      }
      onBytes(totalBytes);
    },
  };
}

function checkHeader(block: FileBlock): void {
  try {
    checkHeaderBlock(block);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw pbfBadBlock(block, 'its OSMHeader is corrupt');
  }
}

