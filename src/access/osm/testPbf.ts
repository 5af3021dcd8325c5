/**
 * Writes small OSM PBF files for the reader tests, with the knobs real files turn: dense or plain
 * nodes, granularity and offsets, zlib or raw blobs, and what the reader must refuse (lzma blobs,
 * unknown required features). Test support only.
 */
import zlib from 'node:zlib';
import { PbfWriter } from 'pbf';

export interface TestNode {
  id: number;
  lon: number;
  lat: number;
  tags?: Record<string, string>;
}

export interface TestWay {
  id: number;
  refs: number[];
  tags?: Record<string, string>;
}

export interface TestPbfOptions {
  /** Nanodegrees per unit (default 100, as most files). */
  granularity?: number;
  latOffset?: number;
  lonOffset?: number;
  dense?: boolean;
  compression?: 'zlib' | 'raw' | 'lzma';
  requiredFeatures?: string[];
}

const utf8 = new TextEncoder();

class StringTable {
  readonly strings = [''];
  private readonly index = new Map<string, number>([['', 0]]);

  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

const deltas = (values: number[]) => values.map((v, i) => (i === 0 ? v : v - values[i - 1]));

function units(degrees: number, offset: number, granularity: number): number {
  return Math.round((degrees * 1e9 - offset) / granularity);
}

function writeBlob(type: string, payload: Uint8Array, compression: TestPbfOptions['compression']): Buffer {
  const blob = new PbfWriter();
  if (compression === 'raw') blob.writeBytesField(1, payload);
  else {
    blob.writeVarintField(2, payload.length);
    // lzma is not implemented by the reader; the bytes only need to be there for it to refuse them.
    blob.writeBytesField(compression === 'lzma' ? 4 : 3, zlib.deflateSync(payload));
  }
  const blobBytes = blob.finish();
  const header = new PbfWriter();
  header.writeBytesField(1, utf8.encode(type));
  header.writeVarintField(3, blobBytes.length);
  const headerBytes = header.finish();
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  return Buffer.concat([length, headerBytes, blobBytes]);
}

function headerBlock(options: TestPbfOptions): Uint8Array {
  const pbf = new PbfWriter();
  for (const feature of options.requiredFeatures ?? ['OsmSchema-V0.6', 'DenseNodes']) pbf.writeBytesField(4, utf8.encode(feature));
  pbf.writeBytesField(16, utf8.encode('linli-test'));
  return pbf.finish();
}

function tagIds(tags: Record<string, string> | undefined, table: StringTable) {
  const entries = Object.entries(tags ?? {});
  return { keys: entries.map(([k]) => table.id(k)), vals: entries.map(([, v]) => table.id(v)) };
}

function nodeGroup(nodes: TestNode[], table: StringTable, o: Required<Pick<TestPbfOptions, 'granularity' | 'latOffset' | 'lonOffset' | 'dense'>>) {
  const lat = (n: TestNode) => units(n.lat, o.latOffset, o.granularity);
  const lon = (n: TestNode) => units(n.lon, o.lonOffset, o.granularity);
  return (_: unknown, pbf: PbfWriter) => {
    if (!o.dense) {
      for (const n of nodes) {
        pbf.writeMessage(1, (__: unknown, p: PbfWriter) => {
          const { keys, vals } = tagIds(n.tags, table);
          p.writeSVarintField(1, n.id);
          p.writePackedVarint(2, keys);
          p.writePackedVarint(3, vals);
          p.writeSVarintField(8, lat(n));
          p.writeSVarintField(9, lon(n));
        }, null);
      }
      return;
    }
    pbf.writeMessage(2, (__: unknown, p: PbfWriter) => {
      p.writePackedSVarint(1, deltas(nodes.map((n) => n.id)));
      p.writePackedSVarint(8, deltas(nodes.map(lat)));
      p.writePackedSVarint(9, deltas(nodes.map(lon)));
      const keysVals = nodes.flatMap((n) => {
        const { keys, vals } = tagIds(n.tags, table);
        return [...keys.flatMap((k, i) => [k, vals[i]]), 0];
      });
      p.writePackedVarint(10, keysVals);
    }, null);
  };
}

function wayGroup(ways: TestWay[], table: StringTable) {
  return (_: unknown, pbf: PbfWriter) => {
    for (const w of ways) {
      pbf.writeMessage(3, (__: unknown, p: PbfWriter) => {
        const { keys, vals } = tagIds(w.tags, table);
        p.writeVarintField(1, w.id);
        p.writePackedVarint(2, keys);
        p.writePackedVarint(3, vals);
        p.writePackedSVarint(8, deltas(w.refs));
      }, null);
    }
  };
}

/** A PrimitiveBlock of nodes and one of ways; granularity and offsets written after the groups, as the format allows. */
function dataBlock(nodes: TestNode[], ways: TestWay[], options: TestPbfOptions): Uint8Array {
  const o = { granularity: options.granularity ?? 100, latOffset: options.latOffset ?? 0, lonOffset: options.lonOffset ?? 0, dense: options.dense ?? true };
  const table = new StringTable();
  const writeGroups = (pbf: PbfWriter) => {
    if (nodes.length) pbf.writeMessage(2, nodeGroup(nodes, table, o), null);
    if (ways.length) pbf.writeMessage(2, wayGroup(ways, table), null);
  };
  // A first run fills the string table, which the block must carry before its groups.
  writeGroups(new PbfWriter());
  const pbf = new PbfWriter();
  pbf.writeMessage(1, (_: unknown, p: PbfWriter) => {
    for (const s of table.strings) p.writeBytesField(1, utf8.encode(s));
  }, null);
  writeGroups(pbf);
  pbf.writeVarintField(17, o.granularity);
  pbf.writeVarintField(19, o.latOffset);
  pbf.writeVarintField(20, o.lonOffset);
  return pbf.finish();
}

/** A whole PBF file: the OSMHeader block, then one data block of nodes followed by ways. */
export function writeTestPbf(nodes: TestNode[], ways: TestWay[], options: TestPbfOptions = {}): Buffer {
  return Buffer.concat([
    writeBlob('OSMHeader', headerBlock(options), options.compression === 'lzma' ? 'zlib' : options.compression),
    writeBlob('OSMData', dataBlock(nodes, ways, options), options.compression),
  ]);
}

/** A PBF whose data block is the given bytes, stored raw: for content the protobuf layer must reject. */
export function writePbfWithRawData(data: Uint8Array): Buffer {
  return Buffer.concat([writeBlob('OSMHeader', headerBlock({}), 'zlib'), writeBlob('OSMData', data, 'raw')]);
}
