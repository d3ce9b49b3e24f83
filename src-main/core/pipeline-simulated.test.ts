/**
 * The pipeline end to end on a seeded simulator, in simulated time: the clock is the simulation's, so
 * an hour runs in seconds and every result is exact and repeatable.
 */
import { KNOWN_METRICS } from '../../src-shared/domain/metrics';
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { SimulatorModel } from '../adapters/simulator/simulator-model';
import { defaultSettings, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import type { Scenario } from '../../src-shared/settings/schema';
import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';
import type { StreamFrame } from '../../src-shared/ipc/frame';

const START = Date.UTC(2026, 10, 23, 8, 0, 0);

interface Run {
  readonly changes: { alarm: Alarm; event: AlarmEvent }[];
  readonly frames: StreamFrame[];
  readonly store: MemoryStore;
  readonly pipeline: Pipeline;
}

async function simulate(minutes: number, options: { scenarios?: Scenario[]; outlierRate?: number; seed?: number }): Promise<Run> {
  const simulator = SimulatorSourceSchema.parse({ kind: 'simulator', seed: options.seed ?? 7, outlierRate: options.outlierRate ?? 0, scenarios: options.scenarios ?? [] });
  const model = new SimulatorModel(simulator, START);
  let clock = START;
  const store = new MemoryStore();
  const changes: Run['changes'] = [];
  const frames: StreamFrame[] = [];
  const pipeline = new Pipeline({ settings: defaultSettings(), store, now: () => clock, onFrame: (f) => frames.push(f), onAlarm: (c) => changes.push(c) });
  await store.upsertStations(model.stations);
  for (clock = START + 1000; clock <= START + minutes * 60_000; clock += 1000) {
    await pipeline.onBatch({ kind: 'readings', readings: model.readingsUntil(clock) });
    await pipeline.tick();
  }
  return { changes, frames, store, pipeline };
}

const heatwave: Scenario = { kind: 'heatwave', target: 'st-03', startAfterMs: 120_000, durationMs: 300_000 };

describe('pipeline on the simulator', () => {
  it('a heatwave at one station raises exactly one temperature alarm there, which returns after the heatwave', async () => {
    const run = await simulate(20, { scenarios: [heatwave] });
    const mine = run.changes.filter((c) => c.alarm.id === 'temperature-high@st-03');
    expect(mine.map((c) => c.event.type)).toEqual(['activated', 'returned']);
    const [activated, returned] = mine.map((c) => c.event) as [AlarmEvent, AlarmEvent];
    // Breaching 10-s windows for the 30 s pending time are needed, after the ramp: within 1..4 minutes of the start.
    const heatStart = START + heatwave.startAfterMs;
    const heatEnd = heatStart + heatwave.durationMs;
    expect(activated.at).toBeGreaterThanOrEqual(heatStart + 60_000);
    expect(activated.at).toBeLessThanOrEqual(heatStart + 240_000);
    expect(returned.at).toBeGreaterThan(heatEnd);
    expect(returned.at).toBeLessThanOrEqual(heatEnd + 300_000);
    expect(returned.toState).toBe('returned-unacknowledged');
    expect(mine[1]!.alarm.peakValue).toBeGreaterThan(35);
    // Only that station: no process alarm anywhere else.
    const elsewhere = run.changes.filter((c) => c.alarm.kind === 'process' && c.alarm.stationId !== 'st-03');
    expect(elsewhere).toEqual([]);
  });

  it('the control run without a scenario raises no alarm for that station', async () => {
    const run = await simulate(20, {});
    expect(run.changes.filter((c) => c.alarm.stationId === 'st-03')).toEqual([]);
    expect(run.changes.filter((c) => c.alarm.kind === 'process')).toEqual([]);
  });

  it('default rules do not flood: one simulated hour with outliers at the default rate raises at most 6 alarms', async () => {
    const run = await simulate(60, { outlierRate: SimulatorSourceSchema.parse({ kind: 'simulator' }).outlierRate, seed: 11 });
    const activations = run.changes.filter((c) => c.event.type === 'activated');
    expect(activations.length).toBeLessThanOrEqual(6);
    // The outliers were there and were counted as data quality, not alarms.
    expect(run.pipeline.counters().outliers).toBeGreaterThan(0);
    expect(run.pipeline.counters().readings).toBe(12 * 3600);
  }, 60_000);

  it('stores every closed window and streams frames with raw rows and windows', async () => {
    const run = await simulate(3, {});
    const tenSecond = [...run.store.windows.values()].filter((w) => w.sizeMs === 10_000 && w.stationId === 'st-01' && w.metric === 'temperature');
    // 3 minutes of 10-s windows, the last one or two still open (watermark lags by the allowed lateness).
    expect(tenSecond.length).toBeGreaterThanOrEqual(16);
    expect(tenSecond.every((w) => w.count === 10)).toBe(true);
    const rows = run.frames.reduce((n, f) => n + f.raw.ts.length, 0);
    // Every simulated reading carries the catalogue's metrics: 9 physical ones and 6 pollutants.
    const metrics = KNOWN_METRICS.length;
    expect(metrics).toBe(15);
    expect(rows).toBe(12 * 180 * metrics);
    expect(run.frames.some((f) => f.windows.start.length > 0 && f.city.mean.length === metrics)).toBe(true);
  });
});
