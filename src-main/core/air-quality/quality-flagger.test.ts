import { describe, expect, it } from 'vitest';
import type { AirQualityFlag } from '../../../src-shared/domain/air-quality';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { AirQualityFeed } from '../air-quality-feed';
import { DEFAULT_QUALITY_OPTIONS } from './quality-flagger';
import { median } from './quality-flags';
import { HOUR, IDS, T0, base, hourWindow, newFeed } from './quality-fixture.test-support';

/** Feeds hours `from`…`to` − 1 of every station (value by station index and hour); returns s0's flag after each hour. */
function run(feed: AirQualityFeed, from: number, to: number, value: (stationIndex: number, h: number) => number): (AirQualityFlag | null)[] {
  const s0: (AirQualityFlag | null)[] = [];
  for (let h = from; h < to; h++) {
    feed.onWindows(IDS.map((id, i) => hourWindow(id, h, value(i, h))));
    s0.push(feed.currentFlags().find((f) => f.stationId === 's0') ?? null);
  }
  return s0;
}

describe('QualityFlagger through the live feed: a drifting sensor and a real breach', () => {
  it('flags a sensor drifting away from its neighbours first as a possible local event (counted), then as drift (left out of the index)', () => {
    const feed = newFeed();
    const drift = (h: number): number => (h < 24 ? 0 : 1.5 * (h - 24));
    const value = (i: number, h: number): number => base(i, h) + (i === 0 ? drift(h) : 0);
    const flags = run(feed, 0, 72, value);
    // Reference, from the plain list functions: the first hour where s0's relation to its neighbours, ln((v + f) / (n + f)),
    // has moved beyond k usual deviations (at their floor: these sites differ by a steady ±2 µg/m³) from its plain
    // mean over the 24 hours before the drift, on the median of the four pairs. The flagger's usual relation learns
    // the agreeing hours of the creep too (each taken at most two deviations from the mean), so it may see it an hour later.
    const { neighbourK, minScale, neighbourRelativeFloor, driftHours } = DEFAULT_QUALITY_OPTIONS;
    const f = 2 * minScale.pm10;
    const relation = (h: number, j: number): number => Math.log((value(0, h) + f) / (value(j, h) + f));
    const usual = [1, 2, 3, 4].map((j) => Array.from({ length: 24 }, (_, h) => relation(h, j)).reduce((a, b) => a + b, 0) / 24);
    const moved = (h: number): boolean => median([1, 2, 3, 4].map((j, k) => (relation(h, j) - (usual[k] as number)) / Math.log1p(neighbourRelativeFloor))) > neighbourK;
    const earliest = Array.from({ length: 72 }, (_, h) => h).find(moved) ?? -1;
    expect(earliest).toBeGreaterThan(24);
    const first = flags.findIndex((f) => f !== null);
    expect(first - earliest).toBeGreaterThanOrEqual(0);
    expect(first - earliest).toBeLessThanOrEqual(1);
    // Near the threshold the creep may cross it and fall back once; from `steady` on every hour is flagged.
    const steady = flags.length - [...flags].reverse().findIndex((f) => f === null);
    expect(steady - earliest).toBeLessThanOrEqual(3);
    const expected = flags.map((f, h) => (h < steady ? (f === null ? null : 'local-event') : h - steady + 1 < driftHours ? 'local-event' : 'drift'));
    expect(flags.map((f) => f?.kind ?? null)).toEqual(expected);
    const last = flags[71]!;
    expect(last).toMatchObject({ kind: 'drift', isExcluded: true, hours: 72 - steady - (driftHours - 1), stationId: 's0', pollutant: 'pm10' });
    expect(last.reason).toMatch(/^PM10 reads [\d.]+ µg\/m³ above what 4 neighbouring urban background stations point to for \d+ hours in a row .*drifting/);
    // Left out: s0 has no index (PM10 was its only pollutant), its neighbours have one.
    expect(feed.currentIndices().map((i) => i.stationId).sort()).toEqual(['s1', 's2', 's3', 's4']);
    // A local-event hour was counted: its flag says so.
    expect(flags[first]).toMatchObject({ kind: 'local-event', isExcluded: false });
    expect(flags[first]?.reason).toContain('possibly a local event; the hour is counted');
  });

  it('hands each flagged hour of the drifting sensor to the store once (drainFlags), local events and drift alike, with whether it is left out', () => {
    const feed = newFeed();
    const value = (i: number, h: number): number => base(i, h) + (i === 0 && h >= 24 ? 1.5 * (h - 24) : 0);
    const drained: ReturnType<AirQualityFeed['drainFlags']> = [];
    const current: (AirQualityFlag | null)[] = [];
    for (let h = 0; h < 72; h++) {
      feed.onWindows(IDS.map((id, i) => hourWindow(id, h, value(i, h))));
      current.push(feed.currentFlags().find((f) => f.stationId === 's0') ?? null);
      drained.push(...feed.drainFlags());
    }
    expect(feed.drainFlags()).toEqual([]);
    const expected = current.flatMap((f, h) => (f === null ? [] : [{ stationId: 's0', metric: 'pm10', hourStartMs: T0 + h * HOUR, kind: f.kind, isExcluded: f.isExcluded, reason: f.reason }]));
    expect(expected.length).toBeGreaterThan(DEFAULT_QUALITY_OPTIONS.driftHours);
    expect(drained).toEqual(expected);
    expect(drained.filter((f) => f.isExcluded).every((f) => f.kind === 'drift')).toBe(true);
    expect(drained.filter((f) => !f.isExcluded).every((f) => f.kind === 'local-event')).toBe(true);
    // A repeat of an hour already judged (a restart's re-close is refused by the feed) raises nothing.
    feed.onWindows(IDS.map((id, i) => hourWindow(id, 71, value(i, 71))));
    expect(feed.drainFlags()).toEqual([]);
  });

  it('does not flag a site that always reads three times what its neighbours read (a station by a busy road), nor its neighbours', () => {
    const feed = newFeed();
    const drained: ReturnType<AirQualityFeed['drainFlags']> = [];
    for (let h = 0; h < 72; h++) {
      feed.onWindows(IDS.map((id, i) => hourWindow(id, h, base(i, h) * (i === 0 ? 3 : 1))));
      drained.push(...feed.drainFlags());
    }
    expect(drained).toEqual([]);
  });

  it('does not flag the honest stations around a drifting one: the median over the pairs leaves the drifting pair out', () => {
    const feed = newFeed();
    const drained: ReturnType<AirQualityFeed['drainFlags']> = [];
    for (let h = 0; h < 72; h++) {
      feed.onWindows(IDS.map((id, i) => hourWindow(id, h, base(i, h) + (i === 1 && h >= 24 ? 1.5 * (h - 24) : 0))));
      drained.push(...feed.drainFlags());
    }
    expect(new Set(drained.map((f) => f.stationId))).toEqual(new Set(['s1']));
    expect(drained.filter((f) => f.kind === 'drift').length).toBeGreaterThan(10);
  });

  it('does not flag a day-long PM10 episode that the neighbours see too, and counts its exceedance day at every station', () => {
    const feed = newFeed();
    // Local day 2 (hours 24…47) is 40 µg/m³ higher everywhere: a daily mean of about 70 > 50 µg/m³ (2008/50/EC Annex XI).
    const flags = run(feed, 0, 73, (i, h) => base(i, h) + (h >= 24 && h < 48 ? 40 : 0));
    expect(flags.every((f) => f === null)).toBe(true);
    expect(feed.currentFlags()).toEqual([]);
    for (const row of feed.compliance(2026).rows) {
      const daily = row.figures.find((f) => f.standard.id === '2008/50:pm10-daily');
      expect(daily?.exceedanceList.map((e) => e.label)).toEqual(['2026-07-02']);
    }
  });
});

