import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';

interface GridShape {
  id: number;
  boundary: unknown;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
}

/**
 * Finds the grid a point lies in: a bbox index narrows the candidates, point-in-polygon decides.
 * Returns null for a point outside every grid (staff can correct it by hand).
 */
export function createGridLocator(grids: GridShape[]): (lon: number, lat: number) => number | null {
  const shaped = grids.filter((g) => g.boundary && g.min_lon !== null);
  if (!shaped.length) return () => null;
  const index = new Flatbush(shaped.length);
  for (const g of shaped) index.add(g.min_lon!, g.min_lat!, g.max_lon!, g.max_lat!);
  index.finish();
  return (lon, lat) => {
    for (const i of index.search(lon, lat, lon, lat)) {
      const g = shaped[i];
      if (booleanPointInPolygon([lon, lat], g.boundary as Parameters<typeof booleanPointInPolygon>[1])) return g.id;
    }
    return null;
  };
}
