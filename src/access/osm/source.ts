/**
 * What an OSM file reader (PBF or XML) gives the extract builder: two streaming passes over the
 * file. Pass 1 visits every way, so the builder learns which nodes it needs; pass 2 visits every
 * node, and the builder keeps the coordinates of the needed ones only. Neither pass holds more
 * than one block (PBF) or one element (XML) of the file in memory.
 */

export type OsmTags = Record<string, string>;

/** One way: its id, node ids in order, and tags. `refs` may be reused after the call returns. */
export type WayVisitor = (id: number, refs: readonly number[], tags: OsmTags) => void;

/** One node: `tags` is null for the (many) untagged nodes, so they cost no object. */
export type NodeVisitor = (id: number, lon: number, lat: number, tags: OsmTags | null) => void;

/** Called with the bytes of the file this pass has got through so far. */
export type BytesListener = (bytesRead: number) => void;

export interface OsmPasses {
  /** Size of the file in bytes. */
  readonly totalBytes: number;
  /** Pass 1: every way, in file order. */
  readWays(visit: WayVisitor, onBytes: BytesListener): Promise<void>;
  /** Pass 2: every node, in file order. */
  readNodes(visit: NodeVisitor, onBytes: BytesListener): Promise<void>;
}
