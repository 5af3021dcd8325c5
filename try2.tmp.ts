import { readOsmExtract } from './src/access/osm/readOsm.ts';
for (const f of ['monaco', 'liechtenstein']) {
  const e = await readOsmExtract(`../shared/data/osm/${f}.osm.pbf`);
  const s = new Set<string>(); const c = e.network.coords;
  for (let k = 0; k < c.length; k += 2) s.add(c[k] + ',' + c[k+1]);
  const deg = new Uint32Array(e.network.nodeLon.length); for (const x of e.network.edgeFrom) deg[x]++; for (const x of e.network.edgeTo) deg[x]++;
  const hist: Record<number, number> = {}; for (const d of deg) hist[Math.min(d, 5)] = (hist[Math.min(d,5)] ?? 0) + 1;
  console.log(f, 'distinct polyline points', s.size, 'graph nodes', e.network.nodeLon.length, 'degree hist', hist, 'mem', Math.round(process.memoryUsage().rss/1e6));
}
