/**
 * A jump the neighbours did not see is held until the series' next hour: a glitch that goes back is left out
 * as a spike, a jump that holds is real (a local event's first hour counts for compliance and the thresholds).
 * Through the live feed, as the engine runs it; the references are hand-worked from the directive's rules.
 */
import { describe, expect, it } from 'vitest';
import type { QualityFlagHour } from '../../../src-shared/domain/air-quality';
import type { Station } from '../../../src-shared/domain/station';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { AirQualityFeed } from '../air-quality-feed';
import { DEFAULT_QUALITY_OPTIONS } from './quality-flagger';
import type { Condition } from '../rules/condition';

const HOUR = 3_600_000;
/** Local midnight of 2026-07-01 in Europe/Amsterdam (UTC+2): hour h of the series is local day ⌊h / 24⌋ + 1. */
const T0 = Date.UTC(2026, 5, 30, 22);
const IDS = ['s0', 's1', 's2', 's3', 's4'];

function stations(placed: boolean): Station[] {
  return IDS.map((id, i) => ({ id, name: id, district: 'centre', lat: placed ? 52.37 + i * 0.01 : null, lon: placed ? 4.89 : null, stationType: 'urban-background' }));
}

/** A believable hourly series: a daily cycle of ±10 around `level` and a small station-specific wobble (±2). */
function base(stationIndex: number, h: number, level = 30): number {
  return level + 10 * Math.sin((2 * Math.PI * h) / 24) + (((h * 7 + stationIndex * 13) % 5) - 2);
}

function hourWindow(stationId: string, metric: string, h: number, mean: number): WindowAggregate {
  return { stationId, metric, sizeMs: HOUR, start: T0 + h * HOUR, count: 60, mean, min: mean - 1, max: mean + 1, stddev: 0.5, p95: mean + 1 };
}

