/**
 * A restart after a step that stored windows holding the readings of another partition, deterministically
 * (issue 15, the engine-kill double count): station a's partition is ahead, so its own step closes nothing;
 * station b's step then closes the first minute of both. The engine stops right after that step is durable
 * and a commit (its resume point the open minute), as a SIGKILL there would leave it. A new pipeline on the
 * same PGlite store resumes from the commit and re-reads both partitions from their committed offsets: the
 * re-read readings before the resume point are late, and those whose windows were stored must not be merged
 * again. Every stored window's count must equal the count of the readings it covers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import type { CommitTarget } from './checkpoint';
import { openStore } from '../adapters/sql/open-store';
import { defaultSettings } from '../../src-shared/settings/schema';
import type { RawMessage, SourcePosition } from '../../src-shared/domain/reading';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const SIZES = [10_000, 60_000];
const TOPIC = 'restart';

/** Station `stationId`'s reading each second of [0, seconds) at offsets 0…, in one partition. */
function partition(stationId: string, index: number, seconds: number): RawMessage[] {
  const encoder = new TextEncoder();
  return Array.from({ length: seconds }, (_, s) => ({
    value: encoder.encode(JSON.stringify({ station_id: stationId, ts: new Date(T0 + s * 1000).toISOString(), temperature: 20 + (s % 7) })),
    position: { topic: TOPIC, partition: index, offset: String(s) },
    receivedAt: T0,
  }));
}

/** A commit target that keeps what was committed and the resume point, as Kafka and the store would. */
function target(): CommitTarget & { committed: Map<number, number>; resume: number | null } {
  const committed = new Map<number, number>();
  const record = {
    committed,
    resume: null as number | null,
    canCommit: () => true,
    commit: async (positions: readonly SourcePosition[]) => void positions.forEach((p) => committed.set(p.partition, Number(p.offset))),
    saveResumePoint: async (eventTime: number) => void (record.resume = eventTime),
  };
  return record;
}

describe('a restart right after a step that stored another partition\'s readings', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('merges no re-read reading into a window stored before the restart: every window counts its readings once', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sw-late-restart-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const base = defaultSettings();
    const settings = { ...base, windows: { ...base.windows, sizesMs: SIZES, allowedLatenessMs: 5_000, idleTimeoutMs: 3_600_000 } };
    const database = { kind: 'pglite' as const, dir: join(dir, 'db') };
    const a = partition('a', 0, 180);
    const b = partition('b', 1, 180);
    const now = () => T0 + 600_000;
    const assigned = [{ topic: TOPIC, partition: 0 }, { topic: TOPIC, partition: 1 }];

    // The first engine: a's two minutes (the watermark waits for b: nothing closes), then b's (the first minute closes).
    const first = await openStore(database, { dataDir: dir });
    const commits = target();
    const before = new Pipeline({ settings, store: first, now, onFrame: () => undefined, onAlarm: () => undefined, commitTarget: commits });
    before.onAssignment(assigned);
    await before.onBatch({ kind: 'raw', messages: a.slice(0, 120) });
    await before.onBatch({ kind: 'raw', messages: b.slice(0, 120) });
    await before.flush();
    await first.caughtUp();
    await before.commit();
    // The engine dies here: what it stored is durable, nothing else happens.
    await first.close();
    expect(commits.resume).not.toBeNull();

    // The new engine resumes from the commit and re-reads each partition from its committed offset.
    const second = await openStore(database, { dataDir: dir });
    cleanup.push(() => second.close());
    const after = new Pipeline({ settings, store: second, now, onFrame: () => undefined, onAlarm: () => undefined, commitTarget: target() });
    after.resumeFrom(commits.resume!);
    after.onAssignment(assigned);
    await after.onBatch({ kind: 'raw', messages: a.slice(commits.committed.get(0) ?? 0) });
    await after.onBatch({ kind: 'raw', messages: b.slice(commits.committed.get(1) ?? 0) });
    await after.onBatch({ kind: 'raw', messages: [...partition('a', 0, 250).slice(180)] });
    await after.onBatch({ kind: 'raw', messages: [...partition('b', 1, 250).slice(180)] });
    await after.flush();
    await second.caughtUp();

    // Every stored window of each station counts one reading per second it covers (up to 180 s).
    const wrong: string[] = [];
    for (const sizeMs of SIZES) {
      for (const series of await second.queryWindows({ stationIds: ['a', 'b'], metric: 'temperature', sizeMs, from: T0, to: T0 + 180_000 })) {
        for (let i = 0; i < series.start.length; i++) {
          const expected = Math.min(sizeMs, T0 + 180_000 - series.start[i]!) / 1000;
          if (series.count[i] !== expected) wrong.push(`${series.stationId} ${sizeMs / 1000}-s window at +${(series.start[i]! - T0) / 1000} s: ${series.count[i]} readings, expected ${expected}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
