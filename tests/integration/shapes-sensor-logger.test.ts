/**
 * Sensor Logger batches (the app's MQTT/HTTP push schema: `{messageId, sessionId, deviceId, payload: [...]}`,
 * epoch-nanosecond times as 19-digit JSON numbers, fields inline or under `values`) published with the real
 * mosquitto_pub into a private Mosquitto, consumed with the sensor-logger preset: station from deviceId
 * (one mapped to a friendly name), metrics `<name>.<field>`, the barometer mapped to `pressure`, entries of
 * one time merged. The expected readings are worked out here from the nanosecond digits (floor to the ms).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SENSOR_LOGGER_DEFAULT_FIELDS } from '../../src-shared/settings/shape';
import { isPostgresAvailable } from '../helpers/postgres';
import { PrivateMosquitto, connected, mosquittoPub, mqttToolsMissing } from './mqtt-harness';
import { SHAPE_CLOSER_METRIC, closerTime, expectExact, rejections, sensorLoggerBatches, sensorLoggerCloser, startShapeRun } from './shapes-harness';
import type { ShapeRun } from './shapes-harness';

const hasPostgres = await isPostgresAvailable();
const missing = mqttToolsMissing();
if (missing !== null) console.warn(`\n*** SKIPPING sensor-logger shape test: ${missing}. ***\n`);

const DEVICES: readonly { id: string; name: string }[] = [
  { id: 'c5d8e1f0-phone', name: 'pilot-phone-1' },
  { id: '9b1e7a44-phone', name: '9b1e7a44-phone' },
];
const T0_MS = Date.UTC(2023, 9, 28, 13, 52, 0);
const BATCHES = 6;
const ENTRIES = 10;

describe.skipIf(!hasPostgres || missing !== null)('sensor-logger shape over MQTT (mosquitto_pub)', () => {
  let run: ShapeRun | null = null;
  let broker: PrivateMosquitto | null = null;
  let dir = '';
  afterAll(async () => {
    await run?.close();
    await broker?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('reads nanosecond batches from the app and every window equals PostgreSQL over the raw readings', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sw-shape-sl-'));
    broker = await PrivateMosquitto.start(dir);
    run = await startShapeRun('shape_sl', {
      kind: 'mqtt',
      broker: broker.url,
      clientId: `sw-shape-sl-${process.pid}`,
      subscriptions: ['sensorlogger/#'],
      shape: {
        preset: 'sensor-logger',
        deviceNames: { [DEVICES[0]!.id]: DEVICES[0]!.name },
        fields: [...SENSOR_LOGGER_DEFAULT_FIELDS, { from: 'closer.value', metric: SHAPE_CLOSER_METRIC }],
      },
    });
    await connected({ request: async () => (await run!.status())! });

    const { messages, expected, newest } = sensorLoggerBatches(DEVICES, T0_MS, BATCHES, ENTRIES);
    for (const [deviceId, lines] of messages) await mosquittoPub(broker.port, `sensorlogger/${deviceId}`, lines);
    await mosquittoPub(broker.port, 'sensorlogger/zz-closer', [sensorLoggerCloser(closerTime(newest))]);

    const result = await expectExact(run, expected);
    expect(result.readingProblems).toEqual([]);
    expect(result.windowProblems).toEqual([]);
    expect(result.windows).toBeGreaterThan(0);
    expect(rejections(result.status)).toEqual({});
  }, 30_000);
});
