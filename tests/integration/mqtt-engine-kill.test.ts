/**
 * The engine process killed with SIGKILL while readings arrive over MQTT, restarted by its supervisor
 * (EngineHost over a child process, as in headless mode): what the killed engine had acknowledged is in
 * its journal and is read again from the committed sequence, what it had not is sent again by the broker
 * (persistent session), and duplicates are dropped — so every stored window equals PostgreSQL's own
 * statistics over the raw readings and the brute-force windows of what was published.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EngineHost } from '../../src-main/engine/host/engine-host';
import { childProcessCarrier } from '../../src-main/engine/host/carriers';
import { defaultEngineEntry } from '../../src-main/engine/host/engine-entry-path';
import { mqttJournalDir } from '../../src-main/engine/process/create-source';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { PrivateMosquitto, chunksOf, connected, mosquittoPub, mqttEngineSettings, mqttToolsMissing, publishChunk, reached, referenceWindows } from './mqtt-harness';
import { CLOSER_METRIC, LATENESS_MS, SIZES_MS, simulatedReadings, statusOf, waitUntil } from './stream-harness';
import { compareWithTable, expectedWindows, summarize } from './window-expectation';

const hasPostgres = await isPostgresAvailable();
const missingTools = mqttToolsMissing();

describe.skipIf(!hasPostgres || missingTools !== null)('nothing lost over MQTT: engine killed', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('SIGKILL of the engine while a chunk is being published, supervised restart: exact windows, every reading once', async () => {
    const readings = simulatedReadings({ stations: 10, count: 4_000, seed: 17 });
    const stationIds = [...new Set(readings.map((r) => r.stationId))].sort();
    const expected = expectedWindows(readings, SIZES_MS);
    const chunks = chunksOf(readings);
    const dir = await mkdtemp(join(tmpdir(), 'sw-mqtt-kill-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const broker = await PrivateMosquitto.start(dir);
    cleanup.push(() => broker.stop());
    const database = await createTestDatabase('sw_mqtt_kill');
    cleanup.push(() => database.drop());
    const dataDir = join(dir, 'data');
    const settings = mqttEngineSettings(broker.url, `sw-kill-${process.pid}`, database.url);
    const host = new EngineHost({ createCarrier: () => childProcessCarrier(defaultEngineEntry()), engineOptions: { settings, secrets: {}, dataDir, operator: 'integration test' }, events: [] });
    await host.start();
    cleanup.push(async () => void (await host.stop()));
    await connected(host);

    const killAt = Math.floor(chunks.length / 2);
    const committedFile = join(mqttJournalDir(dataDir, 'mqtt-it'), 'committed');
    let committedBeforeKill = 0;
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      if (i !== killAt) {
        await publishChunk(broker.port, chunk, stationIds);
        await reached(host, chunk[chunk.length - 1]!.ts);
        continue;
      }
      // The journal commits follow durable windows: wait for one, so the restart resumes mid-stream.
      await waitUntil('a journal commit mid-stream', async () => {
        committedBeforeKill = Number(readFileSync(committedFile, 'utf8'));
        return committedBeforeKill > 0 ? true : 'nothing committed';
      }).catch((error: unknown) => {
        throw new Error(`${String(error)}; the journal commit file is ${committedFile}`);
      });
      const publishing = publishChunk(broker.port, chunk, stationIds);
      await new Promise((resolve) => setTimeout(resolve, 30));
      process.kill(host.pid!, 'SIGKILL');
      await publishing;
      await waitUntil('the supervisor to restart the engine', async () => host.restarts === 1 && host.state === 'running' && (await statusOf(host)) !== null);
      await reached(host, chunk[chunk.length - 1]!.ts);
    }
    expect(committedBeforeKill).toBeGreaterThan(0);

    const closeAt = readings[readings.length - 1]!.ts + LATENESS_MS + 2 * SIZES_MS[SIZES_MS.length - 1]!;
    await mosquittoPub(broker.port, 'city/zz-closer/readings', [JSON.stringify({ ts: new Date(closeAt).toISOString(), [CLOSER_METRIC]: 1 })]);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanup.push(() => db.end());
    await waitUntil(`${expected.size} windows stored`, async () => {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM window_aggregates WHERE metric <> $1', [CLOSER_METRIC]);
      return Number(rows[0]?.n) >= expected.size ? true : `${rows[0]?.n} rows`;
    });
    const status = (await statusOf(host))!;
    expect(status.engineRestarts).toBe(1);
    // The restarted engine read from the committed sequence, not everything again.
    expect(status.counters.readings + status.counters.late + status.counters.duplicates).toBeLessThan(readings.length);
    await host.stop();

    const raw = await db.query<{ n: string }>("SELECT count(*) AS n FROM readings WHERE station_id <> 'zz-closer'");
    expect(Number(raw.rows[0]!.n)).toBe(readings.length);
    const reference = await referenceWindows(db, SIZES_MS, [CLOSER_METRIC]);
    expect(reference.size).toBe(expected.size);
    const againstPostgres = await compareWithTable(db, reference, [CLOSER_METRIC]);
    expect(againstPostgres.missing.length + againstPostgres.extra.length + againstPostgres.wrong.length, summarize(againstPostgres)).toBe(0);
    const againstPublished = await compareWithTable(db, expected, [CLOSER_METRIC]);
    expect(againstPublished.missing.length + againstPublished.extra.length + againstPublished.wrong.length, summarize(againstPublished)).toBe(0);
  });
});
