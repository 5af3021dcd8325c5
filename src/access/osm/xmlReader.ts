/**
 * A streaming reader of OSM XML (.osm, as the editing API and `osmium cat -f osm` write it), with
 * saxes: the file is read in 1 MiB chunks, each pass keeping only the element it is inside.
 * Relations are skipped, as in the PBF reader.
 */
import fs from 'node:fs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { notOsmFile, xmlSyntax } from './osmErrors.ts';
import { fileSize } from './pbfFile.ts';
import type { BytesListener, NodeVisitor, OsmPasses, OsmTags, WayVisitor } from './source.ts';

const CHUNK_BYTES = 1 << 20;

/** Element handlers of one pass; `fail` reports a problem at the parser's current line and column. */
interface PassHandlers {
  open(tag: SaxesTagPlain, fail: (reason: string) => never): void;
  close(name: string): void;
}

/** Streams the file through saxes, stopping at the first syntax error with its line and column. */
async function parseFile(file: string, handlers: PassHandlers, onBytes: BytesListener): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let failure: Error | undefined;
  const fail = (reason: string): never => {
    throw xmlSyntax(parser.line, parser.column, reason);
  };
  let root: string | undefined;
  parser.on('error', (err) => {
    // saxes prefixes "line:column: "; the detail gives them on its own.
    failure ??= xmlSyntax(parser.line, parser.column, err.message.replace(/^[^:]*:\d+:\d+: /, ''));
  });
  parser.on('opentag', (tag) => {
    if (root === undefined) {
      root = tag.name;
      if (root !== 'osm') throw notOsmFile();
    }
    handlers.open(tag, fail);
  });
  parser.on('closetag', (tag) => handlers.close(tag.name));
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES });
  let bytes = 0;
  // Decoding per chunk would split multi-byte characters at chunk borders; TextDecoder's stream mode does not.
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk, { stream: true }));
    if (failure) break;
    bytes += chunk.length;
    onBytes(bytes);
  }
  stream.destroy();
  if (!failure) parser.close();
  if (failure) throw failure;
  if (root === undefined) throw notOsmFile();
}

function osmId(value: string | undefined, what: string, fail: (reason: string) => never): number {
  const id = Number(value);
  if (value === undefined || value === '' || !Number.isSafeInteger(id)) fail(`${what} "${value ?? ''}" is not a whole number`);
  return id;
}

function coordinate(value: string | undefined, what: string, limit: number, fail: (reason: string) => never): number {
  const n = Number(value);
  if (value === undefined || value === '' || !(n >= -limit && n <= limit)) fail(`${what} "${value ?? ''}" is not a number from ${-limit} to ${limit}`);
  return n;
}

function readWays(file: string, visit: WayVisitor, onBytes: BytesListener): Promise<void> {
  let way: { id: number; refs: number[]; tags: OsmTags } | null = null;
  return parseFile(file, {
    open(tag, fail) {
      const a = tag.attributes as Record<string, string>;
      if (tag.name === 'way') way = { id: osmId(a.id, 'way id', fail), refs: [], tags: {} };
      else if (way && tag.name === 'nd') way.refs.push(osmId(a.ref, 'node reference', fail));
      else if (way && tag.name === 'tag') way.tags[a.k ?? ''] = a.v ?? '';
    },
    close(name) {
      if (name !== 'way' || !way) return;
      visit(way.id, way.refs, way.tags);
      way = null;
    },
  }, onBytes);
}

function readNodes(file: string, visit: NodeVisitor, onBytes: BytesListener): Promise<void> {
  let node: { id: number; lon: number; lat: number; tags: OsmTags | null } | null = null;
  return parseFile(file, {
    open(tag, fail) {
      const a = tag.attributes as Record<string, string>;
      if (tag.name === 'node') {
        const id = osmId(a.id, 'node id', fail);
        node = { id, lon: coordinate(a.lon, `node ${id} lon`, 180, fail), lat: coordinate(a.lat, `node ${id} lat`, 90, fail), tags: null };
      } else if (node && tag.name === 'tag') (node.tags ??= {})[a.k ?? ''] = a.v ?? '';
    },
    close(name) {
      if (name !== 'node' || !node) return;
      visit(node.id, node.lon, node.lat, node.tags);
      node = null;
    },
  }, onBytes);
}

/** The two passes over an OSM XML file. */
export async function openOsmXml(file: string): Promise<OsmPasses> {
  return {
    totalBytes: await fileSize(file),
    readWays: (visit, onBytes) => readWays(file, visit, onBytes),
    readNodes: (visit, onBytes) => readNodes(file, visit, onBytes),
  };
}
