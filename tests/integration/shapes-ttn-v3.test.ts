/**
 * The Things Stack v3 uplinks published with the real mosquitto_pub to `v3/<app>@ttn/devices/<id>/up`
 * (a private Mosquitto), consumed with the ttn-v3 preset: station `end_device_ids.device_id` (one mapped
 * to a friendly name), time `received_at` (nanosecond ISO, cut to the ms), metrics from
 * `uplink_message.decoded_payload` with °F, Pa and mph converted into the catalogue's °C, hPa and m/s —
 * worked out here from the unit definitions, not by the decoder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../src-shared/domain/reading';
import { isPostgresAvailable } from '../helpers/postgres';
import { PrivateMosquitto, connected, mosquittoPub, mqttToolsMissing } from './mqtt-harness';
import { SHAPE_CLOSER_METRIC, closerTime, expectExact, rejections, startShapeRun } from './shapes-harness';
import type { ShapeRun } from './shapes-harness';

const hasPostgres = await isPostgresAvailable();
const missing = mqttToolsMissing();
if (missing !== null) console.warn(`\n*** SKIPPING ttn-v3 shape test: ${missing}. ***\n`);

const DEVICES: readonly { id: string; name: string }[] = [
  { id: 'eui-70b3d57ed0051234', name: 'Dam square' },
  { id: 'eui-70b3d57ed0055678', name: 'eui-70b3d57ed0055678' },
];
const T0 = Date.UTC(2024, 0, 1, 10, 0, 0);
const UPLINKS = 25;

/** An uplink as The Things Stack publishes it (trimmed to the parts that matter, plus some noise). */
function uplink(deviceId: string, receivedAt: string, decoded: Record<string, unknown>): string {
  return JSON.stringify({
    end_device_ids: { device_id: deviceId, application_ids: { application_id: 'city-air' }, dev_eui: deviceId.slice(4).toUpperCase() },
    correlation_ids: ['as:up:01HXYZ'],
    received_at: receivedAt,
    uplink_message: { f_port: 2, f_cnt: 7, decoded_payload: decoded, rx_metadata: [{ gateway_ids: { gateway_id: 'gw-1' }, rssi: -80, snr: 7.5 }] },
  });
}

describe.skipIf(!hasPostgres || missing !== null)('ttn-v3 shape over MQTT (mosquitto_pub)', () => {
  let run: ShapeRun | null = null;
  let broker: PrivateMosquitto | null = null;
  let dir = '';
  afterAll(async () => {
    await run?.close();
    await broker?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('reads uplinks with unit conversions and every window equals PostgreSQL over the raw readings', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sw-shape-ttn-'));
    broker = await PrivateMosquitto.start(dir);
    run = await startShapeRun('shape_ttn', {
      kind: 'mqtt',
      broker: broker.url,
      clientId: `sw-shape-ttn-${process.pid}`,
      subscriptions: ['v3/+/devices/+/up'],
      shape: {
        preset: 'ttn-v3',
        deviceNames: { [DEVICES[0]!.id]: DEVICES[0]!.name },
        fields: [
          { from: 'temp_f', metric: 'temperature', unit: 'degF' },
          { from: 'pressure_pa', metric: 'pressure', unit: 'Pa' },
          { from: 'wind_mph', metric: 'wind_speed', unit: 'mph' },
        ],
      },
    });
    await connected({ request: async () => (await run!.status())! });

    const expected: Reading[] = [];
    let newest = 0;
    for (const [d, device] of DEVICES.entries()) {
      const lines: string[] = [];
      for (let i = 0; i < UPLINKS; i++) {
        const ms = T0 + i * 7_000 + d * 3;
        const tempF = Math.round((50 + i * 1.3 + d) * 10) / 10;
        const pressurePa = 101_325 - i * 37 + d * 11;
        const windMph = Math.round((4 + (i % 5) * 2.25) * 100) / 100;
        const humidity = 60 - i;
        // received_at with nanoseconds: cut to the millisecond.
        const receivedAt = `${new Date(ms).toISOString().slice(0, 23)}456789Z`;
        lines.push(uplink(device.id, receivedAt, { temp_f: tempF, pressure_pa: pressurePa, wind_mph: windMph, humidity, status: 'ok' }));
        expected.push({ stationId: device.name, ts: ms, metrics: { temperature: ((tempF - 32) * 5) / 9, pressure: pressurePa / 100, wind_speed: windMph * 0.44704, humidity } });
        newest = Math.max(newest, ms);
      }
      await mosquittoPub(broker.port, `v3/city-air@ttn/devices/${device.id}/up`, lines);
    }
    await mosquittoPub(broker.port, 'v3/city-air@ttn/devices/zz-closer/up', [uplink('zz-closer', new Date(closerTime(newest)).toISOString(), { [SHAPE_CLOSER_METRIC]: 1 })]);

    const result = await expectExact(run, expected);
    expect(result.readingProblems).toEqual([]);
    expect(result.windowProblems).toEqual([]);
    expect(result.windows).toBeGreaterThan(0);
    expect(rejections(result.status)).toEqual({});
  }, 30_000);
});
