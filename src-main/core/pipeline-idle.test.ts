/** When input stops, event time follows the wall clock after the idle timeout, so the last windows still close. */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings } from '../../src-shared/settings/schema';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('pipeline when the input goes idle', () => {
  it('closes the open windows after the idle timeout, not before', async () => {
    let now = T0;
    const base = defaultSettings();
    const settings = { ...base, windows: { sizesMs: [10_000, 60_000], allowedLatenessMs: 5_000, idleTimeoutMs: 15_000 } };
    const store = new MemoryStore();
    const pipeline = new Pipeline({ settings, store, now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    const readings = Array.from({ length: 25 }, (_, i) => ({ stationId: 'st-01', ts: T0 + i * 1000, metrics: { humidity: 60 + i } }));
    now = T0 + 25_000;
    await pipeline.onBatch({ kind: 'readings', readings });
    const closedBy = (sizeMs: number) => [...store.windows.values()].filter((w) => w.stationId === 'st-01' && w.sizeMs === sizeMs).map((w) => w.start - T0);
    // Watermark = 24 s − 5 s lateness: only [0, 10 s) has closed.
    expect(closedBy(10_000)).toEqual([0]);
    now += 14_000;
    await pipeline.tick();
    expect(closedBy(10_000)).toEqual([0]);
    // Past the idle timeout the watermark runs with the clock: 24 s − 5 s + 16 s idle = 35 s closes [10, 20) and [20, 30).
    now += 2_000;
    await pipeline.tick();
    expect(closedBy(10_000)).toEqual([0, 10_000, 20_000]);
    expect(closedBy(60_000)).toEqual([]);
    // 41 s of idleness later the minute [0, 60 s) closes too, with all 25 readings.
    now += 25_000;
    await pipeline.tick();
    expect(closedBy(60_000)).toEqual([0]);
    expect([...store.windows.values()].find((w) => w.sizeMs === 60_000 && w.stationId === 'st-01')?.count).toBe(25);
  });
});
