/**
 * The data-quality checks learn each hour's relation to the neighbours once (Series.learnt, learnt-hours.ts): neither
 * the hours primed after a restart nor a replay of hours already learnt count twice, hours learnt after the last save
 * (a crash) are learnt again, and hours never judged are learnt whenever they come — older ones (a replay of older
 * files) and, after a restart, the hours a sped-up run had simulated ahead of the wall clock. Through the live feed,
 * on the synthetic city of quality-fixture.test-support.ts.
 */
import { describe, expect, it } from 'vitest';
import { AirQualityFeed } from '../air-quality-feed';
import { HOUR, IDS, NOW, T0, base, driftHours, hourWindow, newFeed, stations } from './quality-fixture.test-support';
import { decodeRelations, encodeRelations } from './neighbour-relations';

describe('hours learnt once: a quarter of a µg/m³ an hour of drift from hour 48', () => {
  const slow = (i: number, h: number): number => base(i, h) + (i === 0 && h >= 48 ? 0.25 * (h - 48) : 0);
  const drifts = (feed: AirQualityFeed, from: number, to: number): number[] => driftHours(feed, slow, from, to);
  const restarted = (saved: string): AirQualityFeed => {
    const feed = newFeed();
    feed.importRelations(saved, NOW);
    feed.prime(Array.from({ length: 24 }, (_, k) => IDS.map((id, i) => hourWindow(id, 96 + k, slow(i, 96 + k)))).flat());
    return feed;
  };

  it('a replay after a restart of three days already learnt learns none of them again: the drift is flagged when the running feed flags it', () => {
    const running = newFeed();
    drifts(running, 0, 120);
    const feed = restarted(running.exportRelations()!);
    // The input goes back to hour 48 (a replay of the last three days): every station starts afresh from it.
    drifts(feed, 48, 120);
    const expected = drifts(running, 120, 400);
    expect(expected[0]).toBe(141);
    // Before: those hours were learnt a second time, pulling the usual relation towards the drift: first flagged at 162.
    expect(drifts(feed, 120, 400)).toEqual(expected);
  });

  it('after a crash, the primed hours learnt since the last save are learnt again, and only those', () => {
    const running = newFeed();
    drifts(running, 0, 110);
    const saved = running.exportRelations()!; // at hour 110; ten more hours learnt before the engine crashed at 120
    drifts(running, 110, 120);
    const feed = restarted(saved);
    expect(drifts(feed, 120, 400)).toEqual(drifts(running, 120, 400));
  });

  it('a series saved without its newest hour (a text from before it was kept) pauses alone: the others learn their primed hours after a crash', () => {
    const running = newFeed();
    drifts(running, 0, 110);
    // s4's entries as an older build wrote them.
    const saved = encodeRelations(decodeRelations(running.exportRelations()!).map((r) => (r.stationId === 's4' ? { ...r, learntThrough: undefined } : r)).map(({ learntThrough, ...r }) => (learntThrough === undefined ? r : { ...r, learntThrough })));
    drifts(running, 110, 120);
    const feed = restarted(saved);
    // Hours learnt by the first pair of each station's series.
    const hoursLearnt = (f: AirQualityFeed): Map<string, number> => new Map(decodeRelations(f.exportRelations()!).filter((r) => r.pollutant === 'pm10').map((r) => [r.stationId, r.pairs[0]!]));
    drifts(feed, 120, 121);
    drifts(running, 120, 121);
    const [after, expected] = [hoursLearnt(feed), hoursLearnt(running)];
    // Before: every series paused over the primed hours, so s0 missed hours 110–119.
    expect(after.get('s0')).toBe(expected.get('s0'));
    expect(after.get('s4')).toBeLessThan(expected.get('s4')!);
  });
});

