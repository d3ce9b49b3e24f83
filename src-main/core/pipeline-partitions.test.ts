/**
 * Partitions out of step in event time (a backlog, a re-read after a restart): the slowest assigned
 * partition holds the watermark, so nothing from the others is counted late and windows are complete.
 */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings } from '../../src-shared/settings/schema';
import type { RawMessage } from '../../src-shared/domain/reading';

const encoder = new TextEncoder();
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

function message(partition: number, offset: number, station: string, ts: number): RawMessage {
  return { value: encoder.encode(JSON.stringify({ station_id: station, ts: new Date(ts).toISOString(), noise_level: 50 })), position: { topic: 't', partition, offset: String(offset) }, receivedAt: ts };
}

/** n readings one second apart for a station of a partition, starting at `from`. */
function run(partition: number, station: string, from: number, n: number): RawMessage[] {
  return Array.from({ length: n }, (_, i) => message(partition, i, station, from + i * 1000));
}

function pipeline(store = new MemoryStore()) {
  const base = defaultSettings();
  const settings = { ...base, windows: { sizesMs: [10_000, 60_000], allowedLatenessMs: 5_000, idleTimeoutMs: 15_000 } };
  // Wall clock an hour after the data, so no reading counts as "from the future".
  return new Pipeline({ settings, store, now: () => T0 + 3_600_000, onFrame: () => undefined, onAlarm: () => undefined });
}

describe('pipeline with partitions out of step', () => {
  it('a partition delivered far ahead does not make the other partition late', async () => {
    const store = new MemoryStore();
    const p = pipeline(store);
    p.onAssignment([{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }]);
    // Partition 0 arrives first with 4 minutes of readings; partition 1 then brings the same 4 minutes.
    expect(await p.onBatch({ kind: 'raw', messages: run(0, 'a', T0, 240) })).toBeUndefined();
    expect(await p.onBatch({ kind: 'raw', messages: run(1, 'b', T0, 240) })).toBeUndefined();
    expect(p.counters().late).toBe(0);
    const b = [...store.windows.values()].filter((w) => w.stationId === 'b' && w.sizeMs === 60_000);
    expect(b.map((w) => w.count)).toEqual([60, 60, 60]);
    const city = [...store.windows.values()].filter((w) => w.stationId === '*' && w.sizeMs === 10_000);
    expect(city.every((w) => w.count === 20)).toBe(true);
  });

  it('after a restart, a partition more than the skew ahead waits and is re-delivered; nothing is late or lost', async () => {
    const store = new MemoryStore();
    const p = pipeline(store);
    p.onAssignment([{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }]);
    p.resumeFrom(T0);
    // Like kafkajs: partitions take turns; what a batch did not take is fetched again.
    const queues = [run(0, 'a', T0, 900), run(1, 'b', T0, 900)];
    let cut = 0;
    for (let turn = 0; queues.some((q) => q.length > 0) && turn < 100; turn++) {
      const queue = queues[turn % 2]!;
      if (queue.length === 0) continue;
      const batch = queue.splice(0, 700);
      const taken = await p.onBatch({ kind: 'raw', messages: batch });
      if (typeof taken === 'number') {
        cut++;
        queue.unshift(...batch.slice(taken));
      }
    }
    expect(queues.every((q) => q.length === 0)).toBe(true);
    expect(cut).toBeGreaterThan(0);
    expect(p.counters().late).toBe(0);
    expect(p.counters().readings).toBe(1800);
    const minutes = [...store.windows.values()].filter((w) => w.stationId !== '*' && w.sizeMs === 60_000);
    expect(minutes.every((w) => w.count === 60)).toBe(true);
  });

  it('an assigned partition that never delivers stops holding the others after the idle timeout', async () => {
    let now = T0;
    const base = defaultSettings();
    const settings = { ...base, windows: { sizesMs: [10_000], allowedLatenessMs: 0, idleTimeoutMs: 15_000 } };
    const store = new MemoryStore();
    const p = new Pipeline({ settings, store, now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    p.onAssignment([{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }]);
    await p.onBatch({ kind: 'raw', messages: run(0, 'a', T0, 30) });
    expect(store.windows.size).toBe(0);
    now = T0 + 16_000;
    await p.onBatch({ kind: 'raw', messages: [message(0, 30, 'a', T0 + 30_000)] });
    expect([...store.windows.values()].filter((w) => w.stationId === 'a').map((w) => w.count)).toEqual([10, 10, 10]);
  });
});
