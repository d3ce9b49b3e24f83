/**
 * The data-quality checks after a restart (issue 18), against real PostgreSQL: the store already holds the
 * last six hours of a stuck PM10 sensor at st-01 (one value repeated, 60 readings an hour), as an engine that
 * ran before left them. A new engine on that database (simulator at live speed, so no hour of its own closes
 * during the test) reads them before its first reading and shows the stuck flag in force in its first frames,
 * with the run's start and length as the hours say — without the stored hours the flag would come back only
 * after three more stuck hours. Its first frames carry st-02's air-quality index of the last stored hour too
 * (primed, not an hour later), and none for st-01, whose stuck hours are left out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine } from '../../src-main/engine/process/engine';
import type { EngineHandle } from '../../src-main/engine/engine-api';
import { openStore } from '../../src-main/adapters/sql/open-store';
import { SettingsSchema } from '../../src-shared/settings/schema';
import type { AirQualityFlag, StationAirIndex } from '../../src-shared/domain/air-quality';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';

const HOUR = 3_600_000;
const hasPostgres = await isPostgresAvailable();

describe.skipIf(!hasPostgres)('data-quality flags in force after a restart, on PostgreSQL', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('a new engine shows the stored stuck run at once, from the stored hours', { timeout: 60_000 }, async () => {
    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-flags-restart-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));

    // Six closed hours before the current one: st-01's PM10 stuck at 31 µg/m³, st-02's moving.
    const currentHour = Math.floor(Date.now() / HOUR) * HOUR;
    const hours: WindowAggregate[] = [];
    for (let h = 6; h >= 1; h--) {
      const start = currentHour - h * HOUR;
      hours.push({ stationId: 'st-01', metric: 'pm10', sizeMs: HOUR, start, count: 60, mean: 31, min: 31, max: 31, stddev: 0, p95: 31 });
      hours.push({ stationId: 'st-02', metric: 'pm10', sizeMs: HOUR, start, count: 60, mean: 20 + h, min: 15 + h, max: 25 + h, stddev: 2, p95: 24 + h });
    }
    const store = await openStore({ kind: 'postgres', url: database.url, ssl: false }, { dataDir, retryInitialMs: 20, retryMaxMs: 50 });
    await store.writeWindows(hours);
    await store.caughtUp();
    await store.close();

    const settings = SettingsSchema.parse({
      activeProfileId: 'it',
      profiles: [{ id: 'it', name: 'restart', source: { kind: 'simulator', stations: 2, seed: 7, outlierRate: 0, speed: 1 }, database: { kind: 'postgres', url: database.url } }],
      rules: [],
    });
    const flags: AirQualityFlag[][] = [];
    const indices: StationAirIndex[][] = [];
    const engine: EngineHandle = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    cleanup.push(() => engine.stop());
    const unsubscribe = engine.subscribe('stream:frame', (frame) => {
      if (frame.airFlags !== undefined) flags.push([...frame.airFlags]);
      if (frame.airQuality !== undefined) indices.push([...frame.airQuality]);
    });
    cleanup.push(async () => unsubscribe());

    await expect.poll(() => flags.length, { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    // Stuck needs 60 identical readings over 3 hours: the run starts with the third stored hour and holds four.
    expect(flags[0]).toEqual([expect.objectContaining({ stationId: 'st-01', pollutant: 'pm10', kind: 'stuck', isExcluded: true, sinceMs: currentHour - 4 * HOUR, hourStartMs: currentHour - HOUR, hours: 4 })]);
    expect(flags[0]![0]!.reason).toMatch(/has read exactly 31 µg\/m³/);
    // The index of the last stored hour (st-02: PM10 21 µg/m³), before any hour of the new engine closed.
    await expect.poll(() => indices.length, { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    expect(indices[0]).toEqual([expect.objectContaining({ stationId: 'st-02', index: 'eea', decidingPollutant: 'pm10', hourStartMs: currentHour - HOUR })]);
  });
});
