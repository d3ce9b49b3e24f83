/**
 * The drop of late-merge bookkeeping beyond the partitions' ends (core/late-progress-guard.ts) with the real
 * pipeline, buffered store and SQL store on PGlite: an assignment's check whose ends arrive after a newer
 * assignment took and saved messages past them drops nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { defaultSettings } from '../../src-shared/settings/schema';
import type { RawMessage, SourcePosition } from '../../src-shared/domain/reading';
import { BufferedStore } from '../adapters/sql/buffered-store';
import { SqlStore } from '../adapters/sql/sql-store';
import { openPgliteClient } from '../adapters/pglite/pglite-sql-client';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('late-merge bookkeeping at an assignment', () => {
  it('a superseded assignment\'s ends, arriving after the next generation saved progress past them, drop nothing', async () => {
    const client = await openPgliteClient(null);
    const spillDir = await mkdtemp(join(tmpdir(), 'sw-late-assignment-'));
    const store = await BufferedStore.open(new SqlStore('pglite', client), { spillDir });
    try {
      let now = T0 + 10 * 60_000;
      const pipeline = new Pipeline({ settings: defaultSettings(), store, now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
      const partitions = [{ topic: 'readings', partition: 0 }];
      // Generation 1: the partition is caught up (no batch waits for its check, so the consumer may rejoin) and
      // its ends, read when the partition ended at 50, come back late.
      let answerFirst!: (ends: SourcePosition[]) => void;
      const first = pipeline.onAssignment(partitions, () => new Promise((resolve) => (answerFirst = resolve)));
      // Generation 2 (a rebalance): its ends come at once; messages 0..119 are taken and their progress saved.
      await pipeline.onAssignment(partitions, async () => [{ topic: 'readings', partition: 0, offset: '120' }]);
      const encoder = new TextEncoder();
      const message = (offset: number, ts: number): RawMessage => ({
        value: encoder.encode(JSON.stringify({ station_id: 'a', ts: new Date(ts).toISOString(), temperature: 20 })),
        position: { topic: 'readings', partition: 0, offset: String(offset) },
        receivedAt: now,
      });
      await pipeline.onBatch({ kind: 'raw', messages: Array.from({ length: 120 }, (_, i) => message(i, T0 + i * 1000)) });
      now += 120_000;
      await pipeline.tick();
      await pipeline.flush();
      await store.caughtUp();
      const offsets = async (): Promise<number[]> => (await client.query('SELECT processed_offset::int FROM late_progress ORDER BY 1', [])).rows.map((r) => Number(r[0]));
      const saved = await offsets();
      expect(saved.some((o) => o > 50)).toBe(true);
      // Generation 1's ends arrive now, within its deadline. Before: they deleted generation 2's true rows.
      answerFirst([{ topic: 'readings', partition: 0, offset: '50' }]);
      await first;
      await store.caughtUp();
      expect(await offsets()).toEqual(saved);
      expect((await client.query(`SELECT count(*)::int FROM shift_log WHERE kind = 'auto'`, [])).rows[0]![0]).toBe(0);
    } finally {
      await store.close();
      await rm(spillDir, { recursive: true, force: true });
    }
  }, 60_000);
});
