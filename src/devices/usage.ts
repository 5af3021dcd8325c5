/**
 * "Less than V litres used in the last H hours" over a cumulative meter, without asking the database:
 * the rule keeps a few marks `[epoch ms, meter litres]` in its state, about one per H/24 (one an hour
 * for a day's window), trimmed to the window. Readings may be lost (telemetry is QoS 0): the meter is
 * cumulative, so a lost reading only makes the marks coarser, and every estimate errs towards a late
 * alarm rather than a false one.
 */

export type Mark = [at: number, litres: number];

const marksPerWindow = 24;

/**
 * The marks after a new meter reading. A reading older than the last mark is ignored; a meter that
 * went backwards (replaced, reset) starts afresh.
 */
export function addMark(marks: readonly Mark[] | undefined, atMs: number, litres: number, windowMs: number): readonly Mark[] {
  if (!marks || marks.length === 0) return [[atMs, litres]];
  const last = marks[marks.length - 1];
  if (atMs <= last[0]) return marks;
  if (litres < last[1]) return [[atMs, litres]];
  const step = windowMs / marksPerWindow;
  // The newest mark moves forward until the next is a step after the one before it.
  const replaceLast = marks.length >= 2 && atMs - marks[marks.length - 2][0] < step;
  const next = replaceLast ? marks.slice(0, -1) : marks.slice();
  next.push([atMs, litres]);
  // One mark at or before the window's start stays, as the baseline.
  let drop = 0;
  while (drop + 1 < next.length && next[drop + 1][0] <= atMs - windowMs) drop++;
  return drop ? next.slice(drop) : next;
}

/**
 * When the use in the window falls below `amount` if nothing more is used: H after the first mark
 * since which less than `amount` has run through. That mark's reading was taken after the moment
 * the meter stood `amount` below its last reading, so the due time is never early.
 */
export function usageDueAt(marks: readonly Mark[], amount: number, windowMs: number): number {
  const latest = marks[marks.length - 1][1];
  for (let i = marks.length - 1; i > 0; i--) {
    if (marks[i - 1][1] <= latest - amount) return marks[i][0] + windowMs;
  }
  return marks[0][0] + windowMs;
}

/** Litres used in the window ending at `atMs`, measured from the last mark at or before its start. */
export function usedInWindow(marks: readonly Mark[], atMs: number, windowMs: number): number {
  let baseline = marks[0][1];
  for (const [at, litres] of marks) {
    if (at > atMs - windowMs) break;
    baseline = litres;
  }
  return Math.round((marks[marks.length - 1][1] - baseline) * 10) / 10;
}
