/** The buffered store merges windows and readings writes that queue behind a slow one, and never lets a bad row sink its neighbours. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferedStore, COALESCE_ROWS, UNCERTAIN_ATTEMPTS } from './buffered-store';
import type { BufferedStoreOptions } from './buffered-store';
import type { StoreBackend, StoreWrite } from './store-write';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import type { Reading } from '../../../src-shared/domain/reading';
import type { QualityFlagHour } from '../../../src-shared/domain/air-quality';

/** A backend that records each write and can hold the next one until released. */
class RecordingBackend {
  readonly kind = 'postgres' as const;
  readonly applied: StoreWrite[] = [];
  /** Every apply() call, failed or not. */
  attempts = 0;
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;
  refuse: ((write: StoreWrite) => boolean) | null = null;
  /** What a refused write fails with (default: a SQLSTATE 22P02 data error, as PostgreSQL reports one). */
  refusal: () => unknown = () => Object.assign(new Error('invalid input syntax'), { code: '22P02' });

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
    this.gate = null;
  }
  async apply(write: StoreWrite): Promise<void> {
    if (this.gate !== null) await this.gate;
    this.attempts++;
    if (this.refuse?.(write)) throw this.refusal();
    this.applied.push(write);
  }
  async ready(): Promise<void> {}
  async close(): Promise<void> {}
}

const window = (i: number): WindowAggregate => ({ stationId: `st-${i}`, metric: 'temperature', sizeMs: 10_000, start: i * 10_000, count: 1, mean: i, min: i, max: i, stddev: 0, p95: i });
/** Lets the first write reach the (held) backend before the next ones are queued. */
const started = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const reading = (i: number): Reading => ({ stationId: `st-${i}`, ts: i, metrics: { temperature: i } });

let dir: string | null = null;
afterEach(async () => {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
  dir = null;
});

async function open(backend: RecordingBackend, options: Partial<BufferedStoreOptions> = {}): Promise<BufferedStore> {
  dir = await mkdtemp(join(tmpdir(), 'sw-buffered-'));
  return BufferedStore.open(backend as unknown as StoreBackend, { spillDir: dir, retryInitialMs: 5, retryMaxMs: 20, ...options });
}

