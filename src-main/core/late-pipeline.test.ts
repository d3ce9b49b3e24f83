/**
 * Late readings through the whole pipeline: merged (handed to the store's merge), raising no notification
 * (live rules act on live data only), and refused in plain words beyond the horizon (the window retention).
 */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings, SettingsSchema } from '../../src-shared/settings/schema';
import type { Alarm } from '../../src-shared/domain/alarms';
import type { RawMessage, Reading } from '../../src-shared/domain/reading';
import type { LateBatch } from './windows/late-values';
import type { LateProgress } from './ports';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const DAY = 86_400_000;

/** A memory store that keeps the late batches it is asked to merge. */
class MergingStore extends MemoryStore {
  readonly merged: LateBatch[] = [];
  override mergeLate(batch: LateBatch): Promise<void> {
    this.merged.push(batch);
    return Promise.resolve();
  }
}

function heat(stationId: string, from: number, seconds: number, temperature: number): Reading[] {
  return Array.from({ length: seconds }, (_, s) => ({ stationId, ts: from + s * 1000, metrics: { temperature } }));
}

describe('late readings in the pipeline', () => {
  it('merges a late upload into the stored windows and raises no notification for it; the same data live does', async () => {
    let now = T0 + 600_000;
    const store = new MergingStore();
    const alarms: Alarm[] = [];
    const pipeline = new Pipeline({ settings: defaultSettings(), store, now: () => now, onFrame: () => undefined, onAlarm: (c) => alarms.push(c.alarm) });
    // Station a live at 20 °C for 10 minutes; logger b uploads 5 minutes at 45 °C (an extreme-heat mean) afterwards.
    for (let m = 0; m < 10; m++) await pipeline.onBatch({ kind: 'readings', readings: heat('a', T0 + m * 60_000, 60, 20) });
    await pipeline.onBatch({ kind: 'readings', readings: heat('b', T0, 300, 45) });
    now += 1_000;
    await pipeline.tick();
    await pipeline.flush();
    const values = store.merged.reduce((n, b) => n + b.values.length, 0);
    expect(values).toBe(300);
    expect(store.merged.flatMap((b) => b.stationIds)).toEqual(Array.from({ length: 300 }, () => 'b'));
    expect(pipeline.counters().late).toBe(300);
    expect(alarms.filter((a) => a.stationId === 'b')).toEqual([]);

    // Control: the same heat arriving live does raise the extreme-heat alarm, so the silence above is the rule.
    for (let m = 10; m < 12; m++) await pipeline.onBatch({ kind: 'readings', readings: heat('b', T0 + m * 60_000, 60, 45) });
    now += 130_000;
    await pipeline.tick();
    expect(alarms.filter((a) => a.stationId === 'b' && a.ruleId === 'temperature-extreme').length).toBeGreaterThan(0);
  });

  it('refuses a reading further behind than the window retention, in plain words, and merges nothing of it', async () => {
    const now = T0 + 3 * DAY;
    const store = new MergingStore();
    const settings = SettingsSchema.parse({ ...defaultSettings(), store: { ...defaultSettings().store, windowRetentionDays: 1 } });
    const pipeline = new Pipeline({ settings, store, now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'a', ts: T0 + 2 * DAY, metrics: { temperature: 20 } }] });
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'b', ts: T0, metrics: { temperature: 21 } }, { stationId: 'b', ts: T0 + 2 * DAY - 3_600_000, metrics: { temperature: 22 } }] });
    await pipeline.flush();
    const refused = pipeline.quarantined();
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ reason: 'too-late' });
    expect(refused[0]!.detail).toContain('more than 1 day (the window retention)');
    expect(pipeline.counters().rejected['too-late']).toBe(1);
    // The reading an hour behind is inside the horizon: merged.
    expect(store.merged.flatMap((b) => b.values)).toEqual([22]);
  });

  it('skips a Kafka batch redelivered to the same process (a reconnect re-reads from the last commit): nothing merged twice', async () => {
    let now = T0 + 120_000;
    const store = new MergingStore();
    const pipeline = new Pipeline({ settings: defaultSettings(), store, now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    const encoder = new TextEncoder();
    const message = (offset: number, stationId: string, ts: number): RawMessage => ({
      value: encoder.encode(JSON.stringify({ station_id: stationId, ts: new Date(ts).toISOString(), temperature: 20 + (offset % 7) })),
      position: { topic: 'readings', partition: 0, offset: String(offset) },
      receivedAt: now,
    });
    // Station a live for two minutes, then b's upload of the same two minutes (late), all in one partition.
    const live = Array.from({ length: 120 }, (_, i) => message(i, 'a', T0 + i * 1000));
    const upload = Array.from({ length: 120 }, (_, i) => message(120 + i, 'b', T0 + i * 1000));
    await pipeline.onBatch({ kind: 'raw', messages: live });
    await pipeline.onBatch({ kind: 'raw', messages: upload });
    const merged = store.merged.reduce((n, b) => n + b.values.length, 0);
    const before = pipeline.counters();
    expect(merged).toBeGreaterThan(100);
    // The broker comes back and the consumer re-reads everything since the last commit (here: all of it).
    now += 1_000;
    await pipeline.onBatch({ kind: 'raw', messages: [...live, ...upload] });
    const after = pipeline.counters();
    expect(store.merged.reduce((n, b) => n + b.values.length, 0)).toBe(merged);
    expect(after.readings).toBe(before.readings);
    expect(after.late).toBe(before.late);
    expect(after.duplicates).toBe(before.duplicates + 240);
    // New messages after the redelivered ones are taken as usual.
    await pipeline.onBatch({ kind: 'raw', messages: [message(240, 'a', T0 + 121_000)] });
    expect(pipeline.counters().readings).toBe(before.readings + 1);
  });
  it('hands each step\'s progress to its last window write: the merge when the step has one, else the windows', async () => {
    let now = T0 + 120_000;
    const written: { op: string; offset: string | undefined }[] = [];
    class ProgressStore extends MergingStore {
      override writeWindows(windows: Parameters<MemoryStore['writeWindows']>[0], progress?: LateProgress): Promise<void> {
        written.push({ op: 'windows', offset: progress?.processed[0]?.offset });
        return super.writeWindows(windows);
      }
      override mergeLate(batch: LateBatch, progress?: LateProgress): Promise<void> {
        written.push({ op: 'late', offset: progress?.processed[0]?.offset });
        return super.mergeLate(batch);
      }
      saveLateProgress(): Promise<void> {
        return Promise.resolve();
      }
    }
    const store = new ProgressStore();
    const pipeline = new Pipeline({ settings: defaultSettings(), store, now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    const encoder = new TextEncoder();
    const message = (offset: number, stationId: string, ts: number): RawMessage => ({
      value: encoder.encode(JSON.stringify({ station_id: stationId, ts: new Date(ts).toISOString(), temperature: 20 })),
      position: { topic: 'readings', partition: 0, offset: String(offset) },
      receivedAt: now,
    });
    // Two minutes live (closing windows), then a late upload of the same minutes: its step writes windows and a merge.
    await pipeline.onBatch({ kind: 'raw', messages: Array.from({ length: 120 }, (_, i) => message(i, 'a', T0 + i * 1000)) });
    await pipeline.onBatch({ kind: 'raw', messages: Array.from({ length: 30 }, (_, i) => message(120 + i, 'b', T0 + i * 1000)) });
    now += 1_000;
    await pipeline.flush();
    const withProgress = written.filter((w) => w.offset !== undefined);
    expect(withProgress.length).toBeGreaterThan(0);
    // The live step's windows carry its progress (offsets through 119); the late step's merge carries its own (through 149), its windows none.
    expect(withProgress.find((w) => w.op === 'windows')?.offset).toBe('120');
    expect(written.filter((w) => w.op === 'late')).toEqual([{ op: 'late', offset: '150' }]);
    // No windows write carries the late step's progress: the merge saves it, after the merge.
    expect(written.filter((w) => w.op === 'windows' && w.offset === '150')).toEqual([]);
  });

  it('saves progress covering every reading of the windows it stores, including a partition whose own step closed nothing', async () => {
    let now = T0 + 300_000;
    const writes: { stations: Set<string>; progress: LateProgress | undefined }[] = [];
    class ProgressStore extends MergingStore {
      override writeWindows(windows: Parameters<MemoryStore['writeWindows']>[0], progress?: LateProgress): Promise<void> {
        writes.push({ stations: new Set(windows.map((w) => w.stationId)), progress });
        return super.writeWindows(windows);
      }
      saveLateProgress(): Promise<void> {
        return Promise.resolve();
      }
    }
    const store = new ProgressStore();
    const pipeline = new Pipeline({ settings: defaultSettings(), store, now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    pipeline.onAssignment([{ topic: 'readings', partition: 0 }, { topic: 'readings', partition: 1 }]);
    const encoder = new TextEncoder();
    const message = (partition: number, offset: number, stationId: string, ts: number): RawMessage => ({
      value: encoder.encode(JSON.stringify({ station_id: stationId, ts: new Date(ts).toISOString(), temperature: 20 })),
      position: { topic: 'readings', partition, offset: String(offset) },
      receivedAt: now,
    });
    // Station a (partition 0) sends two minutes; the watermark waits for partition 1, so this step closes nothing.
    await pipeline.onBatch({ kind: 'raw', messages: Array.from({ length: 120 }, (_, i) => message(0, i, 'a', T0 + i * 1000)) });
    expect(writes).toEqual([]);
    // Station b (partition 1) catches up: this step closes the first minute of both stations.
    await pipeline.onBatch({ kind: 'raw', messages: Array.from({ length: 120 }, (_, i) => message(1, i, 'b', T0 + i * 1000)) });
    now += 1_000;
    await pipeline.tick();
    await pipeline.flush();
    const withA = writes.filter((w) => w.stations.has('a'));
    expect(withA.length).toBeGreaterThan(0);
    // After a restart, a message of partition 0 before `processed` whose window is stored is not merged again:
    // the progress stored with a's windows must reach past a's messages, or a re-read of them counts twice.
    for (const write of withA) expect(write.progress?.processed).toContainEqual({ topic: 'readings', partition: 0, offset: '120' });
  });

  it('stores no window holding a reading its progress does not cover, with ticks between the slices of a large batch', async () => {
    let now = T0 + 7_200_000;
    const STEP_MS = 100;
    const writes: { windows: { start: number; sizeMs: number }[]; progress: LateProgress | undefined }[] = [];
    class ProgressStore extends MergingStore {
      override writeWindows(windows: Parameters<MemoryStore['writeWindows']>[0], progress?: LateProgress): Promise<void> {
        writes.push({ windows: windows.filter((w) => w.stationId === 'a').map((w) => ({ start: w.start, sizeMs: w.sizeMs })), progress });
        return super.writeWindows(windows);
      }
      saveLateProgress(): Promise<void> {
        return Promise.resolve();
      }
    }
    const pipeline = new Pipeline({ settings: defaultSettings(), store: new ProgressStore(), now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    pipeline.onAssignment([{ topic: 'readings', partition: 0 }]);
    const encoder = new TextEncoder();
    // Offset i holds station a's reading at T0 + i × 100 ms: an hour and a half in one partition.
    const messages = Array.from({ length: 54_000 }, (_, i): RawMessage => ({
      value: encoder.encode(JSON.stringify({ station_id: 'a', ts: new Date(T0 + i * STEP_MS).toISOString(), temperature: 20 })),
      position: { topic: 'readings', partition: 0, offset: String(i) },
      receivedAt: now,
    }));
    let done = false;
    let ticks = 0;
    const taking = pipeline.onBatch({ kind: 'raw', messages: messages.slice(0, 18_000) }).then(() => pipeline.onBatch({ kind: 'raw', messages: messages.slice(18_000) })).finally(() => (done = true));
    // The engine's timer: the clock moves and tick() runs between the batches' slices.
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      if (done) break;
      now += 50;
      await pipeline.tick();
      ticks++;
    }
    await taking;
    await pipeline.flush();
    expect(ticks).toBeGreaterThan(0);
    expect(writes.some((w) => w.windows.length > 0)).toBe(true);
    for (const write of writes) {
      if (write.windows.length === 0) continue;
      // The newest offset any stored window holds must be before the progress saved with it.
      const newest = Math.max(...write.windows.map((w) => Math.ceil((w.start + w.sizeMs - T0) / STEP_MS) - 1));
      const processed = Number(write.progress?.processed.find((p) => p.partition === 0)?.offset ?? -1);
      expect(processed, `windows up to offset ${newest} stored with progress ${processed}`).toBeGreaterThan(newest);
    }
  });

  it('at an assignment, the drop beyond the partitions\' ends is queued before the first batch\'s writes (issue 15, a topic created again)', async () => {
    let now = T0 + 10 * 60_000;
    const order: string[] = [];
    class OrderStore extends MergingStore {
      override writeWindows(windows: Parameters<MemoryStore['writeWindows']>[0]): Promise<void> {
        if (windows.length > 0) order.push('windows');
        return super.writeWindows(windows);
      }
      saveLateProgress(): Promise<void> {
        return Promise.resolve();
      }
      dropLateProgressBeyond(ends: readonly { offset: string }[], at: number): Promise<void> {
        order.push(`drop ${ends.map((e) => e.offset).join(',')} at ${at}`);
        return Promise.resolve();
      }
    }
    const pipeline = new Pipeline({ settings: defaultSettings(), store: new OrderStore(), now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    const encoder = new TextEncoder();
    const message = (offset: number, ts: number): RawMessage => ({
      value: encoder.encode(JSON.stringify({ station_id: 'a', ts: new Date(ts).toISOString(), temperature: 20 })),
      position: { topic: 'readings', partition: 0, offset: String(offset) },
      receivedAt: now,
    });
    const ready = pipeline.onAssignment([{ topic: 'readings', partition: 0 }], async () => [{ topic: 'readings', partition: 0, offset: '120' }]);
    await ready;
    await pipeline.onBatch({ kind: 'raw', messages: Array.from({ length: 120 }, (_, i) => message(i, T0 + i * 1000)) });
    now += 1_000;
    await pipeline.flush();
    expect(order[0]).toBe(`drop 120 at ${T0 + 10 * 60_000}`);
    expect(order.slice(1)).toContain('windows');
  });

  it('a partition fetched again from below what was taken: a new log (its end below) asks for a new engine; a redelivery does not', async () => {
    const now = T0 + 10 * 60_000;
    const restarts: string[] = [];
    const warnings: string[] = [];
    const options = { settings: defaultSettings(), store: new MergingStore(), now: () => now, onFrame: () => undefined, onAlarm: () => undefined, onWarning: (text: string) => void warnings.push(text) };
    const pipeline = new Pipeline({ ...options, onRestartNeeded: (reason) => void restarts.push(reason) });
    const encoder = new TextEncoder();
    const batch = (from: number, count: number) => ({
      kind: 'raw' as const,
      messages: Array.from({ length: count }, (_, i): RawMessage => ({ value: encoder.encode(JSON.stringify({ station_id: 'a', ts: new Date(T0 + (from + i) * 1000).toISOString(), temperature: 20 })), position: { topic: 'readings', partition: 0, offset: String(from + i) }, receivedAt: now })),
    });
    const partition = { topic: 'readings', partition: 0 };
    pipeline.onAssignment([partition]);
    await pipeline.onBatch(batch(0, 300));
    // Fetched again from offset 100 while the partition ends at 300: messages it had read (a redelivery).
    await pipeline.onRewind(partition, async () => [{ ...partition, offset: '300' }]);
    expect(restarts).toEqual([]);
    // The partition now ends at 40, below the 300 taken: a new log, whose messages below 300 would be skipped.
    await pipeline.onRewind(partition, async () => [{ ...partition, offset: '40' }]);
    expect(restarts).toEqual([expect.stringMatching(/^topic "readings" partition 0 is not, from offset 40 on, the log this engine read up to offset 300: deleted and created again/)]);
    expect(warnings).toEqual([]);
    // Without a way to be replaced (an engine run in-process), the reason goes to the log.
    const alone = new Pipeline(options);
    alone.onAssignment([partition]);
    await alone.onBatch(batch(0, 300));
    await alone.onRewind(partition, async () => [{ ...partition, offset: '40' }]);
    expect(warnings).toEqual([restarts[0]]);
  });
});
