import { describe, expect, it } from 'vitest';
import type { AirQualityFlag } from '../../../src-shared/domain/air-quality';
import type { Station } from '../../../src-shared/domain/station';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { AirQualityFeed } from '../air-quality-feed';
import { DEFAULT_QUALITY_OPTIONS } from './quality-flagger';
import { median } from './quality-flags';

const HOUR = 3_600_000;
/** Local midnight of 2026-07-01 in Europe/Amsterdam (UTC+2): hour h of the series is local day ⌊h / 24⌋ + 1. */
const T0 = Date.UTC(2026, 5, 30, 22);
const IDS = ['s0', 's1', 's2', 's3', 's4'];

/** Five urban-background stations about 1 km apart (neighbours of each other); `placed` false leaves them unplaced. */
function stations(placed = true): Station[] {
  return IDS.map((id, i) => ({ id, name: id, district: 'centre', lat: placed ? 52.37 + i * 0.01 : null, lon: placed ? 4.89 : null, stationType: 'urban-background' }));
}

/** A believable hourly PM10 series: a daily cycle of ±10 around 30 µg/m³ and a small station-specific wobble (±2). */
function base(stationIndex: number, h: number): number {
  return 30 + 10 * Math.sin((2 * Math.PI * h) / 24) + (((h * 7 + stationIndex * 13) % 5) - 2);
}

/** One closed hour of PM10: 60 readings spread ±1 around `mean` (not stuck). */
function hourWindow(stationId: string, h: number, mean: number, spread = 1): WindowAggregate {
  return { stationId, metric: 'pm10', sizeMs: HOUR, start: T0 + h * HOUR, count: 60, mean, min: mean - spread, max: mean + spread, stddev: spread / 2, p95: mean + spread };
}

/** A 12-hour warm-up of the usual relations keeps these series short (the defaults, 72 hours, are played in sensor-drift.test.ts). */
const OPTIONS = { ...DEFAULT_QUALITY_OPTIONS, minBaselineHours: 12 };

