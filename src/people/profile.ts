import type { CareTag } from './careTags.ts';
import type { Profile } from './schema.ts';

type Counts = Record<string, number>;
type ProfileRow = Profile['rows'][number];

/** What the store counts: households and residents per group and occupancy, care-tag hashes, birth years. */
export interface ProfileCounts {
  rows: { group_id: number | null; occupancy: string; households: number; residents: number }[];
  tags: { group_id: number | null; tag: string; n: number }[];
  ages: { birth_year: number | null; n: number }[];
}

const ageBands: [band: string, from: number, to: number][] = [
  ['0-13', 0, 13], ['14-34', 14, 34], ['35-59', 35, 59], ['60-79', 60, 79], ['80+', 80, 200],
];

function add(counts: Counts, key: string, n: number): void {
  counts[key] = (counts[key] ?? 0) + n;
}

/** Folds the store's counts into totals and one row per grid or building ("—" for rows without one). */
export function summariseProfile(
  counts: ProfileCounts,
  context: { names: Map<number, string>; tagByKey: Map<string, CareTag>; year: number },
): Omit<Profile, 'areaId'> {
  const groups = new Map<number, ProfileRow>();
  const group = (id: number | null): ProfileRow => {
    const key = id ?? 0;
    if (!groups.has(key)) groups.set(key, { id: key, name: context.names.get(key) ?? '—', households: 0, residents: 0, careTags: {} });
    return groups.get(key)!;
  };
  const totals: Omit<Profile, 'areaId'> = { households: 0, residents: 0, occupancy: {}, careTags: {}, ageBands: {}, rows: [] };
  for (const row of counts.rows) {
    const g = group(row.group_id);
    g.households += Number(row.households);
    g.residents += Number(row.residents);
    totals.households += Number(row.households);
    totals.residents += Number(row.residents);
    add(totals.occupancy, row.occupancy, Number(row.households));
  }
  for (const t of counts.tags) {
    const code = context.tagByKey.get(t.tag);
    if (!code) continue;
    add(group(t.group_id).careTags, code, Number(t.n));
    add(totals.careTags, code, Number(t.n));
  }
  for (const a of counts.ages) {
    const age = a.birth_year === null ? undefined : context.year - a.birth_year;
    const band = ageBands.find(([, from, to]) => age !== undefined && age >= from && age <= to);
    if (band) add(totals.ageBands, band[0], Number(a.n));
  }
  totals.rows = [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return totals;
}