function newFeed(placed: boolean): AirQualityFeed {
  // A 12-hour warm-up of the usual relations keeps these series short (the defaults are played in sensor-drift.test.ts).
  const feed = new AirQualityFeed({ index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' }, { ...DEFAULT_QUALITY_OPTIONS, minBaselineHours: 12 });
  feed.setStations(stations(placed), T0);
  return feed;
}

/** Feeds hours `from`…`to` − 1 of `metric` at every station in `ids`; returns the stored flags and the conditions of each step. */
function run(feed: AirQualityFeed, metric: string, from: number, to: number, value: (stationIndex: number, h: number) => number, ids = IDS): { flags: (QualityFlagHour & { step: number })[]; conditions: (Condition & { step: number })[] } {
  const flags: (QualityFlagHour & { step: number })[] = [];
  const conditions: (Condition & { step: number })[] = [];
  for (let h = from; h < to; h++) {
    conditions.push(...feed.onWindows(ids.map((id) => hourWindow(id, metric, h, value(IDS.indexOf(id), h)))).map((c) => ({ ...c, step: h })));
    flags.push(...feed.drainFlags().map((f) => ({ ...f, step: h })));
  }
  return { flags, conditions };
}

const hourOf = (f: QualityFlagHour): number => (f.hourStartMs - T0) / HOUR;

describe('a jump the neighbours did not see waits for the next hour', () => {
  it('leaves out a one-hour glitch as a spike once the next hour went back, and says so', () => {
    const feed = newFeed(true);
    const { flags } = run(feed, 'pm10', 0, 40, (i, h) => base(i, h) + (i === 0 && h === 30 ? 120 : 0));
    expect(flags.map((f) => `${hourOf(f)}:${f.kind}@${f.step}`)).toEqual(['30:spike@31']);
    expect(flags[0]).toMatchObject({ stationId: 's0', isExcluded: true });
    expect(flags[0]?.reason).toMatch(/^PM10 jumped by \+1[0-9.]+ µg\/m³ in one hour, more than 8 times the typical hourly change \([0-9.]+ µg\/m³\), the neighbouring stations did not see it, and the next hour went back: left out as a spike\.$/);
  });

  it('counts the first hour of a local event that holds (a possible local event, not a spike), and its daily mean lands in its own day', () => {
    const feed = newFeed(true);
    // s0 alone jumps by +600 µg/m³ at local 23:00 of day 2 and stays: day 2's mean, with that hour, is above 50.
    const { flags } = run(feed, 'pm10', 0, 74, (i, h) => base(i, h) + (i === 0 && h >= 47 ? 600 : 0));
    expect(flags[0]).toMatchObject({ stationId: 's0', hourStartMs: T0 + 47 * HOUR, kind: 'local-event', isExcluded: false, step: 48 });
    expect(flags[0]?.reason).toContain('possibly a local event; the hour is counted');
    // Reference, by hand: day 2 at s0 is 23 hours of base() and one of base() + 600; 24 valid hours.
    const day2 = Array.from({ length: 24 }, (_, k) => base(0, 24 + k) + (k === 23 ? 600 : 0));
    expect(day2.reduce((a, b) => a + b, 0) / 24).toBeGreaterThan(50);
    const daily = feed.compliance(2026).rows.find((r) => r.stationId === 's0')?.figures.find((f) => f.standard.id === '2008/50:pm10-daily');
    expect(daily?.exceedanceList.map((e) => e.label)).toContain('2026-07-02');
  });

  it('raises the NO2 alert (three hours above 400) at the third hour of a local event, with the episode starting at its first', () => {
    const feed = newFeed(true);
    const { conditions } = run(feed, 'no2', 0, 40, (i, h) => base(i, h, 40) + (i === 0 && h >= 30 ? 450 : 0));
    const raised = conditions.filter((c) => c.ruleId === 'air:no2-alert' && c.stationId === 's0' && c.isActive);
    expect(raised[0]?.step).toBe(32);
    expect(feed.episode('air:no2-alert@s0')?.startMs).toBe(T0 + 30 * HOUR);
  });

  it('without neighbours, follows a jump to a new level with no flag at all', () => {
    const feed = newFeed(false);
    const { flags } = run(feed, 'pm10', 0, 40, (i, h) => base(i, h) + (h >= 30 ? 60 : 0));
    expect(flags).toEqual([]);
    expect(feed.currentIndices().find((x) => x.stationId === 's0')).toMatchObject({ hourStartMs: T0 + 39 * HOUR });
  });

  it('leaves out a held hour as an unconfirmed spike when its series sends no next hour while the others go on', () => {
    const feed = newFeed(true);
    run(feed, 'pm10', 0, 21, (i, h) => base(i, h) + (i === 0 && h === 20 ? 120 : 0));
    const { flags } = run(feed, 'pm10', 21, 25, (i, h) => base(i, h), IDS.slice(1));
    expect(flags.map((f) => `${f.stationId}:${hourOf(f)}:${f.kind}`)).toEqual(['s0:20:spike']);
    expect(flags[0]?.reason).toContain('no usable next hour confirmed the new level: left out as a spike.');
  });
});

describe('a local event that lasts, against a drifting sensor', () => {
  it('keeps a one-station event that began with a jump a counted local event for a day, then takes it for a faulty sensor', () => {
    const feed = newFeed(true);
    const { flags } = run(feed, 'pm10', 0, 84, (i, h) => base(i, h) + (i === 0 && h >= 47 ? 600 : 0));
    const kinds = flags.map((f) => `${hourOf(f)}:${f.kind}`);
    // As with a creeping drift (its 6th hour in a row is drift), the 24th hour in a row (hour 70) is drift; before it, counted.
    expect(kinds).toEqual(Array.from({ length: 84 - 47 }, (_, k) => `${47 + k}:${k < 23 ? 'local-event' : 'drift'}`));
    expect(flags.filter((f) => f.kind === 'local-event').every((f) => !f.isExcluded)).toBe(true);
  });

  it('takes a run that began with a creep for a drift at its sixth hour even when a jump that holds comes during it', () => {
    // s0 creeps up by 3 µg/m³ an hour from hour 24 (disagreeing from hour 34); at hour 36 it also jumps by +300 and stays.
    const creep = (i: number, h: number): number => base(i, h) + (i === 0 && h >= 24 ? 3 * (h - 24) : 0);
    const kinds = (value: (i: number, h: number) => number): string[] => run(newFeed(true), 'pm10', 0, 44, value).flags.map((f) => `${hourOf(f)}:${f.kind}`);
    const expected = Array.from({ length: 44 - 34 }, (_, k) => `${34 + k}:${k < 5 ? 'local-event' : 'drift'}`);
    expect(kinds(creep)).toEqual(expected);
    // The run began with the creep, not with the jump: it is not a local event's abrupt start, and the 24-hour limit is not its.
    expect(kinds((i, h) => creep(i, h) + (i === 0 && h >= 36 ? 300 : 0))).toEqual(expected);
  });

  it('counts an event that starts part-way through an hour like one starting on the hour: its jump is the run\'s second hour', () => {
    // A strong common signal with large hour-to-hour changes (rush hours), each station its own steady factor and a
    // ±1 % wobble: tight relations, large hourly changes, as urban NO2 often is.
    const common = (h: number): number => 80 + 40 * Math.sin((2 * Math.PI * h) / 24) + 12 * (((h * 37) % 7) - 3);
    const honest = (i: number, h: number): number => common(h) * (1 + 0.1 * i) * (1 + 0.01 * (((h * 7 + i * 13) % 5) - 2));
    const kinds = (value: (i: number, h: number) => number): string[] => run(newFeed(true), 'no2', 0, 48, value).flags.map((f) => `${hourOf(f)}:${f.kind}`);
    expect(kinds((i, h) => honest(i, h) + (i === 0 && h >= 37 ? 400 : 0))).toEqual(Array.from({ length: 11 }, (_, k) => `${37 + k}:local-event`));
    // +400 from 36:48: hour 36 is only +80 on average (it disagrees, under the spike limit), the jump comes at hour 37.
    const partial = kinds((i, h) => honest(i, h) + (i === 0 && h === 36 ? 80 : 0) + (i === 0 && h >= 37 ? 400 : 0));
    expect(partial.filter((k) => k.endsWith('drift'))).toEqual([]);
  });

  it('keeps the 24-hour limit for a jump whose first hour was left out as a spike because the station then went silent for two hours', () => {
    // s0 jumps +300 at hour 20 and stays; it sends nothing for hours 21 and 22.
    const ids = (h: number): string[] => IDS.filter((id) => id !== 's0' || (h !== 21 && h !== 22));
    const feed = newFeed(true);
    const flags: string[] = [];
    for (let h = 0; h < 40; h++) flags.push(...run(feed, 'pm10', h, h + 1, (i, hour) => base(i, hour) + (i === 0 && hour >= 20 ? 300 : 0), ids(h)).flags.map((f) => `${hourOf(f)}:${f.kind}`));
    expect(flags[0]).toBe('20:spike');
    expect(flags.filter((k) => k.endsWith('drift'))).toEqual([]);
  });
});

describe('held hours across restarts and batches', () => {
  const glitchAt20 = (i: number, h: number): number => base(i, h) + (i === 0 && h === 20 ? 120 : 0);
  const stored = (from: number, to: number, value: (i: number, h: number) => number): WindowAggregate[] => Array.from({ length: to - from }, (_, k) => IDS.map((id, i) => hourWindow(id, 'pm10', from + k, value(i, from + k)))).flat();

  it('stores the verdict on an hour held when the engine stopped, once the restarted one settles it', () => {
    const before = newFeed(true);
    expect(run(before, 'pm10', 0, 21, glitchAt20).flags).toEqual([]);
    const after = newFeed(true);
    after.prime(stored(0, 21, glitchAt20));
    expect(after.drainFlags()).toEqual([]);
    const { flags } = run(after, 'pm10', 21, 23, glitchAt20);
    expect(flags.map((f) => `${f.stationId}:${hourOf(f)}:${f.kind}@${f.step}`)).toEqual(['s0:20:spike@21']);
  });

  it('judges a held hour the same whether its hours come one by one or in one catch-up batch', () => {
    // s0 jumps at hour 20, sends nothing for hours 21 and 22, and is still high at 23.
    const value = (i: number, h: number): number => base(i, h) + (i === 0 && h >= 20 ? 300 : 0);
    const windows = (h: number): WindowAggregate[] => IDS.filter((id) => id !== 's0' || (h !== 21 && h !== 22)).map((id) => hourWindow(id, 'pm10', h, value(IDS.indexOf(id), h)));
    const oneByOne = newFeed(true);
    const batched = newFeed(true);
    const verdicts = (feed: AirQualityFeed, batches: WindowAggregate[][]): string[] => batches.flatMap((b) => {
      feed.onWindows(b);
      return feed.drainFlags().map((f) => `${f.stationId}:${hourOf(f)}:${f.kind}`);
    });
    const early = Array.from({ length: 20 }, (_, h) => windows(h));
    verdicts(oneByOne, early);
    verdicts(batched, early);
    const late = [20, 21, 22, 23, 24].map(windows);
    const single = verdicts(oneByOne, late);
    expect(single).toContain('s0:20:spike');
    expect(verdicts(batched, [late.flat()])).toEqual(single);
  });
});

describe('input older than the primed hours', () => {
  it('checks a station afresh when its input starts again before the stored hours (a replay, a restarted simulator)', () => {
    const feed = newFeed(true);
    // The last primed hour of s0 is out of range: a flag in force when the restarted input begins.
    feed.prime(Array.from({ length: 24 }, (_, k) => IDS.map((id, i) => (i === 0 && k === 23 ? { ...hourWindow(id, 'pm10', 123, 40), max: 6200 } : hourWindow(id, 'pm10', 100 + k, base(i, 100 + k))))).flat());
    expect(feed.currentFlags().map((f) => `${f.stationId}:${f.kind}`)).toEqual(['s0:out-of-range']);
    const windows = (h: number): WindowAggregate[] => IDS.map((id, i) => (i === 0 && h === 3 ? { ...hourWindow(id, 'pm10', h, 40), max: 6200 } : hourWindow(id, 'pm10', h, base(i, h))));
    const flags: string[] = [];
    for (let h = 0; h < 6; h++) {
      feed.onWindows(windows(h));
      flags.push(...feed.drainFlags().map((f) => `${f.stationId}:${hourOf(f)}:${f.kind}`));
    }
    expect(flags).toEqual(['s0:3:out-of-range']);
    // The flags in force are the new input's, not those of the primed hours ahead of it.
    expect(feed.currentFlags()).toEqual([]);
  });

  it('waits for the next hour of that input to settle a held hour, not for the primed hours ahead of it', () => {
    const feed = newFeed(true);
    feed.prime(Array.from({ length: 24 }, (_, k) => IDS.map((id, i) => hourWindow(id, 'pm10', 100 + k, base(i, 100 + k)))).flat());
    // The input starts again at hour 0; s0 alone jumps by +600 µg/m³ at hour 20 and stays: a local event, counted.
    const { flags } = run(feed, 'pm10', 0, 26, (i, h) => base(i, h) + (i === 0 && h >= 20 ? 600 : 0));
    expect(flags.map((f) => `${f.stationId}:${hourOf(f)}:${f.kind}@${f.step}`)).toEqual(['s0:20:local-event@21', ...[21, 22, 23, 24, 25].map((h) => `s0:${h}:local-event@${h}`)]);
  });
});