async function deadLetters(): Promise<{ reason: string; write: StoreWrite }[]> {
  const text = await readFile(join(dir!, 'dead-letter.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { reason: string; write: StoreWrite });
}

const storedWindows = (backend: RecordingBackend): WindowAggregate[] => backend.applied.flatMap((w) => (w.op === 'windows' ? w.windows : []));

describe('BufferedStore merging', () => {
  it('merges the windows and readings writes queued behind a slow write into one write per kind, in order', async () => {
    const backend = new RecordingBackend();
    const store = await open(backend);
    backend.hold();
    const first = store.writeWindows([window(0)]);
    await started();
    const queued = [store.writeReadings([reading(1)]), store.writeWindows([window(2)]), store.writeReadings([reading(3)]), store.writeWindows([window(4)])];
    backend.release();
    await Promise.all([first, ...queued]);
    expect(backend.applied.map((w) => w.op)).toEqual(['windows', 'windows', 'readings']);
    expect(backend.applied[1]).toEqual({ op: 'windows', windows: [window(2), window(4)] });
    expect(backend.applied[2]).toEqual({ op: 'readings', readings: [reading(1), reading(3)] });
    await store.close();
  });

  it('stops merging at other kinds of write and at COALESCE_ROWS rows', async () => {
    const backend = new RecordingBackend();
    const store = await open(backend);
    backend.hold();
    const big = Array.from({ length: COALESCE_ROWS - 1 }, (_, i) => window(i));
    const first = store.writeWindows([window(0)]);
    await started();
    const writes = [first, store.writeWindows(big), store.writeWindows([window(1), window(2)]), store.writeRejected([]), store.writeWindows([window(3)])];
    backend.release();
    await Promise.all(writes);
    // big + 2 rows would pass the cap; the rejected write is a barrier.
    expect(backend.applied.map((w) => (w.op === 'windows' ? w.windows.length : w.op))).toEqual([1, COALESCE_ROWS - 1, 2, 'rejected', 1]);
    await store.close();
  });

  it('writes the entries one by one when a merged write is refused, so only the bad one is set aside', async () => {
    const backend = new RecordingBackend();
    const store = await open(backend);
    backend.hold();
    const first = store.writeWindows([window(0)]);
    await started();
    const bad = reading(66);
    const queued = [store.writeReadings([reading(1)]), store.writeReadings([bad]), store.writeReadings([reading(3)])];
    backend.refuse = (write) => write.op === 'readings' && write.readings.includes(bad);
    backend.release();
    await Promise.all([first, ...queued]);
    expect(backend.applied.filter((w) => w.op === 'readings')).toEqual([
      { op: 'readings', readings: [reading(1)] },
      { op: 'readings', readings: [reading(3)] },
    ]);
    const deadLetters = (await readFile(join(dir!, 'dead-letter.jsonl'), 'utf8')).trim().split('\n');
    expect(deadLetters).toHaveLength(1);
    expect(JSON.parse(deadLetters[0]!).write).toEqual({ op: 'readings', readings: [bad] });
    expect(store.status().detail).toMatch(/1 rows refused by the database/);
    await store.close();
  });
});

describe('BufferedStore poison rows', () => {
  it('sets aside only the refused row of a write and stores the rest of that same write', async () => {
    const backend = new RecordingBackend();
    const store = await open(backend);
    const rows = Array.from({ length: 10 }, (_, i) => window(i));
    backend.refuse = (write) => write.op === 'windows' && write.windows.some((w) => w.stationId === 'st-6');
    await store.writeWindows(rows);
    await store.caughtUp();
    expect(storedWindows(backend).map((w) => w.stationId).sort()).toEqual(rows.filter((w) => w.stationId !== 'st-6').map((w) => w.stationId).sort());
    expect(await deadLetters()).toEqual([{ at: expect.any(Number), reason: 'invalid input syntax', write: { op: 'windows', windows: [window(6)] } }]);
    expect(store.status()).toMatchObject({ state: 'ok', detail: '1 rows refused by the database, kept in dead-letter.jsonl (invalid input syntax)' });
    await store.close();
  });

  it('retries a failure that may pass (no SQLSTATE, a statement timeout) only a bounded number of times, then isolates the row at fault', async () => {
    for (const refusal of [() => new Error('something odd in the driver'), () => Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })]) {
      const backend = new RecordingBackend();
      backend.refusal = refusal;
      const store = await open(backend);
      const rows = Array.from({ length: 8 }, (_, i) => window(i));
      backend.refuse = (write) => write.op === 'windows' && write.windows.some((w) => w.stationId === 'st-3');
      await store.writeWindows(rows);
      await store.caughtUp();
      expect(storedWindows(backend)).toHaveLength(7);
      const [letter, ...more] = await deadLetters();
      expect(more).toEqual([]);
      expect(letter).toMatchObject({ reason: (refusal() as Error).message, write: { op: 'windows', windows: [window(3)] } });
      // The whole write: once directly, UNCERTAIN_ATTEMPTS times from the spill; then halving 8 → 4 → 2 → 1 takes 6 writes.
      expect(backend.attempts).toBe(1 + UNCERTAIN_ATTEMPTS + 6);
      await store.close();
      await rm(dir!, { recursive: true, force: true });
    }
  });

  it('keeps retrying a database that is away, past any attempt cap, and loses nothing', async () => {
    const backend = new RecordingBackend();
    let outageCalls = 0;
    backend.refuse = () => ++outageCalls <= 4 * UNCERTAIN_ATTEMPTS;
    backend.refusal = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const store = await open(backend);
    const rows = Array.from({ length: 5 }, (_, i) => window(i));
    await store.writeWindows(rows);
    await store.caughtUp();
    expect(storedWindows(backend)).toEqual(rows);
    expect(await deadLetters()).toEqual([]);
    await store.close();
  });

  it('a database that goes away while a write is being split sets nothing aside and retries the whole write', async () => {
    const backend = new RecordingBackend();
    let calls = 0;
    // 1st call: a bad row; 2nd (the first half): the database is gone; afterwards only the bad row fails.
    backend.refuse = (write) => {
      calls++;
      if (calls === 2) return true;
      return write.op === 'windows' && write.windows.some((w) => w.stationId === 'st-1');
    };
    backend.refusal = () => (calls === 2 ? Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) : Object.assign(new Error('integer out of range'), { code: '22003' }));
    const store = await open(backend);
    await store.writeWindows([window(0), window(1), window(2), window(3)]);
    await store.caughtUp();
    expect(storedWindows(backend).map((w) => w.stationId).sort()).toEqual(['st-0', 'st-2', 'st-3']);
    expect((await deadLetters()).map((letter) => letter.write)).toEqual([{ op: 'windows', windows: [window(1)] }]);
    await store.close();
  });

  it('rotates dead-letter.jsonl past its size limit and keeps a bounded number of files', async () => {
    const backend = new RecordingBackend();
    backend.refuse = (write) => write.op === 'windows';
    const store = await open(backend, { deadLetterMaxBytes: 4_096, deadLetterKeep: 3 });
    for (let i = 0; i < 60; i++) await store.writeWindows([window(i), window(i + 1000)]);
    await store.caughtUp();
    const files = (await readdir(dir!)).filter((f) => f.startsWith('dead-letter')).sort();
    expect(files).toEqual(['dead-letter.1.jsonl', 'dead-letter.2.jsonl', 'dead-letter.jsonl']);
    for (const file of files) expect((await stat(join(dir!, file))).size).toBeLessThanOrEqual(4_096);
    // The newest rows are in the current file; the oldest were dropped with the oldest file.
    const newest = (await deadLetters()).flatMap((letter) => (letter.write.op === 'windows' ? letter.write.windows : []));
    expect(newest.at(-1)).toEqual(window(1059));
    expect(store.status().detail).toMatch(/^120 rows refused by the database/);
    await store.close();
  });
});

