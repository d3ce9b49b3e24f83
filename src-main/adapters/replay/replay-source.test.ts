import { afterAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../../src-shared/domain/reading';
import type { SourceState } from '../../../src-shared/ipc/status';
import type { BatchHandler, SourceBatch } from '../../core/ports';
import type { ReplayReject } from './recording-decoder';
import type { ReplayClock } from './replay-clock';
import { ReplaySource, type ReplaySourceOptions } from './replay-source';
import { mapping, samplePath, scratchDirectory } from './recording-test-files';
import type { RecordingFormat } from './column-mapping';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

const WALL_START = Date.UTC(2030, 5, 1);

/** A clock that only moves when the source sleeps: sleeping n ms moves it n ms. */
function fakeClock(): ReplayClock & { sleeps: number[] } {
  let now = WALL_START;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** Records each batch with the clock reading when it arrived, and the status changes. */
function recorder(clock: ReplayClock, onBatch?: (batch: Reading[]) => Promise<void> | void) {
  const batches: { at: number; readings: Reading[] }[] = [];
  const statuses: [SourceState, string | null][] = [];
  const handler: BatchHandler = {
    async onBatch(batch: SourceBatch) {
      if (batch.kind !== 'readings') throw new Error('replay hands on readings');
      batches.push({ at: clock.now(), readings: [...batch.readings] });
      await onBatch?.([...batch.readings]);
    },
    onStatus: (state, detail) => statuses.push([state, detail]),
  };
  return { handler, batches, statuses, readings: () => batches.flatMap((b) => b.readings) };
}

function source(path: string, speed: number, options: ReplaySourceOptions, format: RecordingFormat | null = null): ReplaySource {
  return new ReplaySource({ path, speed, format, columns: mapping() }, options);
}

describe('ReplaySource', () => {
  it('replays at 1× and 10× with the same readings, each handed on when its scaled recorded time comes', async () => {
    const runs = [];
    for (const speed of [1, 10]) {
      const clock = fakeClock();
      const rec = recorder(clock);
      const replay = source(samplePath('jsonl'), speed, { clock, tickMs: 0 });
      await replay.start(rec.handler);
      await replay.done();
      runs.push(rec);
      const first = rec.readings()[0]?.ts as number;
      for (const batch of rec.batches) {
        for (const reading of batch.readings) expect(batch.at - WALL_START).toBeCloseTo((reading.ts - first) / speed, 3);
      }
      expect(rec.batches.at(-1)?.at).toBeCloseTo(WALL_START + (599_916 / speed), 0);
      expect(rec.statuses.map((s) => s[0])).toEqual(['running', 'finished']);
      expect(rec.statuses[1]?.[1]).toBe('replayed 7200 readings, 0 rejected');
    }
    expect(runs[0]?.readings()).toHaveLength(7_200);
    expect(runs[1]?.readings()).toEqual(runs[0]?.readings());
  });

  it('with a tick, hands readings on no earlier than due and at most one tick late', async () => {
    const clock = fakeClock();
    const rec = recorder(clock);
    const replay = source(samplePath('csv'), 10, { clock, tickMs: 50 });
    await replay.start(rec.handler);
    await replay.done();
    const first = rec.readings()[0]?.ts as number;
    for (const batch of rec.batches) {
      for (const reading of batch.readings) {
        const due = WALL_START + (reading.ts - first) / 10;
        expect(batch.at).toBeGreaterThanOrEqual(due - 1e-6);
        expect(batch.at).toBeLessThanOrEqual(due + 50 + 1e-6);
      }
    }
    expect(rec.batches.length).toBeLessThan(7_200 / 4); // rows due within a tick share a batch
    expect(rec.readings()).toHaveLength(7_200);
  });

  it('at speed 0 runs as fast as the pipeline takes batches, in batches of at most maxBatch', async () => {
    const clock = fakeClock();
    const rec = recorder(clock);
    const replay = source(samplePath('parquet'), 0, { clock, maxBatch: 1_000 });
    await replay.start(rec.handler);
    await replay.done();
    expect(rec.batches.map((b) => b.readings.length)).toEqual([1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 200]);
    expect(clock.sleeps.every((ms) => ms === 0)).toBe(true);
    expect(clock.now()).toBe(WALL_START);
    expect(rec.statuses.at(-1)).toEqual(['finished', 'replayed 7200 readings, 0 rejected']);
  });

  it('never has two batches in flight: each is awaited before the next', async () => {
    let inFlight = 0;
    let most = 0;
    const clock = fakeClock();
    const rec = recorder(clock, async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
    });
    const replay = source(samplePath('jsonl'), 0, { clock, maxBatch: 500 });
    await replay.start(rec.handler);
    await replay.done();
    expect(most).toBe(1);
    expect(rec.batches).toHaveLength(15);
  });

  it('stops mid-file: no batch after stop(), status stopped with the count so far', async () => {
    const clock = fakeClock();
    let stopping: Promise<void> | null = null;
    const rec = recorder(clock, () => {
      if (rec.batches.length === 3) stopping = replay.stop();
    });
    const replay = source(samplePath('csv'), 0, { clock, maxBatch: 100 });
    await replay.start(rec.handler);
    await replay.done();
    await stopping;
    expect(rec.batches).toHaveLength(3);
    expect(rec.statuses.at(-1)).toEqual(['stopped', 'stopped after 300 readings, 0 rejected']);
    await replay.stop(); // a second stop is harmless
  });

  it('cuts a long wait short when stopped (real clock)', async () => {
    const path = scratch.write('slow.jsonl', '{"station_id":"a","ts":"2025-01-01T00:00:00Z","t":1}\n{"station_id":"a","ts":"2025-01-01T01:00:00Z","t":2}\n');
    let resolveFirst: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (resolveFirst = resolve));
    const batches: number[] = [];
    const replay = source(path, 1, {});
    await replay.start({ onBatch: async (b) => void (batches.push(b.kind === 'readings' ? b.readings.length : -1), resolveFirst()), onStatus: () => undefined });
    await first;
    await replay.stop(); // the next row is an hour away at 1×; stop must not wait for it
    expect(batches).toEqual([1]);
  });

  it('keeps event times, sends an out-of-order row at once with its old time, and reports rejects', async () => {
    const lines = [
      '{"station_id":"a","ts":"2025-01-01T00:00:10Z","t":1}',
      '{"station_id":"a","ts":"2025-01-01T00:00:20Z","t":2}',
      '{"station_id":"b","ts":"2025-01-01T00:00:05Z","t":3}',
      'garbage',
      '{"station_id":"a","ts":"2025-01-01T00:00:30Z","t":4}',
      '{"station_id":"a","ts":"2125-01-01T00:00:30Z","t":5}',
    ];
    const path = scratch.write('order.jsonl', lines.join('\n'));
    const clock = fakeClock();
    const rec = recorder(clock);
    const rejects: ReplayReject[] = [];
    const replay = source(path, 2, { clock, tickMs: 0, onReject: (r) => rejects.push(r) });
    await replay.start(rec.handler);
    await replay.done();
    const start = Date.UTC(2025, 0, 1);
    expect(rec.batches.map((b) => [b.at - WALL_START, b.readings.map((r) => (r.ts - start) / 1000)])).toEqual([
      [0, [10]],
      [5_000, [20, 5]],
      [10_000, [30]],
    ]);
    expect(rejects.map((r) => [r.row, r.reason, r.position.topic])).toEqual([
      [4, 'not-json', 'replay:order.jsonl'],
      [6, 'future-time', 'replay:order.jsonl'],
    ]);
    expect(rec.statuses.at(-1)).toEqual(['finished', 'replayed 4 readings, 2 rejected (not-json 1, future-time 1)']);
    expect(replay.counts.readings).toBe(4);
  });

  it('reports a recording it cannot read as stopped with the reason, and a batch the pipeline refuses likewise', async () => {
    const clock = fakeClock();
    const missing = recorder(clock);
    const replay = source(scratch.write('nohead.csv', 'a,b\n1,2\n'), 0, { clock });
    await replay.start(missing.handler);
    await replay.done();
    expect(missing.statuses.at(-1)?.[0]).toBe('stopped');
    expect(missing.statuses.at(-1)?.[1]).toMatch(/^Replay of nohead.csv failed after 0 readings, 0 rejected: Column "station_id", "ts" not found/);
    const refusing = recorder(clock, () => Promise.reject(new Error('store is full')));
    const second = source(samplePath('jsonl'), 0, { clock });
    await second.start(refusing.handler);
    await second.done();
    expect(refusing.statuses.at(-1)?.[1]).toContain('store is full');
    await expect(second.start(refusing.handler)).rejects.toThrow('already running');
    expect(() => source('recording.xlsx', 1, {})).toThrow('Cannot tell the format');
  });
});