function newFeed(placed = true): AirQualityFeed {
  const feed = new AirQualityFeed({ index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' }, OPTIONS);
  feed.setStations(stations(placed), T0);
  return feed;
}

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

describe('QualityFlagger: the learnt relations across a restart', () => {
  const value = (i: number, h: number): number => base(i, h) + (i === 0 && h >= 24 ? 1.5 * (h - 24) : 0);
  const kinds = (feed: AirQualityFeed, from: number, to: number): string[] => {
    const out: string[] = [];
    for (let h = from; h < to; h++) {
      feed.onWindows(IDS.map((id, i) => hourWindow(id, h, value(i, h))));
      out.push(...feed.drainFlags().map((f) => `${f.stationId} ${(f.hourStartMs - T0) / HOUR} ${f.kind}`));
    }
    return out;
  };
  const primeHours = (from: number, to: number): WindowAggregate[] => Array.from({ length: to - from }, (_, k) => IDS.map((id, i) => hourWindow(id, from + k, value(i, from + k)))).flat();

  it('a restarted feed that takes the saved relations goes on judging the drift as the running one does', () => {
    const running = newFeed();
    const before = newFeed();
    kinds(before, 0, 60);
    const saved = before.exportRelations();
    expect(saved).not.toBeNull();
    expect(before.exportRelations()).toBeNull();
    expect(kinds(running, 0, 60).filter((k) => k.endsWith('drift')).length).toBeGreaterThan(10);
    const restarted = newFeed();
    expect(restarted.importRelations(saved!)).toBe(IDS.length);
    restarted.prime(primeHours(36, 60));
    expect(kinds(restarted, 60, 72)).toEqual(kinds(running, 60, 72));
  });

  it('without them it would take the drift for the usual relation: nothing left out after the restart', () => {
    const restarted = newFeed();
    restarted.prime(primeHours(36, 60));
    expect(kinds(restarted, 60, 72).filter((k) => k.endsWith('drift'))).toEqual([]);
  });

  it('a restart before a slow drift is flagged: the primed hours are not learnt twice, so it is flagged when the running feed flags it', () => {
    const slow = (i: number, h: number): number => base(i, h) + (i === 0 && h >= 48 ? h - 48 : 0);
    const drifts = (feed: AirQualityFeed, from: number, to: number): number[] => {
      const out: number[] = [];
      for (let h = from; h < to; h++) {
        feed.onWindows(IDS.map((id, i) => hourWindow(id, h, slow(i, h))));
        out.push(...feed.drainFlags().filter((f) => f.kind === 'drift').map((f) => (f.hourStartMs - T0) / HOUR));
      }
      return out;
    };
    const running = newFeed();
    expect(drifts(running, 0, 72)).toEqual([]);
    const saved = running.exportRelations()!;
    const restarted = newFeed();
    restarted.importRelations(saved);
    restarted.prime(Array.from({ length: 24 }, (_, k) => IDS.map((id, i) => hourWindow(id, 48 + k, slow(i, 48 + k)))).flat());
    const after = drifts(restarted, 72, 200);
    expect(after.length).toBeGreaterThan(24);
    expect(after).toEqual(drifts(running, 72, 200));
  });

  it('keeps the saved relations when the registry could not be read at startup (no neighbour lists yet)', () => {
    const before = newFeed();
    kinds(before, 0, 30);
    const saved = before.exportRelations()!;
    const restarted = new AirQualityFeed({ index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' }, OPTIONS);
    expect(restarted.importRelations(saved)).toBe(0);
    kinds(restarted, 30, 40);
    // Nothing was judged or learnt without the registry; once it is read, the saved relations are taken and go on.
    expect(restarted.exportRelations()).toBeNull();
    restarted.setStations(stations(), T0 + 40 * HOUR);
    kinds(restarted, 40, 41);
    // Hour 40 is learnt on every pair but the drifting s0's own (it disagrees): the counts go on from the saved ones.
    const hoursLearnt = (text: string, next: (stationId: string) => number): string[] =>
      JSON.parse(text).series.flatMap((e: [string, string, string[], number[]]) => e[3].filter((_, k) => k % 3 === 0).map((n) => `${e[0]} ${n + next(e[0])}`)).sort();
    expect(hoursLearnt(restarted.exportRelations()!, () => 0)).toEqual(hoursLearnt(saved, (id) => (id === 's0' ? 0 : 1)));
  });

  it('learns nothing of another station while a station has no neighbour list: a drift after it lost and got back its place is flagged as without', () => {
    // Sites that differ steadily (1×…5×), the default warm-up; s0 creeps to three times from hour 100.
    const value = (i: number, h: number): number => (1 + i) * base(0, h) * (i === 0 && h >= 100 ? 1 + Math.min(2, (h - 100) / 12) : 1);
    const firstDrift = (orphaned: boolean): number => {
      const feed = new AirQualityFeed({ index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' });
      const placed = stations();
      feed.setStations(placed, T0);
      for (let h = 0; h < 200; h++) {
        if (orphaned && h === 40) feed.setStations(placed.map((s) => (s.id === 's0' ? { ...s, lat: null, lon: null } : s)), T0 + h * HOUR);
        if (orphaned && h === 70) feed.setStations(placed, T0 + h * HOUR);
        feed.onWindows(IDS.map((id, i) => hourWindow(id, h, value(i, h))));
        const drift = feed.drainFlags().find((f) => f.stationId === 's0' && f.kind === 'drift');
        if (drift !== undefined) return (drift.hourStartMs - T0) / HOUR;
      }
      return -1;
    };
    const control = firstDrift(false);
    expect(control).toBeGreaterThan(100);
    expect(firstDrift(true)).toBe(control);
  });


  it('refuses a saved text that is not its form, in words, and takes nothing', () => {
    const feed = newFeed();
    expect(() => feed.importRelations('{"v":2}')).toThrow('the saved neighbour relations are not in the version 1 form');
    expect(() => feed.importRelations('not json')).toThrow('the saved neighbour relations are not JSON');
    expect(() => feed.importRelations('{"v":1,"series":[["s0","pm10",["s1"],[1,"x",0]]]}')).toThrow('saved neighbour relation 1 is malformed');
  });
});

describe('QualityFlagger: the usual relations when things change', () => {
  it('keeps what each pair learnt when the registry changes: a drift stays flagged after a station is added nearby', () => {
    const feed = newFeed();
    const value = (i: number, h: number): number => base(i, h) + (i === 0 && h >= 24 ? 1.5 * (h - 24) : 0);
    const flagsOf = (from: number, to: number, ids: readonly string[]): string[] => {
      const out: string[] = [];
      for (let h = from; h < to; h++) {
        feed.onWindows(ids.map((id, i) => hourWindow(id, h, value(i, h))));
        out.push(...feed.drainFlags().filter((f) => f.stationId === 's0').map((f) => f.kind));
      }
      return out;
    };
    expect(flagsOf(0, 60, IDS).at(-1)).toBe('drift');
    feed.setStations([...stations(), { id: 's5', name: 's5', district: 'centre', lat: 52.415, lon: 4.89, stationType: 'urban-background' }], T0 + 60 * HOUR);
    expect(flagsOf(60, 72, [...IDS, 's5'])).toEqual(Array(12).fill('drift'));
  });

  it('flags a slow drift (a quarter of a µg/m³ an hour) within four weeks: the usual relation follows it only a little', () => {
    const feed = newFeed();
    let firstDrift = -1;
    for (let h = 0; h < 28 * 24 && firstDrift < 0; h++) {
      feed.onWindows(IDS.map((id, i) => hourWindow(id, h, base(i, h) + (i === 0 && h >= 48 ? 0.25 * (h - 48) : 0))));
      const drift = feed.drainFlags().find((f) => f.kind === 'drift');
      if (drift !== undefined) firstDrift = (drift.hourStartMs - T0) / HOUR;
    }
    // Flagged once s0 reads about three times its neighbours (+60 µg/m³ over 30), not absorbed.
    expect(firstDrift).toBeGreaterThan(48);
    expect(firstDrift).toBeLessThan(48 + 400);
  });

  it('with the default three-day warm-up, an odd day while a pair is young does not hide a later drift', () => {
    // s0 reads four times too high on day 2 (hours 20–44), then drifts to three times from day 10.
    const feed = new AirQualityFeed({ index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' });
    feed.setStations(stations(), T0);
    let firstDrift = -1;
    for (let h = 0; h < 400 && firstDrift < 0; h++) {
      const factor = (i: number): number => (i !== 0 ? 1 : h >= 20 && h < 44 ? 4 : h >= 240 ? Math.min(3, 1 + (h - 240) / 12) : 1);
      feed.onWindows(IDS.map((id, i) => hourWindow(id, h, base(i, h) * factor(i))));
      const drift = feed.drainFlags().find((f) => f.stationId === 's0' && f.kind === 'drift');
      if (drift !== undefined) firstDrift = (drift.hourStartMs - T0) / HOUR;
    }
    expect(firstDrift).toBeGreaterThan(240);
    expect(firstDrift).toBeLessThan(300);
  });

  it('keeps a lasting disagreement left out until a new calibration is recorded for the station, then learns its relations afresh', () => {
    // s0 reads four times too high from the start (its usual relation is learnt so); it is recalibrated at hour 40.
    const due = (days: number): Station[] => stations().map((s) => ({ ...s, calibrationDueAt: T0 + days * 24 * HOUR }));
    const feed = newFeed();
    feed.setStations(due(200), T0);
    const flags = (from: number, to: number): { hour: number; kind: string }[] => {
      const out: { hour: number; kind: string }[] = [];
      for (let h = from; h < to; h++) {
        feed.onWindows(IDS.map((id, i) => hourWindow(id, h, base(i, h) * (i === 0 && h < 40 ? 4 : 1))));
        out.push(...feed.drainFlags().map((f) => ({ hour: (f.hourStartMs - T0) / HOUR, kind: f.kind })));
      }
      return out;
    };
    expect(flags(0, 40)).toEqual([]);
    // The recalibration is a jump that held: a local event for 23 hours, then drift, and it stays so…
    const until = flags(40, 100);
    expect(until.slice(0, 23).every((f) => f.kind === 'local-event')).toBe(true);
    expect(until.slice(23).map((f) => f.kind)).toEqual(Array(100 - 63).fill('drift'));
    // …until the operator records the new calibration (the station file's due date moves on).
    feed.setStations(due(200).map((s) => (s.id === 's0' ? { ...s, calibrationDueAt: T0 + 400 * 24 * HOUR } : s)), T0 + 100 * HOUR);
    expect(flags(100, 160)).toEqual([]);
    // A registry read again with the same dates changes nothing; a first date for a station is no calibration.
    feed.setStations(due(200).map((s) => (s.id === 's0' ? { ...s, calibrationDueAt: T0 + 400 * 24 * HOUR } : s)), T0 + 160 * HOUR);
  });

});