describe('BufferedStore caughtUp', () => {
  it('waits until the database answers and the writes accepted meanwhile are in it', async () => {
    const backend = new RecordingBackend();
    let down = true;
    backend.refuse = null;
    const apply = backend.apply.bind(backend);
    backend.apply = async (write) => {
      if (down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      await apply(write);
    };
    backend.ready = async () => {
      if (down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    };
    dir = await mkdtemp(join(tmpdir(), 'sw-buffered-'));
    const store = await BufferedStore.open(backend as unknown as StoreBackend, { spillDir: dir, retryInitialMs: 5, retryMaxMs: 20 });
    await store.setState('resume', '42');
    let caughtUp = false;
    const waiting = store.caughtUp().then(() => (caughtUp = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(caughtUp).toBe(false);
    expect(store.status().state).toBe('buffering');
    down = false;
    await waiting;
    expect(backend.applied).toEqual([expect.objectContaining({ op: 'state', key: 'resume', value: '42' })]);
    await store.close();
  });

  it('rejects when the store closes first', async () => {
    const backend = new RecordingBackend();
    backend.ready = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const store = await open(backend);
    const rejected = expect(store.caughtUp()).rejects.toThrow(/closed/);
    await store.close();
    await rejected;
  });
});

describe('BufferedStore late-merge bookkeeping', () => {
  it('keeps the drop beyond the partitions\' ends in the write order through an outage, never merged with the windows around it', async () => {
    const backend = new RecordingBackend();
    let outageCalls = 0;
    backend.refuse = () => ++outageCalls <= 3;
    backend.refusal = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const store = await open(backend);
    const progress = { resumeFrom: 0, processed: [{ topic: 'readings', partition: 0, offset: '50' }] };
    const ends = [{ topic: 'readings', partition: 0, offset: '40' }];
    await store.writeWindows([window(0)], progress);
    await store.dropLateProgressBeyond(ends, 7);
    await store.writeWindows([window(1)]);
    await store.caughtUp();
    expect(backend.attempts).toBeGreaterThan(backend.applied.length);
    expect(backend.applied).toEqual([
      { op: 'windows', windows: [window(0)], progress },
      { op: 'late-progress-drop', ends, at: 7 },
      { op: 'windows', windows: [window(1)] },
    ]);
    await store.close();
  });
});

describe('BufferedStore data-quality flags', () => {
  const flag = (i: number): QualityFlagHour => ({ stationId: `st-${i}`, metric: 'no2', hourStartMs: i * 3_600_000, kind: 'drift', isExcluded: true, reason: `drift ${i}` });

  it('spills flags while the database is away and replays them in call order around the windows, never merged with them', async () => {
    const backend = new RecordingBackend();
    let outageCalls = 0;
    backend.refuse = () => ++outageCalls <= 3;
    backend.refusal = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const store = await open(backend);
    await store.writeQualityFlags([flag(0), flag(1)]);
    await store.writeWindows([window(0)]);
    await store.writeQualityFlags([flag(2)]);
    await store.writeWindows([window(1)]);
    await store.caughtUp();
    expect(backend.attempts).toBeGreaterThan(backend.applied.length);
    expect(backend.applied).toEqual([
      { op: 'quality-flags', flags: [flag(0), flag(1)] },
      { op: 'windows', windows: [window(0)] },
      { op: 'quality-flags', flags: [flag(2)] },
      { op: 'windows', windows: [window(1)] },
    ]);
    await store.close();
  });

  it('sets aside only a refused flag row and stores the others of the same write', async () => {
    const backend = new RecordingBackend();
    backend.refuse = (write) => write.op === 'quality-flags' && write.flags.some((f) => f.stationId === 'st-2');
    const store = await open(backend);
    await store.writeQualityFlags([flag(0), flag(1), flag(2), flag(3)]);
    await store.caughtUp();
    expect(backend.applied.flatMap((w) => (w.op === 'quality-flags' ? w.flags : [])).map((f) => f.stationId).sort()).toEqual(['st-0', 'st-1', 'st-3']);
    expect((await deadLetters()).map((letter) => letter.write)).toEqual([{ op: 'quality-flags', flags: [flag(2)] }]);
    await store.close();
  });
});
