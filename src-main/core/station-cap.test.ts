/**
 * The station cap no longer fills first-come for good: at the cap, stations silent for longer than
 * decoder.idleStationTtlMs (whose windows are all closed) give their place to new ones; refusals raise a
 * system alarm and the status reports how full the caps are.
 */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings } from '../../src-shared/settings/schema';
import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

function setup() {
  const base = defaultSettings();
  const settings = {
    ...base,
    decoder: { ...base.decoder, maxStations: 3, idleStationTtlMs: 60_000 },
    windows: { ...base.windows, sizesMs: [10_000], allowedLatenessMs: 0, idleTimeoutMs: 5_000 },
  };
  let now = T0;
  const store = new MemoryStore();
  const changes: { alarm: Alarm; event: AlarmEvent }[] = [];
  const pipeline = new Pipeline({ settings, store, now: () => now, onFrame: () => undefined, onAlarm: (c) => changes.push(c) });
  const send = (...stations: string[]) => pipeline.onBatch({ kind: 'readings', readings: stations.map((stationId) => ({ stationId, ts: now, metrics: { temperature: 20 } })) });
  const windowsOf = (stationId: string) => [...store.windows.values()].filter((w) => w.stationId === stationId);
  const capAlarm = () => changes.filter((c) => c.alarm.ruleId === 'system:station-cap').map((c) => c.event.type);
  return { pipeline, send, windowsOf, capAlarm, changes, pass: (ms: number) => (now += ms) };
}

describe('the station cap', () => {
  it('refuses a fourth station while three are live, raising the cap alarm; gives an idle station\'s place to it later', async () => {
    const run = setup();
    await run.send('a', 'b', 'c');
    run.pass(1_000);
    await run.send('a', 'b', 'c', 'd');
    await run.pipeline.tick();
    expect(run.pipeline.counters().rejected).toEqual({ 'station-cap': 1 });
    expect(run.capAlarm()).toEqual(['activated']);
    expect(run.changes.find((c) => c.alarm.ruleId === 'system:station-cap')?.alarm.message).toMatch(/station cap is reached: 1 new stations refused so far \(decoder.maxStations = 3\)/);
    expect(run.pipeline.caps().stations).toEqual({ used: 3, cap: 3, refused: 1, released: 0 });

    // Only a keeps sending for 70 s: b and c fall silent past the time-to-live and their windows close.
    for (let i = 0; i < 70; i++) {
      run.pass(1_000);
      await run.send('a');
      await run.pipeline.tick();
    }
    await run.send('d');
    run.pass(20_000);
    await run.send('a');
    await run.pipeline.tick();
    expect(run.pipeline.counters().rejected).toEqual({ 'station-cap': 1 });
    // b and c both gave their places up; d took one of them.
    expect(run.pipeline.caps().stations).toEqual({ used: 2, cap: 3, refused: 1, released: 2 });
    // d's window is its own: one reading, not merged into the released station's state.
    expect(run.windowsOf('d').map((w) => w.count)).toEqual([1]);
    // The released stations' stored windows are untouched.
    expect(run.windowsOf('b').map((w) => w.count)).toEqual([2]);

    // Five quiet minutes without a refusal clear the alarm.
    for (let i = 0; i < 31; i++) {
      run.pass(10_000);
      await run.send('a', 'd');
      await run.pipeline.tick();
    }
    expect(run.capAlarm()).toEqual(['activated', 'returned']);
  });

  it('keeps a silent station whose windows are still open', async () => {
    const run = setup();
    await run.send('a', 'b', 'c');
    // Time passes on the wall clock but no event time: every window stays open, so nothing may be released.
    run.pass(120_000);
    await run.send('d');
    expect(run.pipeline.counters().rejected).toEqual({ 'station-cap': 1 });
    expect(run.pipeline.caps().stations.released).toBe(0);
  });
});

describe('the metric cap', () => {
  it('gives the place of a metric without values past decoder.idleMetricTtlMs to a new name, and refuses while all are in use', async () => {
    const base = defaultSettings();
    const settings = {
      ...base,
      decoder: { ...base.decoder, maxDistinctMetrics: 2, idleMetricTtlMs: 60_000 },
      windows: { ...base.windows, sizesMs: [10_000], allowedLatenessMs: 0, idleTimeoutMs: 5_000 },
    };
    let now = T0;
    const store = new MemoryStore();
    const pipeline = new Pipeline({ settings, store, now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    const send = (metrics: Record<string, number>) => pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-01', ts: now, metrics }] });
    await send({ temperature: 20, bogus_1: 1 });
    now += 1_000;
    await send({ temperature: 20, humidity: 50 });
    expect(pipeline.counters().rejected).toEqual({ 'metric-cap': 1 });
    // Only temperature keeps coming for 70 s of event time; bogus_1's windows close.
    for (let i = 0; i < 70; i++) {
      now += 1_000;
      await send({ temperature: 20 });
      await pipeline.tick();
    }
    await send({ temperature: 21, humidity: 50 });
    now += 20_000;
    await send({ temperature: 20 });
    await pipeline.tick();
    expect(pipeline.counters().rejected).toEqual({ 'metric-cap': 1 });
    expect(pipeline.caps().metrics).toEqual({ used: 2, cap: 2, refused: 1, released: 1 });
    const humidity = [...store.windows.values()].filter((w) => w.metric === 'humidity' && w.stationId === 'st-01');
    expect(humidity.map((w) => [w.count, w.mean])).toEqual([[1, 50]]);
    // The released metric's stored windows stay as they were.
    expect([...store.windows.values()].filter((w) => w.metric === 'bogus_1' && w.stationId === 'st-01').map((w) => w.count)).toEqual([1]);
  });
});
