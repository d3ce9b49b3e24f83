/**
 * The data-quality checks learn each hour's relation to the neighbours once (Series.learntThrough): neither the hours
 * primed after a restart nor a replay of hours already learnt count twice, and hours learnt after the last save (a
 * crash) are learnt again. Through the live feed, on the synthetic city of quality-fixture.test-support.ts.
 */
import { describe, expect, it } from 'vitest';
import { AirQualityFeed } from '../air-quality-feed';
import { IDS, base, driftHours, hourWindow, newFeed } from './quality-fixture.test-support';
import { decodeRelations, encodeRelations } from './neighbour-relations';

describe('hours learnt once: a quarter of a µg/m³ an hour of drift from hour 48', () => {
  const slow = (i: number, h: number): number => base(i, h) + (i === 0 && h >= 48 ? 0.25 * (h - 48) : 0);
  const drifts = (feed: AirQualityFeed, from: number, to: number): number[] => driftHours(feed, slow, from, to);
  const restarted = (saved: string): AirQualityFeed => {
    const feed = newFeed();
    feed.importRelations(saved);
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
