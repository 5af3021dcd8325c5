import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMark, usageDueAt, usedInWindow, type Mark } from './usage.ts';

const hour = 3_600_000;
const day = 24 * hour;

function replay(readings: Mark[], windowMs: number): readonly Mark[] {
  let marks: readonly Mark[] | undefined;
  for (const [at, litres] of readings) marks = addMark(marks, at, litres, windowMs);
  return marks!;
}

/** The true use in the window ending at `at`, from every reading (none after the last one). */
function trueUse(readings: Mark[], at: number, windowMs: number): number {
  const last = readings[readings.length - 1][1];
  let baseline = readings[0][1];
  for (const [t, litres] of readings) if (t <= at - windowMs) baseline = litres;
  return last - baseline;
}

describe('water use over a window from meter marks', () => {
  it('stays small however many readings come', () => {
    const readings: Mark[] = [];
    for (let minute = 0; minute < 3 * 24 * 60; minute++) readings.push([minute * 60_000, minute * 0.1]);
    const marks = replay(readings, day);
    expect(marks.length).toBeLessThanOrEqual(50);
    expect(marks[marks.length - 1]).toEqual(readings[readings.length - 1]);
    // 0.1 L a minute: 144 L a day, measured from a mark at most a step (an hour, 6 L) before the window.
    const used = usedInWindow(marks, readings[readings.length - 1][0], day);
    expect(used).toBeGreaterThanOrEqual(144);
    expect(used).toBeLessThanOrEqual(150);
  });

  it('is due a day after the use fell below the amount, and at most a step late', () => {
    // 5 L every hour for a day, then nothing.
    const readings: Mark[] = [];
    for (let h = 0; h <= 24; h++) readings.push([h * hour, h * 5]);
    const marks = replay(readings, day);
    // The last 10 L ran between 22:00 and 24:00; after 23:00 + 24 h less than 10 L is left in the window.
    const due = usageDueAt(marks, 10, day);
    expect(due).toBeGreaterThanOrEqual(23 * hour + day);
    expect(due).toBeLessThanOrEqual(23 * hour + day + hour);
    expect(usedInWindow(marks, due, day)).toBeLessThan(10);
  });

  it('starts again when the meter is replaced, and ignores late readings', () => {
    let marks = addMark(undefined, 0, 900, day);
    marks = addMark(marks, hour, 950, day);
    expect(addMark(marks, hour / 2, 920, day)).toBe(marks);
    expect(addMark(marks, 2 * hour, 3, day)).toEqual([[2 * hour, 3]]);
  });

  it('is never due before the use in the window has really fallen below the amount', () => {
    const reading = fc.record({ gapMinutes: fc.integer({ min: 1, max: 600 }), litres: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 30, noNaN: true })) });
    fc.assert(
      fc.property(fc.array(reading, { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 48 }), fc.integer({ min: 1, max: 50 }), (steps, hours, amount) => {
        const windowMs = hours * hour;
        const readings: Mark[] = [];
        let at = 0;
        let meter = 1000;
        for (const step of steps) {
          at += step.gapMinutes * 60_000;
          meter += step.litres;
          readings.push([at, meter]);
        }
        const due = usageDueAt(replay(readings, windowMs), amount, windowMs);
        expect(trueUse(readings, due, windowMs)).toBeLessThan(amount);
      }),
    );
  });
});
