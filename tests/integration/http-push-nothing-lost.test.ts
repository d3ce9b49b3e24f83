/**
 * HTTP push, nothing lost: bodies pushed with the real curl to a headless server (real engine process,
 * PostgreSQL, raw readings stored) — single readings, arrays of readings and Sensor Logger batches, many
 * sent twice as a client without an answer would. Every stored window must equal PostgreSQL's own
 * statistics over the raw readings table (counts exact, means 1e-9) and the brute-force windows of what
 * was pushed; every reading is stored once; a resend changes nothing. Plus the refusals a client meets:
 * wrong token, viewer/operator tokens, too large, wrong type, malformed (quarantined).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Reading } from '../../src-shared/domain/reading';
import { startServer } from '../../src-main/server/server';
import type { RunningServer } from '../../src-main/server/server';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { referenceWindows } from './mqtt-harness';
import { CLOSER_METRIC, LATENESS_MS, SIZES_MS, simulatedReadings, statusOf, waitUntil } from './stream-harness';
import { compareWithTable, expectedWindows, summarize } from './window-expectation';
import { curlGet, curlMissing, curlPost, pushSettings, sensorLoggerBody, testRendererDir, wireObject } from './http-push-harness';

const hasPostgres = await isPostgresAvailable();
const missing = curlMissing();
if (missing !== null) console.warn(`\n*** SKIPPING HTTP push tests: ${missing}. ***\n`);

const TOKENS = { viewer: 'viewer-token-it', operator: 'operator-token-it', ingest: 'ingest-token-it' } as const;
const JSON_TYPE = 'Content-Type: application/json';
const BEARER = `Authorization: Bearer ${TOKENS.ingest}`;
const MAX_BODY = 65_536;

describe.skipIf(!hasPostgres || missing !== null)('HTTP push with curl into PostgreSQL', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('single readings, arrays and Sensor Logger batches, resends included: every window exact, every reading stored once; refusals are clear', async () => {
    const readings = simulatedReadings({ stations: 6, count: 3_000, seed: 33 });
    const dir = await mkdtemp(join(tmpdir(), 'sw-push-it-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const database = await createTestDatabase('sw_push');
    cleanup.push(() => database.drop());
    const server: RunningServer = await startServer({
      engineOptions: { settings: pushSettings(database.url, MAX_BODY), secrets: {}, dataDir: join(dir, 'data'), operator: 'integration test' },
      port: 0,
      rendererDir: testRendererDir(dir),
      tokens: TOKENS,
    });
    cleanup.push(() => server.close());
    await waitUntil('the HTTP push source to be ready', async () => {
      const status = await statusOf(server.engine);
      return status?.source.state === 'connected' ? true : `source ${status?.source.state} ${status?.source.detail ?? ''}`;
    });
    const ingest = `${server.url}/ingest`;
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanup.push(() => db.end());

    // Bodies in event-time order: the first 30 readings one per body, then arrays of 45; a Sensor Logger batch every tenth body.
    const bodies: { readonly route: string; readonly text: string; readonly readings: number; readonly keys: readonly (readonly [string, number])[] }[] = [];
    const pushed: Reading[] = [];
    let messageId = 0;
    for (let i = 0; i < readings.length; ) {
      const size = i < 30 ? 1 : 45;
      const part = readings.slice(i, i + size);
      bodies.push({ route: ingest, text: JSON.stringify(size === 1 ? wireObject(part[0]!) : part.map(wireObject)), readings: part.length, keys: part.map((r) => [r.stationId, r.ts] as const) });
      pushed.push(...part);
      i += size;
      if (bodies.length % 10 === 0) {
        const at = part[part.length - 1]!.ts;
        const phone = [1, 2, 3, 4, 5].map((k) => ({ ts: at + k * 7, pressure: 1000 + ((messageId * 5 + k) % 37) / 4 }));
        bodies.push({ route: `${ingest}/sensor-logger`, text: sensorLoggerBody('phone-7', phone, messageId++), readings: phone.length, keys: phone.map((p) => ['phone-7', p.ts] as const) });
        pushed.push(...phone.map((p) => ({ stationId: 'phone-7', ts: p.ts, metrics: { pressure: p.pressure } })));
      }
    }
    for (let b = 0; b < bodies.length; b++) {
      const body = bodies[b]!;
      const first = await curlPost(body.route, body.text, [JSON_TYPE, BEARER]);
      expect(first.status, first.body).toBe(200);
      expect(JSON.parse(first.body)).toEqual({ accepted: body.readings, duplicates: 0 });
      // 200 means stored: the raw rows are in PostgreSQL when the answer arrives.
      const stored = await db.query<{ n: string }>('SELECT count(*) AS n FROM readings r JOIN unnest($1::text[], $2::bigint[]) AS k(s, t) ON r.station_id = k.s AND r.ts = k.t', [body.keys.map((k) => k[0]), body.keys.map((k) => k[1])]);
      expect(Number(stored.rows[0]!.n)).toBe(body.readings);
      // Every third body again, as a client that lost the answer would: all of it is a duplicate (the
      // same bytes are known as such); every fourth written differently (indented), which only the
      // pipeline's duplicate filter recognises (same station, time and values).
      if (b % 3 === 0) {
        const again = await curlPost(body.route, body.text, [JSON_TYPE, BEARER]);
        expect(again.status, again.body).toBe(200);
        expect(JSON.parse(again.body)).toEqual({ accepted: body.readings, duplicates: body.readings });
      }
      if (b % 4 === 1) {
        const reformatted = await curlPost(body.route, JSON.stringify(JSON.parse(body.text), null, 2), [JSON_TYPE, BEARER]);
        expect(reformatted.status, reformatted.body).toBe(200);
        expect(JSON.parse(reformatted.body)).toEqual({ accepted: body.readings, duplicates: body.readings });
      }
    }
    // The token may also come in the URL (the Sensor Logger app can set a URL but not every header).
    const viaQuery = await curlPost(`${ingest}?token=${TOKENS.ingest}`, bodies[bodies.length - 1]!.text, [JSON_TYPE]);
    expect(viaQuery.status, viaQuery.body).toBe(200);

    // Refusals, none of which may store anything.
    const sample = bodies[5]!.text;
    const wrongToken = await curlPost(ingest, sample, [JSON_TYPE, 'Authorization: Bearer wrong']);
    expect([wrongToken.status, wrongToken.body]).toEqual([401, 'That token is not the ingest token: Authorization: Bearer <token>, or ?token=<token>.']);
    const noToken = await curlPost(ingest, sample, [JSON_TYPE]);
    expect([noToken.status, noToken.body]).toEqual([401, 'The ingest token is required: Authorization: Bearer <token>, or ?token=<token>.']);
    const asViewer = await curlPost(ingest, sample, [JSON_TYPE, `Authorization: Bearer ${TOKENS.viewer}`]);
    expect(asViewer.status).toBe(403);
    expect(asViewer.body).toContain('ingest token');
    expect((await curlPost(ingest, sample, [JSON_TYPE, `Authorization: Bearer ${TOKENS.operator}`])).status).toBe(403);
    // The ingest token opens nothing else.
    expect((await curlGet(`${server.url}/healthz`, [BEARER])).status).toBe(401);
    expect((await curlGet(`${server.url}/`, [BEARER])).status).toBe(401);
    const tooLarge = await curlPost(ingest, Buffer.alloc(MAX_BODY + 1, 0x20), [JSON_TYPE, BEARER]);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toContain(`${MAX_BODY} bytes`);
    const wrongType = await curlPost(ingest, sample, [BEARER]);
    expect(wrongType.status).toBe(415);
    expect(wrongType.body).toContain('send application/json, text/plain or text/csv');
    const malformed = await curlPost(ingest, '{"station_id": "s-broken", "ts": ', [JSON_TYPE, BEARER]);
    expect(malformed.status).toBe(422);
    expect(JSON.parse(malformed.body)).toMatchObject({ reason: 'not-json', detail: expect.any(String) });
    const noStation = await curlPost(ingest, '{"ts": "2026-01-05T09:00:00Z", "temperature": 4}', [JSON_TYPE, BEARER]);
    expect(noStation.status).toBe(422);
    expect(JSON.parse(noStation.body)).toMatchObject({ reason: 'no-station' });

    // A second board of a station, at the time of a reading taken: its other metrics are taken (before, the whole
    // reading was dropped as a duplicate and never stored); the same metric again with another value is a
    // duplicate, and the first value stands in the windows and the stored reading alike.
    const last = readings[readings.length - 1]!;
    const board: Reading = { stationId: last.stationId, ts: last.ts, metrics: { noise: 48.5, light: 310 } };
    const second = await curlPost(ingest, JSON.stringify(wireObject(board)), [JSON_TYPE, BEARER]);
    expect(JSON.parse(second.body)).toEqual({ accepted: 1, duplicates: 0 });
    pushed.push(board);
    const [metric, value] = Object.entries(last.metrics)[0]!;
    const changed = await curlPost(ingest, JSON.stringify(wireObject({ ...last, metrics: { [metric]: value + 1 } })), [JSON_TYPE, BEARER]);
    expect(JSON.parse(changed.body)).toEqual({ accepted: 1, duplicates: 1 });

    // One closing reading far ahead closes every data window.
    const closeAt = readings[readings.length - 1]!.ts + LATENESS_MS + 2 * SIZES_MS[SIZES_MS.length - 1]!;
    const closer = await curlPost(ingest, JSON.stringify({ station_id: 'zz-closer', ts: new Date(closeAt).toISOString(), [CLOSER_METRIC]: 1 }), [JSON_TYPE, BEARER]);
    expect(closer.status).toBe(200);
    const expected = expectedWindows(pushed, SIZES_MS);
    await waitUntil(`${expected.size} windows stored`, async () => {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM window_aggregates WHERE metric <> $1', [CLOSER_METRIC]);
      return Number(rows[0]?.n) >= expected.size ? true : `${rows[0]?.n} rows`;
    });

    // Resending the last bodies after everything closed changes nothing.
    for (const body of bodies.slice(-4)) {
      const again = await curlPost(body.route, body.text, [JSON_TYPE, BEARER]);
      expect(again.status, again.body).toBe(200);
      expect(JSON.parse(again.body)).toMatchObject({ duplicates: body.readings });
    }
    const status = (await statusOf(server.engine))!;
    await server.close();

    const raw = await db.query<{ n: string }>("SELECT count(*) AS n FROM readings WHERE station_id <> 'zz-closer'");
    expect(Number(raw.rows[0]!.n)).toBe(new Set(pushed.map((r) => `${r.stationId}@${r.ts}`)).size);
    const merged = await db.query<{ metrics: Record<string, number> }>('SELECT metrics FROM readings WHERE station_id = $1 AND ts = $2', [last.stationId, last.ts]);
    expect(merged.rows[0]!.metrics).toEqual({ ...last.metrics, ...board.metrics });
    const reference = await referenceWindows(db, SIZES_MS, [CLOSER_METRIC]);
    expect(reference.size).toBe(expected.size);
    const againstPostgres = await compareWithTable(db, reference, [CLOSER_METRIC]);
    expect(againstPostgres.missing.length + againstPostgres.extra.length + againstPostgres.wrong.length, summarize(againstPostgres)).toBe(0);
    const againstPushed = await compareWithTable(db, expected, [CLOSER_METRIC]);
    expect(againstPushed.missing.length + againstPushed.extra.length + againstPushed.wrong.length, summarize(againstPushed)).toBe(0);
    // The two refused messages are quarantined with their bytes; nothing else was refused.
    expect(status.counters.rejected).toEqual({ 'not-json': 1, 'no-station': 1 });
    const quarantined = await db.query<{ reason: string; sample: string }>("SELECT reason, sample FROM rejected_messages WHERE topic = 'http-push' ORDER BY reason");
    expect(quarantined.rows.map((r) => r.reason)).toEqual(['no-station', 'not-json']);
    expect(quarantined.rows[1]!.sample).toContain('s-broken');
  });
});
