/**
 * The shapes shared by the street-network readers (OSM PBF/XML, GeoJSON lines), the walking-access
 * engine and the checkup. Pure data: no database, no I/O.
 */

/** [longitude, latitude] in WGS84 degrees. */
export type LonLat = [number, number];

/**
 * A walking network. Nodes are junctions (nodes shared by two or more ways) and way ends; every edge
 * keeps its polyline so that buildings and facilities can snap to the nearest point on it.
 * Walking is two-way: an edge may be walked in both directions.
 */
export interface StreetNetwork {
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  edgeFrom: Uint32Array;
  edgeTo: Uint32Array;
  /** Geodesic length of the edge's whole polyline, in metres. */
  edgeLength: Float64Array;
  /**
   * Polyline of edge i: points k in [geometryStart[i], geometryStart[i + 1]), point k at
   * coords[2k] (lon), coords[2k + 1] (lat); the first and last points are the end nodes.
   * geometryStart has one entry more than there are edges.
   */
  geometryStart: Uint32Array;
  coords: Float64Array;
}

/** A building read from OSM: footprint polygon, and where a walker enters it. */
export interface OsmBuilding {
  /** 'w123' or 'r45': the OSM element it came from, stable across re-imports. */
  osmId: string;
  name: string | null;
  /** The OSM `building` tag value (yes, residential, apartments, retail, …). */
  buildingTag: string;
  levels: number | null;
  /** GeoJSON Polygon or MultiPolygon geometry. */
  footprint: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  /** An entrance node when the way has one, else the footprint's centroid. */
  entrance: LonLat;
  tags: Record<string, string>;
}

/** A point of interest read from OSM (amenity, shop, leisure, healthcare, …), not yet mapped to a facility kind. */
export interface OsmAmenity {
  osmId: string;
  name: string | null;
  point: LonLat;
  /** Footprint area in m² when the amenity is a closed way, else null. */
  areaM2: number | null;
  tags: Record<string, string>;
}

export interface OsmExtract {
  network: StreetNetwork;
  buildings: OsmBuilding[];
  amenities: OsmAmenity[];
  /** [minLon, minLat, maxLon, maxLat] of everything read. */
  bbox: [number, number, number, number];
}
