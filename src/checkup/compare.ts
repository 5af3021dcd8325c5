import type { CheckupDetail, CheckupComparison } from './schema.ts';

type Result = CheckupDetail['results'][number];

/** Buildings beyond the distance, by id (names may repeat across estates). */
function beyond(result: Result | undefined): Map<number, string> {
  const list = (result?.evidence.buildingsBeyond as { buildingId: number; name: string }[] | undefined) ?? [];
  return new Map(list.map((b) => [b.buildingId, b.name]));
}

/**
 * What changed between two runs, indicator by indicator: status and value, and for walking
 * indicators which buildings came into reach (a new facility closes the gap) or fell out of it.
 * Unchanged indicators are left out.
 */
export function compareResults(before: CheckupDetail, after: CheckupDetail): CheckupComparison['changes'] {
  const earlier = new Map(before.results.map((r) => [r.indicatorCode, r]));
  const later = new Map(after.results.map((r) => [r.indicatorCode, r]));
  const codes = [...new Set([...earlier.keys(), ...later.keys()])];
  return codes.flatMap((code) => {
    const a = earlier.get(code);
    const b = later.get(code);
    // Buildings came into reach only if both runs measured the walk (an earlier run may have had no network).
    const bothMeasured = a?.status !== 'not_measured' && b?.status !== 'not_measured';
    const wasBeyond = bothMeasured ? beyond(a) : new Map<number, string>();
    const isBeyond = bothMeasured ? beyond(b) : new Map<number, string>();
    const nowInReach = [...wasBeyond].filter(([id]) => !isBeyond.has(id)).map(([, name]) => name);
    const noLongerInReach = [...isBeyond].filter(([id]) => !wasBeyond.has(id)).map(([, name]) => name);
    const same = a && b && a.status === b.status && a.value === b.value && !nowInReach.length && !noLongerInReach.length;
    if (same) return [];
    return [{
      indicatorCode: code, name: (b ?? a)!.name, unit: (b ?? a)!.unit,
      before: a ? { status: a.status, value: a.value } : null, after: b ? { status: b.status, value: b.value } : null,
      nowInReach, noLongerInReach,
    }];
  });
}
