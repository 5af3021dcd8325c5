/**
 * The outer layer of an OSM PBF file (https://wiki.openstreetmap.org/wiki/PBF_Format): a sequence of
 * blocks, each a 4-byte big-endian length, a BlobHeader of that length and a Blob of the header's
 * `datasize`. Blocks are read one at a time from disk, so a file of any size costs one block of
 * memory (at most 32 MiB by the format's own limit, typically 50–200 KiB).
 */
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { PbfReader } from 'pbf';
import { pbfBadBlob, pbfBadHeader, pbfTruncated, pbfUnsupported, type BlockPosition } from './osmErrors.ts';

/** The format's limits: a BlobHeader under 64 KiB, a Blob (raw or compressed) up to 32 MiB. */
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOB_BYTES = 32 * 1024 * 1024;

const inflate = promisify(zlib.inflate);

/** One block, its payload already decompressed. */
export interface FileBlock extends BlockPosition {
  /** 'OSMHeader', 'OSMData', or a type this reader does not know (to be skipped). */
  type: string;
  data: Uint8Array;
  /** Byte offset just past the block. */
  end: number;
}

interface BlobHeader {
  type: string;
  datasize: number;
}

/** The compressions a Blob may use (field numbers of the Blob message) and their names for errors. */
const unsupportedCompression: Record<number, string> = { 4: 'lzma', 5: 'bzip2', 6: 'lz4', 7: 'zstd' };

interface Blob {
  raw?: Uint8Array;
  rawSize?: number;
  zlib?: Uint8Array;
  unsupported?: string;
}

async function readExactly(handle: fs.FileHandle, position: number, length: number, at: BlockPosition, size: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead < length) throw pbfTruncated(at, size);
  return buffer;
}

function decodeBlobHeader(bytes: Uint8Array, at: BlockPosition): BlobHeader {
  const header: BlobHeader = { type: '', datasize: -1 };
  try {
    const pbf = new PbfReader(bytes);
    pbf.readFields((tag, h, p) => {
      if (tag === 1) h.type = p.readString();
      else if (tag === 3) h.datasize = p.readVarint();
    }, header);
    if (pbf.pos !== bytes.length) throw new Error('overrun');
  } catch {
    throw pbfBadHeader(at, 'it is not a BlobHeader message');
  }
  if (!header.type) throw pbfBadHeader(at, 'it has no block type');
  if (!(header.datasize >= 0 && header.datasize <= MAX_BLOB_BYTES)) throw pbfBadHeader(at, `its data size ${header.datasize} is not between 0 and 32 MiB`);
  return header;
}

function decodeBlob(bytes: Uint8Array, at: BlockPosition): Blob {
  const blob: Blob = {};
  try {
    const pbf = new PbfReader(bytes);
    pbf.readFields((tag, b, p) => {
      if (tag === 1) b.raw = p.readBytes();
      else if (tag === 2) b.rawSize = p.readVarint();
      else if (tag === 3) b.zlib = p.readBytes();
      else if (unsupportedCompression[tag]) b.unsupported = unsupportedCompression[tag];
    }, blob);
    if (pbf.pos !== bytes.length) throw new Error('overrun');
  } catch {
    throw pbfBadBlob(at, 'it is not a Blob message');
  }
  return blob;
}

async function blobPayload(bytes: Uint8Array, at: BlockPosition): Promise<Uint8Array> {
  const blob = decodeBlob(bytes, at);
  if (blob.raw) return blob.raw;
  if (blob.unsupported) throw pbfUnsupported(at, `${blob.unsupported} compression`);
  if (!blob.zlib) throw pbfBadBlob(at, 'it holds no data');
  let data: Buffer;
  try {
    // The cap stops a forged size from inflating a few bytes into gigabytes.
    data = await inflate(blob.zlib, { maxOutputLength: MAX_BLOB_BYTES });
  } catch {
    throw pbfBadBlob(at, 'the zlib data is corrupt');
  }
  if (blob.rawSize !== undefined && data.length !== blob.rawSize) {
    throw pbfBadBlob(at, `it inflates to ${data.length} bytes, not the ${blob.rawSize} its header gives`);
  }
  return data;
}

export interface ReadBlocksOptions {
  /** Blocks (1-based numbers) to decompress; the others are stepped over unread. All when omitted. */
  wanted?: (block: number) => boolean;
}

/** The size of a file in bytes. */
export async function fileSize(file: string): Promise<number> {
  return (await fs.stat(file)).size;
}

/**
 * Yields the blocks of a PBF file in order, reading each from disk only when it is wanted.
 * Throws OSM_FILE_MALFORMED (with block number and byte offset) at the first broken block.
 */
export async function* readPbfBlocks(file: string, options: ReadBlocksOptions = {}): AsyncGenerator<FileBlock> {
  const handle = await fs.open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    let offset = 0;
    for (let block = 1; offset < size; block++) {
      const at: BlockPosition = { block, offset };
      const headerLength = (await readExactly(handle, offset, 4, at, size)).readUInt32BE(0);
      if (headerLength === 0 || headerLength > MAX_HEADER_BYTES) {
        throw pbfBadHeader(at, `its length ${headerLength} is not between 1 and ${MAX_HEADER_BYTES} bytes`);
      }
      const header = decodeBlobHeader(await readExactly(handle, offset + 4, headerLength, at, size), at);
      if (block === 1 && header.type !== 'OSMHeader') throw pbfBadHeader(at, `the file must start with an OSMHeader block, not "${header.type}"`);
      const blobStart = offset + 4 + headerLength;
      const end = blobStart + header.datasize;
      if (end > size) throw pbfTruncated(at, size);
      if (!options.wanted || options.wanted(block)) {
        const data = await blobPayload(await readExactly(handle, blobStart, header.datasize, at, size), at);
        yield { ...at, type: header.type, data, end };
      }
      offset = end;
    }
  } finally {
    await handle.close();
  }
}
