import { readOsmExtract } from '/work/main/src/access/osm/readOsm.ts';
const t = Date.now();
let last = -1;
const e = await readOsmExtract(process.argv[2], { onProgress: (p) => { const d = Math.floor(p.bytesRead*10/p.totalBytes); if (d!==last) { last=d; console.log('progress', d*10, p.bytesRead, p.totalBytes); } } });
console.log('ms', Date.now() - t, 'rss MB', Math.round(process.memoryUsage().rss/1e6));
console.log('nodes', e.network.nodeLon.length, 'edges', e.network.edgeFrom.length, 'coords', e.network.coords.length/2, 'buildings', e.buildings.length, 'amenities', e.amenities.length, e.bbox);
let total = 0; for (const l of e.network.edgeLength) total += l; console.log('km', total/1000);
console.log(e.buildings.filter(b => b.name).slice(0,5).map(b => [b.osmId, b.name, b.buildingTag, b.levels, b.entrance]));
console.log(e.amenities.filter(a => a.name).slice(0,8).map(a => [a.osmId, a.name, JSON.stringify(a.tags).slice(0,80), a.areaM2]));
