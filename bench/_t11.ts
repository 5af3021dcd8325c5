import { performance } from 'node:perf_hooks';
import { syntheticCity } from './syntheticCity.ts';
import { computeAccess, prepareNetwork } from '../src/access/access.ts';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const city = syntheticCity({ columns: 550, rows: 550, seed: 7 });
let c = cpu(), w = performance.now();
const prepared = prepareNetwork(city.network);
console.log('prepare cpu', (cpu() - c).toFixed(0), 'wall', (performance.now() - w).toFixed(0));
const q = { origins: city.buildings, kinds: city.kinds };
for (let r = 0; r < 4; r++) { c = cpu(); w = performance.now(); computeAccess(prepared, q); console.log('compute cpu', (cpu() - c).toFixed(0), 'wall', (performance.now() - w).toFixed(0)); }
