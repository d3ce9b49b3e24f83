/**
 * Nothing lost over MQTT: readings published with the real mosquitto_pub (QoS 1) to per-station topics
 * `city/<station>/readings` — half of them naming no station, which then comes from the topic level —
 * consumed by the engine (persistent session, journal, PostgreSQL with raw readings stored) through a
 * broker restart mid-stream and an app restart with readings published while the app was closed. Every
 * stored window must equal PostgreSQL's own statistics over the raw readings table (counts exact, means
 * 1e-9) and the brute-force windows of what was published; the raw table must hold every published
 * reading exactly once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startEngine } from '../../src-main/engine/process/engine';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { PrivateMosquitto, chunksOf, connected, mqttEngineSettings, mosquittoPub, mqttToolsMissing, publishChunk, reached, referenceWindows } from './mqtt-harness';
import { CLOSER_METRIC, LATENESS_MS, SIZES_MS, simulatedReadings, statusOf, waitUntil } from './stream-harness';
import { compareWithTable, expectedWindows, summarize } from './window-expectation';

const hasPostgres = await isPostgresAvailable();
const missingTools = mqttToolsMissing();
if (missingTools !== null) console.warn(`\n*** SKIPPING MQTT tests: ${missingTools}. ***\n`);

const STATIONS = 10;

describe.skipIf(!hasPostgres || missingTools !== null)('nothing lost over MQTT', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('broker restart mid-stream and app restart with readings published meanwhile: every window exact, every reading stored once', async () => {
    const readings = simulatedReadings({ stations: STATIONS, count: 6_000, seed: 16 });
    const stationIds = [...new Set(readings.map((r) => r.stationId))].sort();
    const expected = expectedWindows(readings, SIZES_MS);
    const chunks = chunksOf(readings);
    const dir = await mkdtemp(join(tmpdir(), 'sw-mqtt-it-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const broker = await PrivateMosquitto.start(dir);
    cleanup.push(() => broker.stop());
    const database = await createTestDatabase('sw_mqtt_lost');
    cleanup.push(() => database.drop());
    const options = { settings: mqttEngineSettings(broker.url, `sw-it-${process.pid}`, database.url), secrets: {}, dataDir: join(dir, 'data'), operator: 'integration test' };

    let engine = await startEngine(options);
    cleanup.push(async () => void (await engine.stop()));
    await connected(engine);
    const brokerRestartAfter = 5;
    const appDown = [10, 11, 12];
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      await publishChunk(broker.port, chunk, stationIds);
      if (appDown.includes(i)) {
        // The app is closed: the broker keeps these for the persistent session.
        if (i === appDown[appDown.length - 1]) {
          engine = await startEngine(options);
          await reached(engine, chunk[chunk.length - 1]!.ts);
        }
        continue;
      }
      await reached(engine, chunk[chunk.length - 1]!.ts);
      if (i === brokerRestartAfter) await broker.restart();
      if (i === appDown[0]! - 1) {
        const report = await engine.stop();
        expect(report?.committed).toBe(true);
      }
    }

    // One closing reading far ahead closes every data window.
    const closeAt = readings[readings.length - 1]!.ts + LATENESS_MS + 2 * SIZES_MS[SIZES_MS.length - 1]!;
    await mosquittoPub(broker.port, 'city/zz-closer/readings', [JSON.stringify({ ts: new Date(closeAt).toISOString(), [CLOSER_METRIC]: 1 })]);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanup.push(() => db.end());
    await waitUntil(`${expected.size} windows stored`, async () => {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM window_aggregates WHERE metric <> $1', [CLOSER_METRIC]);
      return Number(rows[0]?.n) >= expected.size ? true : `${rows[0]?.n} rows`;
    });
    const status = (await statusOf(engine))!;
    await engine.stop();

    const raw = await db.query<{ n: string }>("SELECT count(*) AS n FROM readings WHERE station_id <> 'zz-closer'");
    expect(Number(raw.rows[0]!.n)).toBe(readings.length);
    const reference = await referenceWindows(db, SIZES_MS, [CLOSER_METRIC]);
    expect(reference.size).toBe(expected.size);
    const againstPostgres = await compareWithTable(db, reference, [CLOSER_METRIC]);
    expect(againstPostgres.missing.length + againstPostgres.extra.length + againstPostgres.wrong.length, summarize(againstPostgres)).toBe(0);
    const againstPublished = await compareWithTable(db, expected, [CLOSER_METRIC]);
    expect(againstPublished.missing.length + againstPublished.extra.length + againstPublished.wrong.length, summarize(againstPublished)).toBe(0);
    // No reading was refused: those without station_id took it from the topic.
    expect(Object.values(status.counters.rejected).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
