/**
 * Air quality through the pipeline (issue 18): readings → closed 1-minute and 1-hour windows → the
 * information-threshold alarm in the alarm list, the station's index in the frames, the compliance request,
 * and the calibration-due warning when the stations are set.
 */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings } from '../../src-shared/settings/schema';
import type { StreamFrame } from '../../src-shared/ipc/frame';
import type { Alarm } from '../../src-shared/domain/alarms';
import type { QualityFlagHour } from '../../src-shared/domain/air-quality';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import { AIR_RELATIONS_KEY, decodeRelations } from './air-quality/neighbour-relations';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** 2026-07-01T10:00Z. */
const T0 = Date.UTC(2026, 6, 1, 10);

function o3Pipeline() {
  const settings = { ...defaultSettings(), rules: [] };
  let clock = T0;
  const frames: StreamFrame[] = [];
  const alarms: Alarm[] = [];
  const pipeline = new Pipeline({ settings, store: new MemoryStore(), now: () => clock, onFrame: (f) => frames.push(f), onAlarm: (c) => alarms.push(c.alarm) });
  /** One reading a minute of O3 at `value(minute)` for `minutes` minutes (event time = wall time). */
  async function feed(minutes: number, value: (minute: number) => number): Promise<void> {
    for (let m = 0; m < minutes; m++) {
      await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-01', ts: clock, metrics: { o3: value(m), pm10: 20 } }] });
      await pipeline.tick();
      clock += MINUTE;
    }
  }
  return { pipeline, frames, alarms, feed, now: () => clock };
}

/** The in-memory store, recording the order of its writes and the flags it is given (a SQL store keeps them). */
class FlagRecordingStore extends MemoryStore {
  readonly log: string[] = [];
  readonly flags: QualityFlagHour[] = [];
  override async writeWindows(windows: readonly WindowAggregate[]): Promise<void> {
    for (const w of windows) if (w.sizeMs === HOUR && w.metric === 'pm10' && w.stationId === 'st-01') this.log.push(`window ${w.start}`);
    await super.writeWindows(windows);
  }
  async writeQualityFlags(flags: readonly QualityFlagHour[]): Promise<void> {
    for (const f of flags) this.log.push(`flag ${f.hourStartMs}`);
    this.flags.push(...flags);
  }
}

