/**
 * HTTP push while the engine restarts: the engine process is killed (SIGKILL) between pushes; a push
 * meanwhile is answered 503 with a plain message and takes nothing, and the same body sent again once the
 * engine is back is answered 200 and stored once. Real curl, real engine process, PostgreSQL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startServer } from '../../src-main/server/server';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { simulatedReadings, statusOf, waitUntil } from './stream-harness';
import { curlMissing, curlPost, pushSettings, testRendererDir, wireObject } from './http-push-harness';

const hasPostgres = await isPostgresAvailable();
const missing = curlMissing();

describe.skipIf(!hasPostgres || missing !== null)('HTTP push across an engine restart', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('answers 503 while the engine is down, and the resend after it is stored once', async () => {
    const readings = simulatedReadings({ stations: 4, count: 400, seed: 5 });
    const dir = await mkdtemp(join(tmpdir(), 'sw-push-restart-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const database = await createTestDatabase('sw_push_restart');
    cleanup.push(() => database.drop());
    const server = await startServer({
      engineOptions: { settings: pushSettings(database.url, 1_048_576), secrets: {}, dataDir: join(dir, 'data'), operator: 'integration test' },
      port: 0,
      rendererDir: testRendererDir(dir),
      tokens: { ingest: 'ingest-token' },
      backoff: { initialMs: 1_500, maxMs: 1_500, stableMs: 60_000 },
    });
    cleanup.push(() => server.close());
    const ready = (): Promise<void> =>
      waitUntil('the HTTP push source to be ready', async () => {
        const status = await statusOf(server.engine);
        return status?.source.state === 'connected' ? true : `source ${status?.source.state ?? 'none'}`;
      });
    await ready();
    const headers = ['Content-Type: application/json', 'Authorization: Bearer ingest-token'];
    const first = JSON.stringify(readings.slice(0, 200).map(wireObject));
    const second = JSON.stringify(readings.slice(200).map(wireObject));
    expect((await curlPost(`${server.url}/ingest`, first, headers)).status).toBe(200);

    process.kill(server.engine.pid!, 'SIGKILL');
    await waitUntil('the host to notice the engine ended', async () => (server.engine.state === 'restarting' ? true : server.engine.state));
    const during = await curlPost(`${server.url}/ingest`, second, headers);
    expect(during.status).toBe(503);
    expect(during.body).toContain('Send it again later');

    await waitUntil('the engine to run again', async () => (server.engine.state === 'running' ? true : server.engine.state));
    await ready();
    const resent = await curlPost(`${server.url}/ingest`, second, headers);
    expect(resent.status, resent.body).toBe(200);
    expect(JSON.parse(resent.body)).toEqual({ accepted: 200, duplicates: 0 });

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanup.push(() => db.end());
    const rows = await db.query<{ n: string; distinct_keys: string }>('SELECT count(*) AS n, count(DISTINCT (station_id, ts)) AS distinct_keys FROM readings');
    expect(Number(rows.rows[0]!.n)).toBe(readings.length);
    expect(Number(rows.rows[0]!.distinct_keys)).toBe(readings.length);
  });
});
