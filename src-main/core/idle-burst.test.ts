/**
 * Idle, then a burst (issue "late and backfilled data"): after the source has been idle longer than
 * windows.idleTimeoutMs, the first large batch used to be counted mostly late although its times were
 * current. Ingest updated the newest event time per reading but the time of the last input only at the
 * end of the batch; the tick that runs between slices then pushed the watermark minutes ahead mid-batch.
 * Here a fake clock moves and tick() runs between the batch's slices, deterministically.
 */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings } from '../../src-shared/settings/schema';
import type { Reading } from '../../src-shared/domain/reading';
import { seededRandom } from '../../src-shared/test-support/seeded-random';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

function setup() {
  const base = defaultSettings();
  const settings = { ...base, windows: { ...base.windows, sizesMs: [10_000, 60_000], allowedLatenessMs: 5_000, idleTimeoutMs: 15_000 } };
  let now = T0;
  const pipeline = new Pipeline({ settings, store: new MemoryStore(), now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
  return { pipeline, clock: { get: () => now, pass: (ms: number) => (now += ms) } };
}

/** `count` readings of 100 stations with event times from `from`, `stepMs` apart (current data). */
function burst(from: number, count: number, stepMs: number): Reading[] {
  return Array.from({ length: count }, (_, i) => ({ stationId: `st-${i % 100}`, ts: from + Math.floor(i * stepMs), metrics: { temperature: 20 } }));
}

/** Runs onBatch while a timer loop moves the clock by `tickMs` and calls tick(), as the engine's timer does. */
async function withTicks(run: ReturnType<typeof setup>, batch: Reading[], tickMs: number): Promise<number> {
  let done = false;
  let ticks = 0;
  const taking = run.pipeline.onBatch({ kind: 'readings', readings: batch }).finally(() => (done = true));
  while (!done) {
    await new Promise((resolve) => setImmediate(resolve));
    if (done) break;
    run.clock.pass(tickMs);
    await run.pipeline.tick();
    ticks++;
  }
  await taking;
  return ticks;
}

describe('idle, then a burst of current data', () => {
  it('counts none of the burst late, with ticks between its slices', async () => {
    const run = setup();
    await run.pipeline.onBatch({ kind: 'readings', readings: burst(T0 - 1_000, 100, 10) });
    // Three minutes without input: the idle rule closes the windows that were open.
    for (let i = 0; i < 180; i++) {
      run.clock.pass(1_000);
      await run.pipeline.tick();
    }
    const ticks = await withTicks(run, burst(run.clock.get(), 100_000, 1), 1_000);
    expect(ticks).toBeGreaterThan(0);
    expect(run.pipeline.counters().late).toBe(0);
  });

  it('property: random idle gaps, batch sizes and ticks never count a reading late that is within the lateness of the newest time before it', async () => {
    const random = seededRandom(2026);
    for (let trial = 0; trial < 12; trial++) {
      const run = setup();
      let newest = Number.NEGATIVE_INFINITY;
      let lateAllowed = 0;
      for (let step = 0; step < 6; step++) {
        const idleMs = Math.floor(random() * 60_000);
        for (let t = 0; t < idleMs; t += 1_000) {
          run.clock.pass(1_000);
          await run.pipeline.tick();
        }
        // Current data: event times up to a second long, 4–5 s behind the wall clock, in order.
        const count = 1 + Math.floor(random() * 30_000);
        const batch = burst(run.clock.get() - 5_000, count, (random() * 1_000) / count);
        for (const r of batch) if (r.ts < newest - 5_000) lateAllowed++;
        for (const r of batch) newest = Math.max(newest, r.ts);
        await withTicks(run, batch, 200 + Math.floor(random() * 2_000));
      }
      expect(run.pipeline.counters().late, `trial ${trial}`).toBeLessThanOrEqual(lateAllowed);
    }
  });
});
