import { sql, type Kysely } from 'kysely';
import type { StreetNetwork } from '../access/types.ts';
import type { DB, StreetNetworkTable } from '../db/schema.ts';
import { AppError } from '../platform/errors.ts';
import { networkColumns, networkFromColumns } from './networkBytes.ts';

// SQL of the street networks: one walking network per area, its graph as typed-array bytes.

export type BBox = [number, number, number, number];

export interface StreetNetworkSave {
  areaId: number;
  name: string;
  source: StreetNetworkTable['source'];
  fileName: string | null;
  network: StreetNetwork;
  /** [minLon, minLat, maxLon, maxLat] of the network's polylines. */
  bbox: BBox;
  importedBy: number | null;
}

/** What a network is, without its arrays. */
export interface StreetNetworkSummary {
  id: number;
  areaId: number;
  name: string;
  source: StreetNetworkTable['source'];
  fileName: string | null;
  nodeCount: number;
  edgeCount: number;
  bbox: BBox;
  importedAt: Date;
}

const summaryColumns = ['id', 'area_id', 'name', 'source', 'file_name', 'node_count', 'edge_count', 'min_lon', 'min_lat', 'max_lon', 'max_lat', 'imported_at'] as const;

type SummaryRow = Pick<StreetNetworkTable, 'area_id' | 'name' | 'source' | 'file_name' | 'node_count' | 'edge_count' | 'min_lon' | 'min_lat' | 'max_lon' | 'max_lat'> & {
  id: number;
  imported_at: Date;
};

function summaryOf(row: SummaryRow): StreetNetworkSummary {
  return {
    id: row.id, areaId: row.area_id, name: row.name, source: row.source, fileName: row.file_name, nodeCount: row.node_count,
    edgeCount: row.edge_count, bbox: [row.min_lon, row.min_lat, row.max_lon, row.max_lat], importedAt: row.imported_at,
  };
}

/** Saves the area's network, replacing the one it had (same id); returns the id. */
export async function saveStreetNetwork(db: Kysely<DB>, save: StreetNetworkSave): Promise<number> {
  const [minLon, minLat, maxLon, maxLat] = save.bbox;
  const values = {
    area_id: save.areaId, name: save.name, source: save.source, file_name: save.fileName,
    node_count: save.network.nodeLon.length, edge_count: save.network.edgeFrom.length,
    min_lon: minLon, min_lat: minLat, max_lon: maxLon, max_lat: maxLat,
    ...networkColumns(save.network), imported_by: save.importedBy,
  };
  const { id } = await db
    .insertInto('street_network')
    .values(values)
    .onConflict((oc) => oc.column('area_id').doUpdateSet({ ...values, imported_at: sql`now()` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The network with this id, its arrays viewing the bytes read where alignment allows. */
export async function loadStreetNetwork(db: Kysely<DB>, id: number): Promise<StreetNetwork> {
  const row = await db
    .selectFrom('street_network')
    .select(['node_lon', 'node_lat', 'edge_from', 'edge_to', 'edge_length', 'geometry_start', 'coords'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('STREET_NETWORK_NOT_FOUND');
  return networkFromColumns(row);
}

export async function findStreetNetworkOfArea(db: Kysely<DB>, areaId: number): Promise<StreetNetworkSummary | undefined> {
  const row = await db.selectFrom('street_network').select(summaryColumns).where('area_id', '=', areaId).executeTakeFirst();
  return row && summaryOf(row);
}

/**
 * Networks whose extent meets the box, best first: those that contain the whole box, then by how
 * much of the box they cover, then the newest. The checkup walks on the first.
 */
export async function findNetworksCovering(db: Kysely<DB>, box: BBox): Promise<StreetNetworkSummary[]> {
  const [minLon, minLat, maxLon, maxLat] = box;
  const rows = await db
    .selectFrom('street_network')
    .select(summaryColumns)
    .where('min_lon', '<=', maxLon)
    .where('max_lon', '>=', minLon)
    .where('min_lat', '<=', maxLat)
    .where('max_lat', '>=', minLat)
    .orderBy(sql`(min_lon <= ${minLon} AND min_lat <= ${minLat} AND max_lon >= ${maxLon} AND max_lat >= ${maxLat})`, 'desc')
    .orderBy(sql`(LEAST(max_lon, ${maxLon}) - GREATEST(min_lon, ${minLon})) * (LEAST(max_lat, ${maxLat}) - GREATEST(min_lat, ${minLat}))`, 'desc')
    .orderBy('imported_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(summaryOf);
}