describe('hours never judged are learnt, in whatever order they come', () => {
  /** Hours learnt by s0's first PM10 pair in a saved text (0: nothing learnt since the last save). */
  const learntBy = (saved: string | null): number => (saved === null ? 0 : (decodeRelations(saved).find((r) => r.stationId === 's0' && r.pollutant === 'pm10')?.pairs[0] ?? 0));
  /** A feed restarted at `now` from `saved`, primed with the stored hours `from`…`to` (exclusive). */
  const restartedAt = (saved: string, now: number, from: number, to: number): AirQualityFeed => {
    const feed = newFeed();
    feed.importRelations(saved, now);
    feed.prime(Array.from({ length: to - from }, (_, k) => IDS.map((id, i) => hourWindow(id, from + k, base(i, from + k)))).flat());
    return feed;
  };

  it('a replay of older files after a restart learns their hours, and reading them again learns none twice', () => {
    const running = newFeed();
    driftHours(running, base, 200, 320);
    const saved = running.exportRelations()!;
    const feed = restartedAt(saved, NOW, 296, 320);
    // Hours 100–149 were never judged. Before: nothing older than the newest hour learnt (319) was learnt.
    driftHours(feed, base, 100, 150);
    const afterReplay = feed.exportRelations();
    expect(learntBy(afterReplay)).toBe(learntBy(saved) + 50);
    // The same files replayed once more, after another restart: all judged already.
    const again = restartedAt(afterReplay!, NOW, 126, 150);
    driftHours(again, base, 100, 150);
    expect(again.exportRelations()).toBeNull();
  });

  it('upgraded from a text saved before the newest hour was kept: a second restart learns none of the primed hours again', () => {
    const running = newFeed();
    driftHours(running, base, 0, 200);
    // Each entry's first five fields, as that build wrote them.
    const parsed = JSON.parse(running.exportRelations()!) as { v: number; series: unknown[][] };
    const fiveFields = JSON.stringify({ v: 1, series: parsed.series.map((entry) => entry.slice(0, 5)) });
    // The first restart pauses over its primed hours and learns from the live hour 200 on.
    const first = restartedAt(fiveFields, NOW, 176, 200);
    driftHours(first, base, 200, 203);
    // The second: hours 179–199 were learnt by the old build. Before: they were learnt again (21 hours).
    const again = restartedAt(first.exportRelations()!, NOW, 179, 203);
    expect(again.exportRelations()).toBeNull();
  });

  it('a service recorded, then a restart: the primed hours from before the service are not learnt into the relations learnt afresh', () => {
    const registry = (dueAt: number) => stations().map((station) => ({ ...station, calibrationDueAt: dueAt }));
    // s0 reads three times too high from hour 70, is serviced at hour 100 and is honest after; from hour 112 it creeps up 3 % an hour.
    const value = (i: number, h: number): number => base(i, h) * (i === 0 && h >= 70 && h < 100 ? 3 : 1) * (i === 0 && h >= 112 ? 1 + 0.03 * (h - 112) : 1);
    const running = newFeed();
    running.setStations(registry(Date.UTC(2026, 9, 1)), T0);
    driftHours(running, value, 0, 100);
    running.setStations(registry(Date.UTC(2027, 3, 1)), T0 + 100 * HOUR);
    expect(driftHours(running, value, 100, 106)).toEqual([]);
    const saved = running.exportRelations()!;
    // Restarted at hour 106, the store's last 24 hours primed (82–105): 18 of them from before the service.
    const feed = newFeed();
    feed.setStations(registry(Date.UTC(2027, 3, 1)), T0 + 106 * HOUR);
    feed.importRelations(saved, NOW);
    feed.prime(Array.from({ length: 24 }, (_, k) => IDS.map((id, i) => hourWindow(id, 82 + k, value(i, 82 + k)))).flat());
    expect(feed.exportRelations()).toBeNull();
    // Before: the readings three times too high were learnt as the usual relation, and the creep was never flagged by hour 200.
    expect(driftHours(feed, value, 106, 200)[0]).toBe(151);
  });

  it('after a restart, the hours a sped-up run simulated ahead of the wall clock are learnt again by the run at the wall clock', () => {
    // A simulator at 3×: 300 hours by wall-clock hour 100; stopped, then started at 1× at hour 100:20.
    const running = newFeed();
    driftHours(running, base, 0, 300);
    const saved = running.exportRelations()!;
    const feed = restartedAt(saved, T0 + 100 * HOUR + 20 * 60_000, 76, 100);
    // Before: nothing learnt until hour 300.
    driftHours(feed, base, 100, 150);
    expect(learntBy(feed.exportRelations())).toBe(learntBy(saved) + 50);
  });
});
