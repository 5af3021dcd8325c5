/**
 * Turns the two passes of an OSM reader into an OsmExtract. Pass 1 keeps only the ways that matter
 * (walkable, buildings, closed amenity ways) as one pool of node ids; pass 2 keeps the coordinates
 * of the nodes those ways use, found by bisection in the sorted id list, plus tagged amenity and
 * entrance nodes. Memory grows with what is kept, not with the file.
 */
import type { LonLat, OsmAmenity, OsmBuilding, OsmExtract } from '../types.ts';
import { amenityFromNode, amenityFromWay, buildingFromWay, isAmenity, isBuilding, isClosed } from './features.ts';
import { growableFloat64, growableUint32, indexOfId, sortedUniqueIds } from './idIndex.ts';
import { buildStreetNetwork, isWalkable, type NodeTable, type ResolvedWays } from './networkBuilder.ts';
import type { NodeVisitor, OsmTags, WayVisitor } from './source.ts';

interface TaggedWay {
  /** Position in the pool. */
  slot: number;
  id: number;
  tags: OsmTags;
}

/** Coordinates of the needed nodes: row i is node ids[i]; NaN until pass 2 finds it. */
interface NeededNodes extends NodeTable {
  ids: Float64Array;
}

export class ExtractBuilder {
  private readonly refs = growableFloat64(1 << 16);
  private readonly starts = growableUint32();
  private readonly walkable = growableUint32();
  private readonly buildingWays: TaggedWay[] = [];
  private readonly amenityWays: TaggedWay[] = [];
  private readonly amenities: OsmAmenity[] = [];
  /** `entrance` values of needed nodes, by node id: few, so a Map is fine. */
  private readonly entrances = new Map<number, string>();
  private needed: NeededNodes | undefined;

  constructor() {
    this.starts.push(0);
  }

  /** Pass 1: keep the ways that matter. */
  readonly onWay: WayVisitor = (id, refs, tags) => {
    const walk = isWalkable(tags);
    const closed = isClosed(refs);
    const building = closed && isBuilding(tags);
    const amenity = closed && isAmenity(tags);
    if (!walk && !building && !amenity) return;
    const slot = this.starts.length - 1;
    for (const ref of refs) this.refs.push(ref);
    this.starts.push(this.refs.length);
    if (walk) this.walkable.push(slot);
    if (building) this.buildingWays.push({ slot, id, tags });
    if (amenity) this.amenityWays.push({ slot, id, tags });
  };

  /** Between the passes: the sorted list of node ids the kept ways use. */
  startNodes(): void {
    const ids = sortedUniqueIds(this.refs.toArray());
    this.needed = { ids, lon: new Float64Array(ids.length).fill(NaN), lat: new Float64Array(ids.length).fill(NaN) };
  }

  /** Pass 2: coordinates of needed nodes, amenity nodes, entrances. */
  readonly onNode: NodeVisitor = (id, lon, lat, tags) => {
    const needed = this.needed!;
    const row = indexOfId(needed.ids, id);
    if (row >= 0) {
      needed.lon[row] = lon;
      needed.lat[row] = lat;
      if (tags?.entrance !== undefined) this.entrances.set(id, tags.entrance);
    }
    if (tags && isAmenity(tags)) this.amenities.push(amenityFromNode(id, lon, lat, tags));
  };

  finish(): OsmExtract {
    const needed = this.needed!;
    const resolved = this.resolve(needed);
    const network = buildStreetNetwork(resolved, this.walkable.toArray(), needed);
    const buildings: OsmBuilding[] = [];
    for (const way of this.buildingWays) {
      const ring = this.ring(way.slot, resolved, needed);
      if (ring) buildings.push(buildingFromWay(way.id, way.tags, this.wayRefs(way.slot), ring, this.entrances));
    }
    for (const way of this.amenityWays) {
      const ring = this.ring(way.slot, resolved, needed);
      if (ring) this.amenities.push(amenityFromWay(way.id, way.tags, ring));
    }
    return { network, buildings, amenities: this.amenities, bbox: extentOf(needed, this.amenities) };
  }

  /** The table row of every pooled node id, −1 where the file lacks the node. */
  private resolve(needed: NeededNodes): ResolvedWays {
    const nodeOf = new Int32Array(this.refs.length);
    for (let k = 0; k < nodeOf.length; k++) {
      const row = indexOfId(needed.ids, this.refs.get(k));
      nodeOf[k] = row >= 0 && !Number.isNaN(needed.lon[row]) ? row : -1;
    }
    return { nodeOf, start: this.starts.toArray() };
  }

  private wayRefs(slot: number): number[] {
    const out: number[] = [];
    for (let k = this.starts.get(slot); k < this.starts.get(slot + 1); k++) out.push(this.refs.get(k));
    return out;
  }

  /** A closed way's ring, or undefined when the extract lacks one of its nodes (a footprint cut at the border). */
  private ring(slot: number, resolved: ResolvedWays, needed: NeededNodes): LonLat[] | undefined {
    const ring: LonLat[] = [];
    for (let k = resolved.start[slot]; k < resolved.start[slot + 1]; k++) {
      const row = resolved.nodeOf[k];
      if (row < 0) return undefined;
      ring.push([needed.lon[row], needed.lat[row]]);
    }
    return ring;
  }
}

/** [minLon, minLat, maxLon, maxLat] of every node the kept ways use and of the amenity nodes; zeros when there is none. */
function extentOf(needed: NodeTable, amenities: OsmAmenity[]): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (lon: number, lat: number) => {
    if (lon < box[0]) box[0] = lon;
    if (lat < box[1]) box[1] = lat;
    if (lon > box[2]) box[2] = lon;
    if (lat > box[3]) box[3] = lat;
  };
  for (let row = 0; row < needed.lon.length; row++) if (!Number.isNaN(needed.lon[row])) add(needed.lon[row], needed.lat[row]);
  for (const a of amenities) add(a.point[0], a.point[1]);
  return Number.isFinite(box[0]) ? box : [0, 0, 0, 0];
}
