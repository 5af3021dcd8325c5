import { syntheticCity } from './syntheticCity.ts';
import { computeAccess, prepareNetwork } from '../src/access/access.ts';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const city = syntheticCity({ columns: 550, rows: 550, seed: 1 });
const prepared = prepareNetwork(city.network);
const q = { origins: city.buildings, kinds: city.kinds };
for (let r = 0; r < 4; r++) { const c = cpu(); computeAccess(prepared, q); console.log('compute cpu', (cpu() - c).toFixed(0)); }
