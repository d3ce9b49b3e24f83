/**
 * One store suite for both backends (PGlite in its worker, a fresh PostgreSQL database), through the
 * same openStore() the engine uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSettings } from '../../../src-shared/settings/schema';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import type { Alarm, AlarmEvent } from '../../../src-shared/domain/alarms';
import type { HistoryStore, RetentionResult } from '../../core/ports';
import { DEFAULT_RULES } from '../../../src-shared/settings/default-rules';
import { openStore } from './open-store';
import { scheduleRetention } from './retention-schedule';
import { applyMigrations } from './migrate';
import { MIGRATIONS } from './migrations';
import type { SqlClient } from './sql-client';
import { SqlStore } from './sql-store';
import { SettingsSchema } from '../../../src-shared/settings/schema';
import { createPostgresClient } from '../postgres/postgres-client';
import { openPgliteClient } from '../pglite/pglite-sql-client';
import { importStationsFile } from '../stations-import/import-stations';
import { createTestDatabase, isPostgresAvailable } from '../../../tests/helpers/postgres';
import type { TestDatabase } from '../../../tests/helpers/postgres';

const hasPostgres = await isPostgresAvailable();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 20);

interface Backend {
  readonly name: string;
  readonly skip: boolean;
  setup(): Promise<{ settings: DatabaseSettings; rawClient(): Promise<SqlClient>; teardown(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'PGlite',
    skip: false,
    async setup() {
      const dir = await mkdtemp(join(tmpdir(), 'sw-pglite-'));
      return { settings: { kind: 'pglite', dir: join(dir, 'db') }, rawClient: () => openPgliteClient(null), teardown: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !hasPostgres,
    async setup() {
      const db: TestDatabase = await createTestDatabase();
      return { settings: { kind: 'postgres', url: db.url, ssl: false }, rawClient: async () => createPostgresClient({ url: db.url }), teardown: () => db.drop() };
    },
  },
];

function win(stationId: string, metric: string, sizeMs: number, start: number, mean: number): WindowAggregate {
  return { stationId, metric, sizeMs, start, count: 10, mean, min: mean - 1, max: mean + 1, stddev: 0.5, p95: mean + 0.9 };
}

function alarm(id: string, patch: Partial<Alarm>): Alarm {
  const [ruleId, stationId] = id.split('@') as [string, string];
  return {
    id, ruleId, stationId, metric: 'temperature', kind: 'process', severity: 'warning', state: 'unacknowledged', isActive: true, message: 'hot',
    value: 36, peakValue: 37, threshold: 35, activatedAt: T0, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, activationCount: 1,
    isChattering: false, shelf: null, updatedAt: T0, ...patch,
  };
}

function event(alarmId: string, type: AlarmEvent['type'], at: number, toState: AlarmEvent['toState']): AlarmEvent {
  return { alarmId, type, at, who: type === 'acknowledged' ? 'anna' : 'system', comment: type === 'acknowledged' ? 'on it' : null, fromState: 'normal', toState, value: 36 };
}

describe.each(backends)('store on $name', (backend) => {
  const enabled = !backend.skip;
  let env: Awaited<ReturnType<Backend['setup']>>;
  let dataDir: string;
  let store: HistoryStore;
  const open = (): Promise<HistoryStore> => openStore(env.settings, { dataDir });

  beforeAll(async () => {
    if (!enabled) return;
    env = await backend.setup();
    dataDir = await mkdtemp(join(tmpdir(), 'sw-data-'));
    store = await open();
  });
  afterAll(async () => {
    if (!enabled) return;
    await store.close();
    await env.teardown();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!enabled)('applies migrations once; a second run changes nothing', async () => {
    // The store opened above migrates in the background; compare with it only once it is done, or this
    // run would apply the later half of the migrations while it applies the earlier one.
    await store.caughtUp();
    const client = await env.rawClient();
    try {
      const first = await applyMigrations(client, T0);
      expect(await applyMigrations(client, T0)).toEqual([]);
      expect(first.length === 0 || first.length === MIGRATIONS.length).toBe(true);
      const rows = await client.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.rows.map((r) => Number(r[0]))).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await client.close();
    }
  });

  it.skipIf(!enabled)('upserts windows: a redelivered batch changes nothing, a corrected one wins', async () => {
    const batch = [win('st-a', 'noise_level', 10_000, T0, 50), win('st-a', 'noise_level', 10_000, T0 + 10_000, 51), win('*', 'noise_level', 10_000, T0, 49)];
    await store.writeWindows(batch);
    await store.writeWindows(batch);
    const read = async () => store.queryWindows({ stationIds: null, metric: 'noise_level', sizeMs: 10_000, from: T0, to: T0 + HOUR });
    const once = await read();
    expect(once.map((s) => [s.stationId, [...s.start], [...s.mean]])).toEqual([
      ['*', [T0], [49]],
      ['st-a', [T0, T0 + 10_000], [50, 51]],
    ]);
    // The same window twice in one batch (re-emitted after a late reading): the later one wins.
    await store.writeWindows([win('st-a', 'noise_level', 10_000, T0, 54), win('st-a', 'noise_level', 10_000, T0, 55)]);
    const corrected = (await read()).find((s) => s.stationId === 'st-a')!;
    expect([...corrected.mean]).toEqual([55, 51]);
    expect([...corrected.p95]).toEqual([55.9, 51.9]);
    expect([...corrected.count]).toEqual([10, 10]);
  });

  it.skipIf(!enabled)('registers unknown stations as unplaced, never the city-wide id, and keeps placed ones placed', async () => {
    await store.upsertStations([{ id: 'st-placed', name: 'Dam', district: 'Centrum', lat: 52.37, lon: 4.89 }]);
    await store.writeWindows([win('st-new', 'humidity', 60_000, T0, 60), win('st-placed', 'humidity', 60_000, T0, 61)]);
    await store.ensureStations(['st-placed', 'st-other']);
    const stations = await store.listStations();
    expect(stations.find((s) => s.id === 'st-new')).toEqual({ id: 'st-new', name: 'st-new', district: '', lat: null, lon: null });
    expect(stations.find((s) => s.id === 'st-other')?.lat).toBeNull();
    expect(stations.find((s) => s.id === 'st-placed')).toEqual({ id: 'st-placed', name: 'Dam', district: 'Centrum', lat: 52.37, lon: 4.89 });
    expect(stations.some((s) => s.id === '*')).toBe(false);
  });

  it.skipIf(!enabled)('imports stations from CSV and GeoJSON', async () => {
    const csv = join(dataDir, 'stations.csv');
    const geo = join(dataDir, 'stations.geojson');
    await writeFile(csv, 'id,name,district,lat,lon\nst-new,Harbour,West,52.4,4.8\nst-c2,Park,Oost,52.35,4.95\n');
    await writeFile(geo, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'st-g1', name: 'Bridge', district: 'Zuid' }, geometry: { type: 'Point', coordinates: [4.9, 52.33] } }] }));
    expect((await importStationsFile(csv, store)).stations).toHaveLength(2);
    expect((await importStationsFile(geo, store)).problems).toEqual([]);
    const byId = new Map((await store.listStations()).map((s) => [s.id, s]));
    expect(byId.get('st-new')).toEqual({ id: 'st-new', name: 'Harbour', district: 'West', lat: 52.4, lon: 4.8 });
    expect(byId.get('st-c2')?.district).toBe('Oost');
    expect(byId.get('st-g1')).toEqual({ id: 'st-g1', name: 'Bridge', district: 'Zuid', lat: 52.33, lon: 4.9 });
  });

  it.skipIf(!enabled)('stores raw readings, merges parts of one instant, and serves them when windows are too coarse', async () => {
    const readings = Array.from({ length: 120 }, (_, i) => ({ stationId: 'st-raw', ts: T0 + i * 1000, metrics: { temperature: 20 + i / 10 } }));
    await store.writeReadings(readings);
    await store.writeReadings(readings);
    // Narrow messages: parts of one instant, in one batch and across batches, merge into one row.
    await store.writeReadings([{ stationId: 'st-raw', ts: T0, metrics: { humidity: 69 } }, { stationId: 'st-raw', ts: T0, metrics: { humidity: 70, wind_speed: 3 } }]);
    await store.writeWindows([win('st-raw', 'temperature', 10_000, T0, 20.45)]);
    // 2 minutes at 600 points: 10-s windows would give 12, so raw readings (120) are used.
    const raw = await store.queryHistory({ stationIds: ['st-raw'], metric: 'temperature', from: T0, to: T0 + 120_000, maxPoints: 600 });
    expect(raw.sizeMs).toBe(0);
    expect(raw.series[0]!.ts.length).toBe(120);
    expect(raw.series[0]!.mean[5]).toBeCloseTo(20.5, 10);
    expect(raw.series[0]!.ts[119]).toBe(T0 + 119_000);
    const humidity = await store.queryHistory({ stationIds: ['st-raw'], metric: 'humidity', from: T0, to: T0 + 1000, maxPoints: 10 });
    expect([...humidity.series[0]!.mean]).toEqual([70]);
    const temperature = await store.queryHistory({ stationIds: ['st-raw'], metric: 'temperature', from: T0, to: T0 + 1000, maxPoints: 10 });
    expect([...temperature.series[0]!.mean]).toEqual([20]);
  });

  it.skipIf(!enabled)('answers history at the coarsest window size that still gives maxPoints, as columns per station', async () => {
    const stations = ['st-h1', 'st-h2'];
    const batch: WindowAggregate[] = [];
    for (const s of stations) {
      for (let t = T0; t < T0 + DAY; t += 60_000) batch.push(win(s, 'pressure', 60_000, t, (t - T0) / 60_000));
      for (let t = T0; t < T0 + DAY; t += 300_000) batch.push(win(s, 'pressure', 300_000, t, (t - T0) / 300_000));
      for (let t = T0; t < T0 + 2 * HOUR; t += 10_000) batch.push(win(s, 'pressure', 10_000, t, (t - T0) / 10_000));
    }
    await store.writeWindows(batch);
    const day = await store.queryHistory({ stationIds: [...stations, 'st-none'], metric: 'pressure', from: T0, to: T0 + DAY, maxPoints: 600 });
    expect(day.sizeMs).toBe(60_000); // 1440 points; 5-min windows would give only 288
    expect(day.series.map((s) => s.stationId)).toEqual(['st-h1', 'st-h2', 'st-none']);
    const first = day.series[0]!;
    expect(first.ts).toBeInstanceOf(Float64Array);
    expect(first.ts.length).toBe(1440);
    expect(first.mean[100]).toBe(100);
    expect(first.max[100]).toBe(101);
    expect(first.count[100]).toBe(10);
    expect(day.series[2]!.ts.length).toBe(0);
    const week = await store.queryHistory({ stationIds: stations, metric: 'pressure', from: T0, to: T0 + DAY, maxPoints: 200 });
    expect(week.sizeMs).toBe(300_000);
    const hour = await store.queryHistory({ stationIds: stations, metric: 'pressure', from: T0, to: T0 + HOUR, maxPoints: 300 });
    expect(hour.sizeMs).toBe(10_000);
    expect(hour.series[1]!.ts.length).toBe(360);
  });

  it.skipIf(!enabled)('round-trips alarms, the audit trail and quarantined messages without duplicates', async () => {
    const id = 'temperature-high@st-a';
    await store.writeAlarms([alarm(id, {})], [event(id, 'activated', T0, 'unacknowledged')]);
    const acked = alarm(id, { state: 'acknowledged', acknowledgedAt: T0 + 5000, acknowledgedBy: 'anna', updatedAt: T0 + 5000 });
    await store.writeAlarms([acked], [event(id, 'acknowledged', T0 + 5000, 'acknowledged')]);
    // A redelivered older batch neither regresses the alarm nor duplicates the trail.
    await store.writeAlarms([alarm(id, {})], [event(id, 'activated', T0, 'unacknowledged')]);
    const history = await store.alarmHistory(T0, T0 + HOUR, 100);
    expect(history.events.map((e) => [e.type, e.at, e.who, e.comment])).toEqual([
      ['acknowledged', T0 + 5000, 'anna', 'on it'],
      ['activated', T0, 'system', null],
    ]);
    expect(history.alarms).toEqual([acked]);
    const rejected = { at: T0, reason: 'oversize', detail: '10 MB', sample: '{"station_id":…', sizeBytes: 10_485_760, topic: 'readings', partition: 2, offset: '9007199254740993' };
    await store.writeRejected([rejected, { ...rejected, at: T0 + 1, reason: 'not-json', sample: 'garbage \u0000 ünïcode', partition: null, offset: null, topic: null }]);
    await store.writeRejected([rejected]);
    // The same message refused again later, read again after a restart (the MQTT journal, a Kafka redelivery): stored once.
    // Before: its time of refusal was in the key, so every restart added it again.
    await store.writeRejected([{ ...rejected, at: T0 + 60_000 }]);
    const listed = await store.listRejected(10);
    // NUL cannot be stored in PostgreSQL text; it comes back as U+FFFD and the batch is not lost over it.
    expect(listed).toEqual([{ ...rejected, at: T0 + 1, reason: 'not-json', sample: 'garbage \uFFFD ünïcode', partition: null, offset: null, topic: null }, rejected]);
  });

  it.skipIf(!enabled)('deletes only rows older than the retention periods', async () => {
    const now = T0 + 100 * DAY;
    await store.writeReadings([{ stationId: 'st-ret', ts: now - 8 * DAY, metrics: { rainfall: 1 } }, { stationId: 'st-ret', ts: now - 6 * DAY, metrics: { rainfall: 2 } }]);
    await store.writeWindows([win('st-ret', 'rainfall', 60_000, now - 91 * DAY, 1), win('st-ret', 'rainfall', 60_000, now - 89 * DAY, 2)]);
    const result = await store.runRetention({ rawRetentionDays: 7, windowRetentionDays: 90, rejectedRetentionDays: 3650 }, now);
    expect(result.readings).toBeGreaterThanOrEqual(1);
    expect(result.windows).toBeGreaterThanOrEqual(1);
    const windows = await store.queryWindows({ stationIds: ['st-ret'], metric: 'rainfall', sizeMs: 60_000, from: 0, to: now });
    expect([...windows[0]!.mean]).toEqual([2]);
    const raw = await store.queryHistory({ stationIds: ['st-ret'], metric: 'rainfall', from: now - 10 * DAY, to: now, maxPoints: 1_000_000 });
    expect(raw.sizeMs).toBe(0);
    expect([...raw.series[0]!.mean]).toEqual([2]);
    // The scheduled job runs at once and then on its interval, with the clock it is given.
    const results: (RetentionResult | Error)[] = [];
    const stop = scheduleRetention(store, () => ({ rawRetentionDays: 5, windowRetentionDays: 80, rejectedRetentionDays: 3650 }), { intervalMs: 100, now: () => now, onResult: (r) => results.push(r) });
    try {
      await expect.poll(() => results.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    } finally {
      stop();
    }
    expect(results[0]).toEqual({ readings: 1, windows: 1, rejected: 0 });
    expect(results[1]).toEqual({ readings: 0, windows: 0, rejected: 0 });
  });

  it.skipIf(!enabled)('bounds refused messages: deleted past rejectedRetentionDays, and beyond a row cap whatever their age', async () => {
    const now = T0 + 200 * DAY;
    const refused = (at: number, offset: number) => ({ at, reason: 'not-json', detail: 'Unexpected token', sample: `refused ${offset}`, sizeBytes: 9, topic: 'readings', partition: 0, offset: String(offset) });
    await store.writeRejected([refused(now - 31 * DAY, 9001), refused(now - 29 * DAY, 9002), refused(now - DAY, 9003)]);
    const samples = async (from: HistoryStore | SqlStore) => (await from.listRejected(1_000)).map((m) => m.sample).filter((sample) => sample.startsWith('refused'));
    expect(await samples(store)).toEqual(['refused 9003', 'refused 9002', 'refused 9001']);
    const result = await store.runRetention(SettingsSchema.parse({}).store, now);
    // The default keeps 30 days (the earlier tests' messages, dated T0, go too).
    expect(result.rejected).toBeGreaterThanOrEqual(1);
    expect(await samples(store)).toEqual(['refused 9003', 'refused 9002']);
    expect((await store.listRejected(1_000)).every((m) => m.at >= now - 30 * DAY)).toBe(true);
    // A flood within the retention period is still bounded: only the newest rows beyond the cap are kept.
    const client = await env.rawClient();
    const direct = new SqlStore(backend.name === 'PGlite' ? 'pglite' : 'postgres', client);
    try {
      await direct.apply({ op: 'rejected', messages: Array.from({ length: 10 }, (_, i) => refused(now - 1000 + i, 100 + i)) });
      const capped = await direct.runRetention({ rawRetentionDays: 7, windowRetentionDays: 90, rejectedRetentionDays: 30 }, now, 4);
      expect(capped.rejected).toBeGreaterThanOrEqual(6);
      expect(await direct.listRejected(1_000)).toHaveLength(4);
      expect(await samples(direct)).toEqual(['refused 109', 'refused 108', 'refused 107', 'refused 106']);
    } finally {
      await direct.close();
    }
  });

  it.skipIf(!enabled)('keeps alarms (acknowledged, shelved), out-of-service, rules and engine state across a reopen', async () => {
    const shelved = alarm('pm-high@st-b', { metric: 'particulate_matter', state: 'unacknowledged', shelf: { by: 'ben', reason: 'maintenance', until: T0 + DAY }, updatedAt: T0 + 7000 });
    await store.writeAlarms([shelved], [event(shelved.id, 'shelved', T0 + 7000, 'unacknowledged')]);
    await store.setOutOfService({ stationId: 'st-c', metric: null, since: T0, by: 'carl', comment: 'sensor swap' }, true);
    await store.setOutOfService({ stationId: 'st-d', metric: 'noise_level', since: T0, by: 'carl', comment: null }, true);
    await store.setOutOfService({ stationId: 'st-e', metric: null, since: T0, by: 'carl', comment: null }, true);
    await store.setOutOfService({ stationId: 'st-e', metric: null, since: T0 + 1, by: 'carl', comment: null }, false);
    expect(await store.loadRules()).toBeNull();
    await store.saveRules(DEFAULT_RULES.slice(0, 3));
    await store.setState('watermark', String(T0 + 42));
    const before = await store.loadAlarms();
    await store.close();
    store = await open();
    const after = await store.loadAlarms();
    expect(after).toEqual(before);
    expect(after.alarms.map((a) => [a.id, a.state, a.acknowledgedBy, a.shelf?.reason ?? null])).toEqual([
      ['pm-high@st-b', 'unacknowledged', null, 'maintenance'],
      ['temperature-high@st-a', 'acknowledged', 'anna', null],
    ]);
    expect(after.outOfService).toEqual([
      { stationId: 'st-c', metric: null, since: T0, by: 'carl', comment: 'sensor swap' },
      { stationId: 'st-d', metric: 'noise_level', since: T0, by: 'carl', comment: null },
    ]);
    expect(await store.loadRules()).toEqual(DEFAULT_RULES.slice(0, 3));
    expect(await store.getState('watermark')).toBe(String(T0 + 42));
    expect(await store.getState('never-set')).toBeNull();
    expect(store.status()).toMatchObject({ state: 'ok', queueDepth: 0 });
  });
});

