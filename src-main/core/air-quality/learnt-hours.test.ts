/**
 * LearntHours against a plain set of the hours added (the reference), for random orders of hours; and its saved
 * form, the pause of a text saved before it, and forgetting the hours ahead of the wall clock.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src-shared/test-support/seeded-random';
import { LearntHours, MAX_SPANS } from './learnt-hours';
import { HOUR_MS } from './validity';

/** The runs of consecutive hours in `hours`, as [from, to] pairs. */
function runsOf(hours: ReadonlySet<number>): [number, number][] {
  const sorted = [...hours].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const h of sorted) {
    const last = runs.at(-1);
    if (last !== undefined && last[1] === h - 1) last[1] = h;
    else runs.push([h, h]);
  }
  return runs;
}

/** Every hour the first test may add, and one either side. */
const RANGE = Array.from({ length: 162 }, (_, i) => i - 1);

describe('LearntHours', () => {
  it('while the hours fit in MAX_SPANS runs, answers exactly as a set of the hours added, in any order', () => {
    const random = seededRandom(18);
    for (let trial = 0; trial < 200; trial++) {
      const learnt = new LearntHours();
      const reference = new Set<number>();
      for (let step = 0; step < 60; step++) {
        // Hours in a few clusters, so runs start, grow, touch and join.
        const hour = Math.floor(random() * 4) * 40 + Math.floor(random() * 20);
        const before = new Set(reference);
        reference.add(hour);
        if (runsOf(reference).length > MAX_SPANS) break;
        expect(learnt.add(hour)).toBe(!before.has(hour));
        expect(RANGE.filter((h) => learnt.has(h))).toEqual(RANGE.filter((h) => reference.has(h)));
        expect(learnt.saved()).toEqual(runsOf(reference).flat().map((h) => h * HOUR_MS));
        expect(learnt.newest()).toBe(Math.max(...reference));
      }
    }
  });

  it('past MAX_SPANS runs, joins the two closest: every hour added stays judged, and the runs stay at MAX_SPANS', () => {
    const random = seededRandom(2881);
    const learnt = new LearntHours();
    const reference = new Set<number>();
    for (let step = 0; step < 400; step++) {
      const hour = Math.floor(random() * 2_000);
      learnt.add(hour);
      reference.add(hour);
      expect(learnt.saved().length).toBeLessThanOrEqual(2 * MAX_SPANS);
    }
    for (const h of reference) expect(learnt.has(h)).toBe(true);
    expect(learnt.has(-1)).toBe(false);
    expect(learnt.has(2_000)).toBe(false);
  });

  it('joins the runs with the fewest hours between them', () => {
    const learnt = new LearntHours();
    // Runs 0, 10, 20, … 70 (8 runs), then 75: the gap 70–75 is the smallest.
    for (let k = 0; k < MAX_SPANS; k++) learnt.add(k * 10);
    learnt.add(75);
    expect(learnt.saved().map((ms) => ms! / HOUR_MS)).toEqual([0, 0, 10, 10, 20, 20, 30, 30, 40, 40, 50, 50, 60, 60, 70, 75]);
    expect(learnt.has(72)).toBe(true);
  });

  it('is saved and restored as it was; the saved form is checked', () => {
    const learnt = new LearntHours();
    for (const h of [5, 6, 7, 20, 30, 31]) learnt.add(h);
    const saved = learnt.saved();
    expect(LearntHours.isSavedForm(saved)).toBe(true);
    const restored = LearntHours.restored(saved, 31 * HOUR_MS);
    for (let h = 0; h < 40; h++) expect(restored.has(h)).toBe(learnt.has(h));
    // Not the saved form: unordered, touching runs, odd length, not whole hours, a null not first, too many runs.
    for (const bad of [[], [7, 5], [0, 5, 6, 8], [0], [0, 1.5], [0, 1, null, 3], Array.from({ length: 2 * MAX_SPANS + 2 }, (_, i) => i * 3)]) {
      expect(LearntHours.isSavedForm(bad.map((h) => (h === null ? null : h * HOUR_MS)))).toBe(false);
    }
    expect(LearntHours.isSavedForm([null, 4 * HOUR_MS])).toBe(true);
  });

  it('restored from a text with only the newest hour, every hour up to it counts as judged; with nothing, it is paused until resumed', () => {
    const through = LearntHours.restored(undefined, 100 * HOUR_MS);
    expect([through.has(-5_000), through.has(100), through.has(101)]).toEqual([true, true, false]);
    expect(through.saved()).toEqual([null, 100 * HOUR_MS]);
    const paused = LearntHours.restored(undefined, undefined);
    expect([paused.has(0), paused.add(0)]).toEqual([true, false]);
    paused.resume();
    expect([paused.has(0), paused.add(0), paused.has(0)]).toEqual([false, true, true]);
  });

  it('after clear (a service) or a resume from a pause, the first hour added counts every older hour as judged', () => {
    const learnt = new LearntHours();
    for (const h of [10, 11, 12]) learnt.add(h);
    learnt.clear();
    expect([learnt.has(11), learnt.add(20), learnt.has(11), learnt.has(-1_000), learnt.has(21)]).toEqual([false, true, true, true, false]);
    expect(learnt.saved()).toEqual([null, 20 * HOUR_MS]);
    const resumed = LearntHours.restored(undefined, undefined);
    resumed.resume();
    expect([resumed.add(50), resumed.has(49), resumed.add(52), resumed.has(51)]).toEqual([true, true, true, false]);
    // A series never paused resumes as it was.
    const live = new LearntHours();
    live.add(5);
    live.resume();
    expect([live.add(3), live.has(4)]).toEqual([true, false]);
  });

  it('forgets the hours after a given hour (those ahead of the wall clock at a restart)', () => {
    const learnt = new LearntHours();
    for (const h of [1, 2, 3, 10, 11, 12, 30]) learnt.add(h);
    learnt.forgetAfter(11);
    expect(learnt.saved().map((ms) => ms! / HOUR_MS)).toEqual([1, 3, 10, 11]);
    learnt.forgetAfter(0);
    expect(learnt.saved()).toEqual([]);
    expect(learnt.newest()).toBe(Number.NEGATIVE_INFINITY);
  });
});
