import { readOsmExtract } from './src/access/osm/readOsm.ts';
const e = await readOsmExtract(`../shared/data/osm/monaco.osm.pbf`);
for (const k of ['kindergarten','pharmacy','post_office']) console.log(k, e.amenities.filter(a => a.tags.amenity === k && a.name).slice(0,3).map(a => [a.osmId, a.name, a.point, a.areaM2]));
console.log(e.amenities.filter(a => a.tags.shop === 'supermarket' && a.name).slice(0,3).map(a => [a.osmId, a.name]));
console.log(e.amenities.filter(a => a.tags.leisure === 'park' && a.name).slice(0,3).map(a => [a.osmId, a.name, a.areaM2]));
console.log(e.buildings.filter(b => b.tags.entrance === undefined && b.entrance && b.levels).slice(0,2).map(b => [b.osmId, b.name, b.levels]));
const ent = e.buildings.filter(b => { const ring = (b.footprint.coordinates as number[][][])[0]; return ring.some(p => p[0] === b.entrance[0] && p[1] === b.entrance[1]); });
console.log('buildings with entrance node', ent.length, ent.slice(0,2).map(b => [b.osmId, b.name, b.entrance]));