describe('air quality through the pipeline', () => {
  it('stores the flag of an hour whose readings are out of range, once, and before the hour\'s window', async () => {
    const store = new FlagRecordingStore();
    let clock = T0;
    const pipeline = new Pipeline({ settings: { ...defaultSettings(), rules: [] }, store, now: () => clock, onFrame: () => undefined, onAlarm: () => undefined });
    // Hour 1 fine, hour 2 with PM10 at 9000 µg/m³ (outside −5…5000), then minutes into hour 3 so hour 2 closes.
    for (let m = 0; m < 123; m++) {
      await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-01', ts: clock, metrics: { pm10: m >= 60 && m < 120 ? 9000 : 20 } }] });
      await pipeline.tick();
      clock += MINUTE;
    }
    await pipeline.flush();
    expect(store.flags).toEqual([{ stationId: 'st-01', metric: 'pm10', hourStartMs: T0 + HOUR, kind: 'out-of-range', isExcluded: true, reason: expect.stringContaining('outside the plausible range') }]);
    expect(store.log.filter((l) => l.endsWith(String(T0 + HOUR)))).toEqual([`flag ${T0 + HOUR}`, `window ${T0 + HOUR}`]);
  });

  it('clears an O3 information alarm stored active before a restart once a valid hour is back below 180 µg/m³', async () => {
    const run = o3Pipeline();
    const stored: Alarm = {
      id: 'air:o3-information@st-01', ruleId: 'air:o3-information', stationId: 'st-01', metric: 'o3', kind: 'process', severity: 'warning', state: 'unacknowledged', isActive: true,
      message: 'Ozone is above the information threshold at st-01', value: 195, peakValue: 195, threshold: 180, activatedAt: T0 - HOUR, clearedAt: null,
      acknowledgedAt: null, acknowledgedBy: null, activationCount: 1, isChattering: false, shelf: null, updatedAt: T0 - HOUR,
    };
    run.pipeline.restore([stored], []);
    // A clean hour, then a few minutes so it closes.
    await run.feed(63, () => 120);
    const alarm = run.pipeline.listAlarms({ includeNormal: true }).find((a) => a.id === stored.id);
    expect(alarm).toMatchObject({ isActive: false, state: 'returned-unacknowledged' });
    expect(alarm?.message).toContain('began before the engine restarted');
  });

  it('raises the O3 information alarm once the hour above 180 µg/m³ closes, and shows the band in the frame', async () => {
    const run = o3Pipeline();
    // Hour 1 at 150, hour 2 at 200 (mean 200 > 180), then a few minutes so the second hour closes.
    await run.feed(60, () => 150);
    expect(run.alarms).toEqual([]);
    await run.feed(60, () => 200);
    await run.feed(3, () => 150);
    const raised = run.alarms.filter((a) => a.ruleId === 'air:o3-information');
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ id: 'air:o3-information@st-01', stationId: 'st-01', metric: 'o3', severity: 'warning', isActive: true });
    expect(raised[0]?.message).toContain('information threshold');
    expect(run.pipeline.listAlarms().map((a) => a.id)).toContain('air:o3-information@st-01');
    // EEA table: O3 200 µg/m³ > 180 is level 6; PM10 20 is level 2.
    const latest = run.frames.filter((f) => f.airQuality !== undefined).at(-1)?.airQuality;
    expect(latest).toEqual([{ stationId: 'st-01', index: 'eea', value: 6, band: 'Extremely poor', colour: '#7D2181', decidingPollutant: 'o3', hourStartMs: T0 + HOUR }]);
  });

  it('answers compliance for the data year with one row per pollutant seen', async () => {
    const run = o3Pipeline();
    await run.feed(63, () => 100);
    const result = run.pipeline.airCompliance(null);
    expect(result.year).toBe(2026);
    expect(result.rows.map((r) => r.pollutant).sort()).toEqual(['o3', 'pm10']);
    expect(result.rows.find((r) => r.pollutant === 'pm10')?.figures.map((f) => f.standard.id)).toEqual(['2008/50:pm10-daily', '2008/50:pm10-annual']);
  });

  it('raises the calibration-due warning when the stations are set', async () => {
    const run = o3Pipeline();
    run.pipeline.setStations([{ id: 'st-01', name: 'Dam', district: 'Centre', lat: null, lon: null, calibrationDueAt: Date.UTC(2026, 6, 10) }]);
    await run.feed(1, () => 100);
    expect(run.alarms.map((a) => [a.id, a.isActive])).toEqual([['system:calibration-due@st-01', true]]);
  });

  it('hands the data-quality checks\' learnt neighbour relations to the store as hours close (at most every 6 hours) and when asked (the engine stops), and a new pipeline takes them', async () => {
    const store = new MemoryStore();
    let clock = T0;
    const ids = ['st-01', 'st-02', 'st-03', 'st-04'];
    const stations = ids.map((id, i) => ({ id, name: id, district: 'Centre', lat: 52.37 + i * 0.01, lon: 4.89, stationType: 'urban-background' as const }));
    const pipeline = new Pipeline({ settings: { ...defaultSettings(), rules: [] }, store, now: () => clock, onFrame: () => undefined, onAlarm: () => undefined });
    pipeline.setStations(stations);
    expect(await store.getState(AIR_RELATIONS_KEY)).toBeNull();
    for (let m = 0; m < 125; m++) {
      await pipeline.onBatch({ kind: 'readings', readings: ids.map((stationId, i) => ({ stationId, ts: clock, metrics: { pm10: 20 + 5 * i } })) });
      await pipeline.tick();
      clock += MINUTE;
    }
    await pipeline.flush();
    const hoursLearnt = async (): Promise<number[]> => decodeRelations((await store.getState(AIR_RELATIONS_KEY)) ?? '').flatMap((r) => r.pairs.filter((_, k) => k % 3 === 0));
    const saved = decodeRelations((await store.getState(AIR_RELATIONS_KEY)) ?? '');
    // Each station's PM10 against its three neighbours: saved when the first hour closed, not again an hour later…
    expect(saved.map((r) => `${r.stationId} ${r.pollutant} ${r.neighbourIds.length}`).sort()).toEqual(ids.map((id) => `${id} pm10 3`));
    expect(await hoursLearnt()).toEqual(Array(12).fill(1));
    // …but when the engine stops: both hours.
    await pipeline.saveAirRelations();
    await pipeline.flush();
    expect(await hoursLearnt()).toEqual(Array(12).fill(2));
    const next = new Pipeline({ settings: { ...defaultSettings(), rules: [] }, store, now: () => clock, onFrame: () => undefined, onAlarm: () => undefined });
    next.setStations(stations);
    expect(next.importAirRelations((await store.getState(AIR_RELATIONS_KEY))!)).toBe(4);
  });
});
