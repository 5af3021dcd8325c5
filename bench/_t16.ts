import { syntheticCity } from './syntheticCity.ts';
import { prepareNetwork, snapQuery } from '../src/access/access.ts';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const city = syntheticCity({ columns: 550, rows: 550, seed: 1 });
const prepared = prepareNetwork(city.network);
const q = { origins: city.buildings, kinds: city.kinds };
const t: number[] = [];
for (let r = 0; r < 7; r++) { const c = cpu(); snapQuery(prepared, q); t.push(cpu() - c); }
console.log('snap cpu min', Math.min(...t).toFixed(0), 'all', t.map((x) => x.toFixed(0)).join(' '));
