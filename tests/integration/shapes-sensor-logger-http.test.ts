/**
 * Sensor Logger batches pushed with the real curl to the headless server's `/ingest/sensor-logger`, as
 * the app's HTTP push does (ingest token, JSON bodies with 19-digit nanosecond times): every body answered
 * 200 with its readings accepted, a resend counted as duplicates, and — as over MQTT — the raw readings
 * equal what was pushed and every stored window equals PostgreSQL's statistics over the raw table.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SENSOR_LOGGER_DEFAULT_FIELDS } from '../../src-shared/settings/shape';
import { isPostgresAvailable } from '../helpers/postgres';
import { curlMissing, curlPost } from './http-push-harness';
import { SHAPE_CLOSER_METRIC, closerTime, expectExact, rejections, sensorLoggerBatches, sensorLoggerCloser, startShapeRun } from './shapes-harness';
import type { ShapeRun } from './shapes-harness';
import { waitUntil } from './stream-harness';

const hasPostgres = await isPostgresAvailable();
const missing = curlMissing();
if (missing !== null) console.warn(`\n*** SKIPPING Sensor Logger HTTP push test: ${missing}. ***\n`);

const TOKENS = { viewer: 'viewer-token-shapes', operator: 'operator-token-shapes', ingest: 'ingest-token-shapes' } as const;
const HEADERS = ['Content-Type: application/json', `Authorization: Bearer ${TOKENS.ingest}`];
const DEVICES: readonly { id: string; name: string }[] = [
  { id: 'a71f03c2-phone', name: 'canal-phone' },
  { id: '4e90d5b8-phone', name: '4e90d5b8-phone' },
];
const T0_MS = Date.UTC(2024, 4, 14, 7, 30, 0);
const BATCHES = 5;
const ENTRIES = 10;

describe.skipIf(!hasPostgres || missing !== null)('sensor-logger shape over HTTP push (curl, headless mode)', () => {
  let run: ShapeRun | null = null;
  afterAll(async () => {
    await run?.close();
  });

  it('answers every batch once its readings are accepted, de-duplicates a resend, and every window equals PostgreSQL over the raw readings', async () => {
    run = await startShapeRun(
      'shape_slh',
      {
        kind: 'http-push',
        shape: { preset: 'sensor-logger', deviceNames: { [DEVICES[0]!.id]: DEVICES[0]!.name }, fields: [...SENSOR_LOGGER_DEFAULT_FIELDS, { from: 'closer.value', metric: SHAPE_CLOSER_METRIC }] },
      },
      { tokens: TOKENS },
    );
    await waitUntil('the HTTP push source to be ready', async () => {
      const status = await run!.status();
      return status?.source.state === 'connected' ? true : `source ${status?.source.state} ${status?.source.detail ?? ''}`;
    }, 20_000);
    const { messages, expected, newest } = sensorLoggerBatches(DEVICES, T0_MS, BATCHES, ENTRIES);
    const route = `${run.url}/ingest/sensor-logger`;
    for (const lines of messages.values()) {
      for (const body of lines) {
        const answer = await curlPost(route, body, HEADERS);
        expect(answer.status, answer.body).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({ accepted: 2 * ENTRIES, duplicates: 0 });
      }
    }
    // A client that got no answer sends the same batch again: nothing changes.
    const resend = await curlPost(route, messages.get(DEVICES[0]!.id)![0]!, HEADERS);
    expect(resend.status, resend.body).toBe(200);
    expect(JSON.parse(resend.body)).toEqual({ accepted: 2 * ENTRIES, duplicates: 2 * ENTRIES });
    // The closing batch through /ingest, decoded with the profile's shape (which maps closer.value).
    const closer = await curlPost(`${run.url}/ingest`, sensorLoggerCloser(closerTime(newest)), HEADERS);
    expect(closer.status, closer.body).toBe(200);

    const result = await expectExact(run, expected);
    expect(result.readingProblems).toEqual([]);
    expect(result.windowProblems).toEqual([]);
    expect(result.windows).toBeGreaterThan(0);
    expect(rejections(result.status)).toEqual({});
  }, 30_000);
});
