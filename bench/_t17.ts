import { syntheticCity } from './syntheticCity.ts';
import { prepareNetwork, snapQuery } from '../src/access/access.ts';
import { DijkstraWorkspace } from '../src/access/dijkstra.ts';
import { facilitySeeds } from '../src/access/edgePoints.ts';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const city = syntheticCity({ columns: 550, rows: 550, seed: 1 });
const prepared = prepareNetwork(city.network);
const q = { origins: city.buildings.slice(0, 10), kinds: city.kinds };
const s = snapQuery(prepared, q);
const seeds = q.kinds.map((_, i) => facilitySeeds(city.network, s.facilities[i]));
const ws = new DijkstraWorkspace(prepared.csr.nodeCount);
const t: number[] = [];
for (let r = 0; r < 6; r++) { const c = cpu(); for (let i = 0; i < seeds.length; i++) ws.run(prepared.csr, seeds[i], q.kinds[i].maxDistance); t.push(cpu() - c); }
console.log('dijkstra x20 cpu min', Math.min(...t).toFixed(0), 'all', t.map((x) => x.toFixed(0)).join(' '));
const f: number[] = [];
for (let r = 0; r < 6; r++) { const c = cpu(); for (let i = 0; i < 20; i++) { ws.dist.fill(Infinity); ws.nearest.fill(-1); } f.push(cpu() - c); }
console.log('full reset x20 cpu min', Math.min(...f).toFixed(1));