describe('QualityFlagger through the live feed: own-history checks', () => {
  it('flags a reading outside the physical range, and the index leaves the hour out', () => {
    const feed = newFeed(false);
    feed.onWindows([hourWindow('s0', 0, 30)]);
    feed.onWindows([{ ...hourWindow('s0', 1, 40), max: 6200 }]);
    expect(feed.currentFlags()).toEqual([expect.objectContaining({ stationId: 's0', kind: 'out-of-range', isExcluded: true, hours: 1, sinceMs: T0 + HOUR })]);
    expect(feed.currentFlags()[0]?.reason).toBe('PM10 read 6200 µg/m³, outside the plausible range -5 to 5000 µg/m³: the hour is left out.');
    expect(feed.currentIndices()).toEqual([]);
    feed.onWindows([hourWindow('s0', 2, 30)]);
    expect(feed.currentFlags()).toEqual([]);
    expect(feed.currentIndices()).toEqual([expect.objectContaining({ stationId: 's0', hourStartMs: T0 + 2 * HOUR })]);
  });

  it('flags a stuck sensor once the same reading lasted 60 readings over 3 hours, and keeps the run', () => {
    const feed = newFeed(false);
    const stuck = (h: number): WindowAggregate => hourWindow('s0', h, 41, 0);
    feed.onWindows([hourWindow('s0', 0, 30)]);
    feed.onWindows([stuck(1)]);
    feed.onWindows([stuck(2)]);
    expect(feed.currentFlags()).toEqual([]);
    feed.onWindows([stuck(3)]);
    feed.onWindows([stuck(4)]);
    expect(feed.currentFlags()).toEqual([expect.objectContaining({ kind: 'stuck', hours: 2, sinceMs: T0 + 3 * HOUR, hourStartMs: T0 + 4 * HOUR })]);
    expect(feed.currentFlags()[0]?.reason).toBe('PM10 has read exactly 41 µg/m³ for 240 readings over 4 hours: the sensor looks stuck, the hour is left out.');
  });

  it('puts the flags in a frame when they change, an empty list once when they clear, and nothing while there are none', () => {
    const feed = newFeed(false);
    feed.onWindows([hourWindow('s0', 0, 30)]);
    expect(feed.flagsForFrame(1_000)).toBeNull();
    feed.onWindows([{ ...hourWindow('s0', 1, 40), max: 6200 }]);
    expect(feed.flagsForFrame(1_000)).toHaveLength(1);
    expect(feed.flagsForFrame(1_100)).toBeNull();
    expect(feed.flagsForFrame(7_000)).toHaveLength(1);
    feed.onWindows([hourWindow('s0', 2, 30)]);
    expect(feed.flagsForFrame(7_100)).toEqual([]);
    expect(feed.flagsForFrame(20_000)).toBeNull();
  });
});
