/**
 * Pending conditions in the UI frames: the frame builder lists what it is given, and the pipeline hands it
 * the rule engine's pending conditions on every frame, from the breach until the alarm (or the dip).
 */
import { describe, expect, it } from 'vitest';
import { FrameBuilder } from './frame-builder';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings } from '../../src-shared/settings/schema';
import { ThresholdRuleSchema } from '../../src-shared/domain/rules';
import type { PendingCondition, StreamFrame } from '../../src-shared/ipc/frame';
import type { Alarm } from '../../src-shared/domain/alarms';

const pending: PendingCondition = {
  ruleId: 'heat', ruleName: 'Heat', stationId: 'st-01', metric: 'temperature', statistic: 'value', windowMs: null,
  operator: '>', level: 40, severity: 'critical', value: 41.3, since: 1000, dueAt: 21_000,
};

describe('FrameBuilder pending list', () => {
  it('lists the pending conditions and their total, and leaves the field out when there are none', () => {
    const builder = new FrameBuilder();
    const frame = builder.build(5000, [], 0, null, { list: [pending], total: 3 });
    expect(frame.pending).toEqual([pending]);
    expect(frame.pendingTotal).toBe(3);
    const next = builder.build(5100, [], 0, null);
    expect(next.pending).toBeUndefined();
    expect('pending' in next).toBe(false);
  });
});

const T0 = Date.UTC(2026, 6, 1, 12, 0, 0);

/** A pipeline with one raw-value rule (> 40, pending 20 s) fed one reading a second of wall = event time. */
function heatPipeline() {
  const settings = defaultSettings();
  settings.rules = [ThresholdRuleSchema.parse({ kind: 'threshold', id: 'heat', name: 'Heat', severity: 'critical', metric: 'temperature', statistic: 'value', operator: '>', level: 40, clearLevel: 38, pendingMs: 20_000 })];
  let clock = T0;
  const frames: StreamFrame[] = [];
  const alarms: Alarm[] = [];
  const pipeline = new Pipeline({ settings, store: new MemoryStore(), now: () => clock, onFrame: (f) => frames.push(f), onAlarm: (c) => alarms.push(c.alarm) });
  async function second(stationId: string, temperature: number): Promise<StreamFrame | undefined> {
    clock += 1000;
    const before = frames.length;
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId, ts: clock, metrics: { temperature } }] });
    await pipeline.tick();
    return frames.slice(before).at(-1);
  }
  return { pipeline, frames, alarms, second, now: () => clock };
}

describe('pipeline frames list pending conditions', () => {
  it('from the first breach until the alarm, with a due time the alarm keeps', async () => {
    const run = heatPipeline();
    expect((await run.second('st-01', 30))?.pending).toBeUndefined();
    const breachAt = run.now() + 1000;
    const first = await run.second('st-01', 41.3);
    expect(first?.pending).toEqual([{ ...pending, value: 41.3, since: breachAt, dueAt: breachAt + 20_000 }]);
    for (let i = 1; i < 20; i++) {
      const frame = await run.second('st-01', 41 + i / 10);
      expect(frame?.pending?.[0]).toMatchObject({ stationId: 'st-01', since: breachAt, value: 41 + i / 10 });
    }
    expect(run.alarms).toEqual([]);
    const fired = await run.second('st-01', 42);
    expect(run.alarms).toMatchObject([{ id: 'heat@st-01', activatedAt: breachAt + 20_000 }]);
    expect(fired?.pending).toBeUndefined();
  });

  it('drops the pending row when the value dips, and lists no station out of service', async () => {
    const run = heatPipeline();
    expect((await run.second('st-01', 41))?.pending).toHaveLength(1);
    expect((await run.second('st-01', 39))?.pending).toBeUndefined();
    await run.pipeline.setOutOfService({ stationId: 'st-02', metric: null, comment: null, by: 'test' }, true, async () => undefined);
    expect((await run.second('st-02', 45))?.pending).toBeUndefined();
    expect((await run.second('st-01', 45))?.pending?.map((p) => p.stationId)).toEqual(['st-01']);
  });
});
