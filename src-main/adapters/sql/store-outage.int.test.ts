/**
 * Database outages on a PRIVATE PostgreSQL cluster (the shared server is never stopped): writes keep
 * being accepted while it is down, the status says why in plain words, and after the restart every
 * write lands exactly once and in order — also when the app itself restarts during the outage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { HistoryStore, StoreStatus } from '../../core/ports';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import type { AlarmEvent } from '../../../src-shared/domain/alarms';
import { openStore } from './open-store';
import { hasPostgresBinaries, startPrivatePostgres } from '../../../tests/helpers/private-postgres';
import type { PrivatePostgres } from '../../../tests/helpers/private-postgres';

const available = hasPostgresBinaries();
if (!available && process.env.CI === 'true') throw new Error('PostgreSQL binaries are missing (CI=true: never skip)');
if (!available) console.warn('\n*** SKIPPING store outage tests: no PostgreSQL binaries in /usr/lib/postgresql/*/bin ***\n');

const T0 = Date.UTC(2026, 10, 20);
const BATCHES = 60;

/** Batch i: 20 fresh windows, plus a rewrite of one shared window whose final value must be the last batch's. */
function batch(i: number): WindowAggregate[] {
  const rows: WindowAggregate[] = [];
  for (let k = 0; k < 20; k++) rows.push({ stationId: `st-${k}`, metric: 'temperature', sizeMs: 10_000, start: T0 + i * 10_000, count: 1, mean: i, min: i, max: i, stddev: 0, p95: i });
  rows.push({ stationId: 'st-order', metric: 'temperature', sizeMs: 10_000, start: T0, count: i + 1, mean: i, min: 0, max: i, stddev: 0, p95: i });
  return rows;
}
function eventOf(i: number): AlarmEvent {
  // Event times run backwards so only insertion order (seq) can reveal the write order.
  return { alarmId: 'outage@st-0', type: 'activated', at: T0 - i, who: 'system', comment: null, fromState: 'normal', toState: 'unacknowledged', value: i };
}

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!available)('store outages on a private PostgreSQL cluster', () => {
  let cluster: PrivatePostgres;
  let dataDir: string;

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    dataDir = await mkdtemp(join(tmpdir(), 'sw-outage-'));
  });
  afterAll(async () => {
    cluster?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function verify(database: string): Promise<void> {
    const client = new pg.Client({ connectionString: cluster.urlFor('postgres', database) });
    await client.connect();
    try {
      const windows = await client.query("SELECT count(*)::int AS n FROM window_aggregates WHERE station_id <> 'st-order'");
      expect(windows.rows[0].n).toBe(BATCHES * 20);
      const order = await client.query("SELECT mean, count::int AS count FROM window_aggregates WHERE station_id = 'st-order'");
      expect(order.rows).toEqual([{ mean: BATCHES - 1, count: BATCHES }]);
      const events = await client.query('SELECT value FROM alarm_events ORDER BY seq');
      expect(events.rows.map((r) => r.value)).toEqual(Array.from({ length: BATCHES }, (_, i) => i));
      const state = await client.query("SELECT value FROM engine_state WHERE key = 'watermark'");
      expect(state.rows).toEqual([{ value: String(BATCHES - 1) }]);
    } finally {
      await client.end();
    }
  }

  async function writeBatch(store: HistoryStore, i: number): Promise<void> {
    await store.writeWindows(batch(i));
    await store.writeAlarms([], [eventOf(i)]);
    await store.setState('watermark', String(i));
  }

  it('keeps accepting writes while the server is down and lands them exactly once, in order', async () => {
    cluster.psql('CREATE DATABASE outage1');
    const store = await openStore({ kind: 'postgres', url: cluster.urlFor('postgres', 'outage1'), ssl: false }, { dataDir, retryInitialMs: 100, retryMaxMs: 500 });
    const seen: StoreStatus[] = [];
    store.onStatus((s) => seen.push(s));
    try {
      for (let i = 0; i < 20; i++) await writeBatch(store, i);
      expect(store.status().state).toBe('ok');
      cluster.stop();
      for (let i = 20; i < 40; i++) await writeBatch(store, i); // each resolves: accepted and fsync'ed
      expect(store.status().state).toBe('buffering');
      expect(store.status().queueDepth).toBeGreaterThan(0);
      await until('a plain refused-connection reason', () => /connection refused at 127\.0\.0\.1:\d+/.test(store.status().detail ?? ''));
      expect(store.isFull()).toBe(false);
      const reads = store.listStations();
      await expect(reads).rejects.toThrow(/database unavailable/);
      cluster.start();
      for (let i = 40; i < BATCHES; i++) await writeBatch(store, i);
      await until('catch-up', () => store.status().state === 'ok', 60_000);
      expect(store.status()).toMatchObject({ state: 'ok', queueDepth: 0, detail: null });
      expect(seen.some((s) => s.state === 'buffering' && s.detail !== null && /catching up|refused/.test(s.detail))).toBe(true);
      await verify('outage1');
    } finally {
      await store.close();
    }
  });

  it('replays the spill after the app itself restarts during the outage', async () => {
    cluster.psql('CREATE DATABASE outage2');
    const settings = { kind: 'postgres' as const, url: cluster.urlFor('postgres', 'outage2'), ssl: false };
    const first = await openStore(settings, { dataDir, retryInitialMs: 100, retryMaxMs: 500 });
    for (let i = 0; i < 10; i++) await writeBatch(first, i);
    cluster.stop();
    for (let i = 10; i < 30; i++) await writeBatch(first, i);
    await first.close(); // spilled writes stay on disk
    const second = await openStore(settings, { dataDir, retryInitialMs: 100, retryMaxMs: 500 });
    try {
      expect(second.status().queueDepth).toBeGreaterThan(0);
      for (let i = 30; i < 45; i++) await writeBatch(second, i); // still down: appended behind the old spill
      cluster.start();
      for (let i = 45; i < BATCHES; i++) await writeBatch(second, i);
      await until('catch-up', () => second.status().state === 'ok', 60_000);
      await verify('outage2');
    } finally {
      await second.close();
    }
  });

  it('pauses input when the outage buffer is full, and resumes when the database returns', async () => {
    cluster.psql('CREATE DATABASE outage3');
    const store = await openStore({ kind: 'postgres', url: cluster.urlFor('postgres', 'outage3'), ssl: false }, { dataDir: join(dataDir, 'small'), capacityRows: 100, retryInitialMs: 100, retryMaxMs: 300 });
    try {
      await writeBatch(store, 0);
      cluster.stop();
      for (let i = 1; i < 5; i++) await writeBatch(store, i); // 4 × 23 rows = 92
      await store.writeWindows(batch(5)); // 113 rows: now over capacity
      expect(store.isFull()).toBe(true);
      let resolved = false;
      const blocked = store.writeWindows(batch(6)).then(() => (resolved = true));
      await until('the full state', () => store.status().state === 'unavailable');
      expect(store.status().detail).toMatch(/outage buffer full/);
      await new Promise((r) => setTimeout(r, 300));
      expect(resolved).toBe(false);
      cluster.start();
      await blocked;
      await until('catch-up', () => store.status().state === 'ok');
      expect(store.isFull()).toBe(false);
      const windows = await store.queryWindows({ stationIds: ['st-3'], metric: 'temperature', sizeMs: 10_000, from: T0, to: T0 + 10 * 10_000 });
      expect([...windows[0]!.mean]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    } finally {
      await store.close();
    }
  });

  it('says plainly when the password is wrong, and keeps buffering', async () => {
    cluster.psql("CREATE ROLE alice LOGIN PASSWORD 'right'");
    cluster.psql('CREATE DATABASE outage4 OWNER alice');
    const store = await openStore({ kind: 'postgres', url: cluster.urlFor('alice', 'outage4'), ssl: false }, { dataDir: join(dataDir, 'pw'), password: 'wrong', retryInitialMs: 100, retryMaxMs: 300 });
    try {
      await until('the auth failure', () => store.status().state === 'unavailable');
      expect(store.status().detail).toBe('password authentication failed for user "alice"');
      await store.writeWindows(batch(0));
      expect(store.status()).toMatchObject({ state: 'buffering', queueDepth: 21, detail: 'password authentication failed for user "alice"' });
    } finally {
      await store.close();
    }
    const right = await openStore({ kind: 'postgres', url: cluster.urlFor('alice', 'outage4'), ssl: false }, { dataDir: join(dataDir, 'pw'), password: 'right', retryInitialMs: 100 });
    try {
      await until('catch-up with the right password', () => right.status().state === 'ok');
      const windows = await right.queryWindows({ stationIds: null, metric: 'temperature', sizeMs: 10_000, from: T0, to: T0 + 10_000 });
      expect(windows).toHaveLength(21);
    } finally {
      await right.close();
    }
  });
});
