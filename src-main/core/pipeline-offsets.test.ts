/** Offsets follow storage: a Kafka position is safe to commit only when no open window needs it. */
import { describe, expect, it } from 'vitest';
import { MAX_PENDING_WRITES, Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings } from '../../src-shared/settings/schema';
import type { RawMessage } from '../../src-shared/domain/reading';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';

const encoder = new TextEncoder();
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

function message(offset: number, ts: number, partition = 0): RawMessage {
  const value = encoder.encode(JSON.stringify({ station_id: 'st-01', ts: new Date(ts).toISOString(), temperature: 20 + offset / 100 }));
  return { value, position: { topic: 'readings', partition, offset: String(offset) }, receivedAt: ts };
}

function pipelineWith(sizesMs: number[], store = new MemoryStore()) {
  const base = defaultSettings();
  const settings = { ...base, windows: { ...base.windows, sizesMs, allowedLatenessMs: 0 } };
  let clock = T0;
  const pipeline = new Pipeline({ settings, store, now: () => clock, onFrame: () => undefined, onAlarm: () => undefined });
  return { pipeline, store, setClock: (t: number) => (clock = t) };
}

describe('pipeline offsets', () => {
  it('commits nothing while the readings still sit in open windows, then up to the oldest open window', async () => {
    const { pipeline } = pipelineWith([10_000, 60_000]);
    // Offsets 0..29 one second apart: windows [0,10), [10,20), [20,30) s and the minute window are open or closing.
    await pipeline.onBatch({ kind: 'raw', messages: Array.from({ length: 30 }, (_, i) => message(i, T0 + i * 1000)) });
    await pipeline.flush();
    // The 1-minute window starting at T0 is still open: every offset may be needed to rebuild it, so the
    // safe position is the very first one (a restart re-reads everything).
    expect(pipeline.safePositions().positions).toEqual([{ topic: 'readings', partition: 0, offset: '0' }]);
    // Event time reaches the next minute: the first minute closes and is stored.
    await pipeline.onBatch({ kind: 'raw', messages: Array.from({ length: 40 }, (_, i) => message(30 + i, T0 + (30 + i) * 1000)) });
    await pipeline.flush();
    const { positions, resumeFrom } = pipeline.safePositions();
    expect(resumeFrom).toBe(T0 + 60_000);
    // The first batch (offsets 0..29) is wholly before the open minute; the second holds readings of it.
    expect(positions).toEqual([{ topic: 'readings', partition: 0, offset: '30' }]);
  });

  it('a batch of rejected messages never holds the commit back', async () => {
    const { pipeline } = pipelineWith([10_000]);
    const bad: RawMessage = { value: encoder.encode('not json'), position: { topic: 'readings', partition: 1, offset: '7' }, receivedAt: T0 };
    await pipeline.onBatch({ kind: 'raw', messages: [bad] });
    await pipeline.flush();
    expect(pipeline.safePositions().positions).toEqual([{ topic: 'readings', partition: 1, offset: '8' }]);
    expect(pipeline.counters().rejected).toEqual({ 'not-json': 1 });
  });

  it('does not wait for the store to take the next batch, but the positions a pending write covers are not safe', async () => {
    let release: (() => void) | null = null;
    class SlowStore extends MemoryStore {
      override async writeWindows(windows: readonly WindowAggregate[]): Promise<void> {
        await new Promise<void>((resolve) => (release = resolve));
        await super.writeWindows(windows);
      }
    }
    const { pipeline } = pipelineWith([10_000], new SlowStore());
    await pipeline.onBatch({ kind: 'raw', messages: Array.from({ length: 10 }, (_, i) => message(i, T0 + i * 1000)) });
    // The second batch closes [0,10) s; its write hangs, yet the batch is taken (the write is in flight).
    await pipeline.onBatch({ kind: 'raw', messages: [message(10, T0 + 10_000), message(11, T0 + 11_000)] });
    expect(pipeline.pendingWriteRows()).toBeGreaterThan(0);
    expect(pipeline.safePositions().positions).toEqual([{ topic: 'readings', partition: 0, offset: '0' }]);
    (release as unknown as () => void)();
    await pipeline.flush();
    expect(pipeline.pendingWriteRows()).toBe(0);
    expect(pipeline.safePositions().positions).toEqual([{ topic: 'readings', partition: 0, offset: '10' }]);
  });

  it('after a restart, readings before the resume point count as late and do not reopen stored windows', async () => {
    const { pipeline } = pipelineWith([10_000]);
    pipeline.resumeFrom(T0 + 10_000);
    await pipeline.onBatch({ kind: 'raw', messages: [message(0, T0 + 5_000), message(1, T0 + 12_000)] });
    expect(pipeline.counters().late).toBe(1);
    expect(pipeline.counters().readings).toBe(2);
  });

  it('holds at most MAX_PENDING_WRITES writes in flight: the next batch waits for the oldest (backpressure)', async () => {
    const releases: (() => void)[] = [];
    class HangingStore extends MemoryStore {
      override async writeWindows(windows: readonly WindowAggregate[]): Promise<void> {
        await new Promise<void>((resolve) => releases.push(resolve));
        await super.writeWindows(windows);
      }
    }
    const { pipeline } = pipelineWith([10_000], new HangingStore());
    // Each batch moves event time 10 s on, so each closes one window and starts one write.
    const batch = (i: number) => ({ kind: 'raw' as const, messages: [message(i, T0 + i * 10_000)] });
    for (let i = 0; i <= MAX_PENDING_WRITES; i++) await pipeline.onBatch(batch(i));
    expect(releases.length).toBe(MAX_PENDING_WRITES);
    let taken = false;
    const blocked = pipeline.onBatch(batch(MAX_PENDING_WRITES + 1)).then(() => (taken = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(taken).toBe(false);
    releases.shift()!();
    await blocked;
    expect(taken).toBe(true);
    for (const release of releases.splice(0)) release();
    await new Promise((r) => setTimeout(r, 0));
    for (const release of releases.splice(0)) release();
    await pipeline.flush();
    expect(pipeline.counters().readings).toBe(MAX_PENDING_WRITES + 2);
  });

  it('after a failed write, nothing later is recorded as safe and the next batch fails in plain words', async () => {
    let fail = false;
    class FailingStore extends MemoryStore {
      override async writeWindows(windows: readonly WindowAggregate[]): Promise<void> {
        if (fail) throw new Error('disk on fire');
        await super.writeWindows(windows);
      }
    }
    const { pipeline } = pipelineWith([10_000], new FailingStore());
    await pipeline.onBatch({ kind: 'raw', messages: [message(0, T0)] });
    await pipeline.onBatch({ kind: 'raw', messages: [message(1, T0 + 10_000)] });
    await pipeline.flush();
    const before = pipeline.safePositions().positions;
    fail = true;
    await pipeline.onBatch({ kind: 'raw', messages: [message(2, T0 + 20_000)] });
    await expect(pipeline.flush()).rejects.toThrow(/store refused a write.*disk on fire/);
    await expect(pipeline.onBatch({ kind: 'raw', messages: [message(3, T0 + 30_000)] })).rejects.toThrow(/disk on fire/);
    expect(pipeline.safePositions().positions).toEqual(before);
  });
});
