/**
 * How OSM buildings and amenities become registry rows: codes, names, building purpose, floors and
 * facility kinds. Pure: the kind rules come from the facility_kind_mapping table through the caller.
 */
import type { OsmAmenity, OsmBuilding } from '../access/types.ts';
import { kindForTags, type KindMappingRule } from '../checkup/kindMapping.ts';
import type { BuildingPurpose } from '../db/schema.ts';
import type { BuildingInsert, FacilityInsert } from '../places/store.ts';

/** The grid a point lies in, or null. */
export type GridLocator = (lon: number, lat: number) => number | null;

const NAME_MAX = 200;

const PURPOSE_BY_TAG: Record<string, BuildingPurpose> = {
  residential: 'residential', apartments: 'residential', house: 'residential', detached: 'residential', terrace: 'residential',
  dormitory: 'residential', semidetached_house: 'residential', bungalow: 'residential',
  commercial: 'commercial', retail: 'commercial', office: 'commercial', supermarket: 'commercial', kiosk: 'commercial', hotel: 'commercial',
  school: 'public', hospital: 'public', public: 'public', civic: 'public', government: 'public', kindergarten: 'public',
  university: 'public', college: 'public',
};

/** Registry codes follow the OSM element, so a re-import updates the same rows: osm-w123, osm-n45. */
export const osmCode = (osmId: string): string => `osm-${osmId}`;

export function purposeOf(buildingTag: string): BuildingPurpose {
  return PURPOSE_BY_TAG[buildingTag] ?? 'other';
}

/** Whole floors from building:levels, within what the registry accepts. */
export function floorsOf(levels: number | null): number | null {
  if (levels === null) return null;
  const floors = Math.round(levels);
  return floors >= 1 && floors <= 300 ? floors : null;
}

/** name, else addr:housename, else street and number, else the code. */
export function buildingName(b: OsmBuilding): string {
  const t = b.tags;
  const address = [t['addr:street'], t['addr:housenumber']].filter(Boolean).join(' ');
  return (b.name || t['addr:housename'] || address || osmCode(b.osmId)).slice(0, NAME_MAX);
}

export function buildingRow(b: OsmBuilding, communityId: number, gridOf: GridLocator): BuildingInsert {
  return {
    communityId, gridId: gridOf(b.entrance[0], b.entrance[1]), estateId: null, code: osmCode(b.osmId), name: buildingName(b),
    purpose: purposeOf(b.buildingTag), floors: floorsOf(b.levels), units: null, footprint: b.footprint, entrance: b.entrance,
  };
}

const optionalText = (value: string | undefined, max: number) => (value ? value.slice(0, max) : null);

/** A facility row for an amenity whose tags map to a kind, or null when no rule matches. */
export function facilityRow(
  a: OsmAmenity,
  ctx: { communityId: number; gridOf: GridLocator; rules: readonly KindMappingRule[]; kindNames: ReadonlyMap<string, string> },
): FacilityInsert | null {
  const kind = kindForTags(a.tags, ctx.rules);
  if (kind === null) return null;
  const code = osmCode(a.osmId);
  const [lon, lat] = a.point;
  return {
    communityId: ctx.communityId, gridId: ctx.gridOf(lon, lat), kind, code,
    name: (a.name ?? `${ctx.kindNames.get(kind) ?? kind} ${code}`).slice(0, NAME_MAX),
    geometry: { type: 'Point', coordinates: [lon, lat] }, lon, lat,
    floorAreaM2: a.areaM2 === null ? null : Math.round(a.areaM2 * 10) / 10,
    capacity: null, operator: optionalText(a.tags.operator, NAME_MAX), openingHours: optionalText(a.tags.opening_hours, 200),
  };
}

/** A file's base name without OSM suffixes: monaco.osm.pbf → monaco. */
export function extractName(fileName: string): string {
  return fileName.replace(/\.(osm\.pbf|pbf|osm\.xml|osm|xml|geojson|json)$/i, '') || fileName;
}

/** An area code from a file's base name: monaco → OSM-MONACO (letters, digits, _ and - only). */
export function areaCodeFor(baseName: string): string {
  const slug = baseName.toUpperCase().replace(/[^A-Z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return `OSM-${slug || 'EXTRACT'}`.slice(0, 40);
}
