// decode.<preset>.messagesPerSec: the message-shape front end (src-main/core/shapes/shape-decoder.ts) alone,
// one core, over distinct realistic messages of each preset (Uint8Array payloads with Kafka-like metadata),
// from bytes to ShapedReadings — before Decoder.validate(), which every preset shares and
// decodeAggregate.* measures. Targets (issue 16): ≥ 300,000/s for the JSON presets, ≥ 150,000/s for
// Python literals. Also reported per result: readingsPerMessage, averageMessageBytes and the CPU rates.
// Sensor Logger batches hold three sensor entries at two instants (two readings after grouping by time).
// `median` is wall time (the machine is shared), `cpuMedian` this process's CPU time; both messages/s.
import { loadAverage, timeSection, type Timed } from '../measure';
import { median, quantile } from '../stats';
import type { BenchOptions, BenchResult } from '../types';
import { ShapeDecoder, type MessageMeta } from '../../src-main/core/shapes/shape-decoder';
import { ShapeSchema } from '../../src-shared/settings/shape';

const encoder = new TextEncoder();
const T0_MS = Date.UTC(2026, 0, 1);
const STATIONS = 1_000;

/** One benchmarked shape: its settings and a message generator (i = message number). */
interface Case {
  readonly name: string;
  readonly shape: unknown;
  readonly message: (i: number) => string;
}

/** Deterministic pseudo-random values in [0, 1), so every run decodes the same bytes. */
function noise(i: number, salt: number): number {
  const x = Math.sin(i * 12.9898 + salt * 78.233) * 43_758.5453;
  return x - Math.floor(x);
}

function value(i: number, salt: number, base: number, spread: number): string {
  return (base + noise(i, salt) * spread).toFixed(2);
}

/** Epoch ns of message i (plus offsetMs) as exact digits (19 of them), as Sensor Logger writes them. */
function nanos(i: number, offsetMs: number, offsetNs: number): string {
  return `${T0_MS + i * 10 + offsetMs}${String(offsetNs).padStart(6, '0')}`;
}

function localTime(i: number): string {
  return new Date(T0_MS + 3_600_000 * 24 * 150 + i * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

const CASES: readonly Case[] = [
  {
    name: 'stationwatch',
    shape: { preset: 'stationwatch' },
    message: (i) =>
      `{"station_id":"st-${i % STATIONS}","ts":"${new Date(T0_MS + i * 10).toISOString()}","temperature":${value(i, 1, 10, 20)},"humidity":${value(i, 2, 40, 40)},"pressure":${value(i, 3, 990, 40)},"noise_level":${value(i, 4, 40, 30)},"wind_speed":${value(i, 5, 0, 15)}}`,
  },
  {
    name: 'sensor-logger',
    shape: { preset: 'sensor-logger' },
    message: (i) =>
      `{"messageId":${i},"sessionId":"4a0c6d87-0b2b-4f5e-9b53-1c9b1e8f2f7a","deviceId":"phone-${i % STATIONS}","payload":[` +
      `{"name":"pressure","time":${nanos(i, 0, 401_773)},"pressure":${value(i, 1, 990, 40)},"relativeAltitude":${value(i, 2, 0, 1)}},` +
      `{"name":"microphone","time":${nanos(i, 0, 402_001)},"dBFS":${value(i, 3, -60, 30)}},` +
      `{"name":"accelerometer","time":${nanos(i, 1, 403_500)},"values":{"x":${value(i, 4, -1, 2)},"y":${value(i, 5, -1, 2)},"z":${value(i, 6, 9, 1)}},"accuracy":3}]}`,
  },
  {
    name: 'flat',
    shape: { preset: 'flat', time: { path: 'date_time', zone: 'Europe/Amsterdam' } },
    message: (i) => `{"date_time":"${localTime(i)}","temp":${value(i, 1, 10, 20)},"humidity":${value(i, 2, 40, 40)}}`,
  },
  {
    name: 'python-dict',
    shape: { preset: 'python-dict' },
    message: (i) => `{'station_id': 'station_${(i % STATIONS).toString(16).padStart(9, '0')}', 'temperature': ${value(i, 1, 10, 20)}, 'humidity': ${value(i, 2, 40, 40)}, 'ok': True, 'note': None}`,
  },
  {
    name: 'ttn-v3',
    shape: { preset: 'ttn-v3' },
    message: (i) =>
      `{"end_device_ids":{"device_id":"eui-70b3d57ed005${(i % STATIONS).toString(16).padStart(4, '0')}","application_ids":{"application_id":"city-air"},"dev_eui":"70B3D57ED0051234","dev_addr":"260B1234"},` +
      `"correlation_ids":["as:up:01HABCDEF0123456789ABCDEFG"],"received_at":"${new Date(T0_MS + i * 10).toISOString().slice(0, 23)}456789Z",` +
      `"uplink_message":{"f_port":2,"f_cnt":${i},"frm_payload":"AQIDBA==","decoded_payload":{"temperature":${value(i, 1, 10, 20)},"humidity":${value(i, 2, 40, 40)},"battery":${value(i, 3, 3, 1)}},` +
      `"rx_metadata":[{"gateway_ids":{"gateway_id":"gw-1"},"rssi":-${60 + (i % 40)},"snr":7.5}],"settings":{"data_rate":{"lora":{"bandwidth":125000,"spreading_factor":7}},"frequency":"868100000"}}}`,
  },
  {
    name: 'generic',
    shape: {
      preset: 'generic',
      mapping: {
        records: 'data.readings',
        station: { from: 'field', path: 'site.id' },
        time: { path: 'observed', format: 'epoch-ms' },
        metrics: { include: 'mapped', fields: [{ from: 'sensors.temp', metric: 'temperature', unit: 'degF' }, { from: 'sensors.wind', metric: 'wind_speed', unit: 'mph' }, { from: 'sensors.baro', metric: 'pressure', unit: 'Pa' }] },
      },
    },
    message: (i) =>
      `{"site":{"id":"site-${i % STATIONS}"},"data":{"readings":[{"observed":${T0_MS + i * 10},"sensors":{"temp":${value(i, 1, 40, 50)},"wind":${value(i, 2, 0, 30)},"baro":${value(i, 3, 99_000, 4000)}}}]}}`,
  },
  {
    name: 'generic-csv',
    shape: {
      preset: 'generic',
      mapping: {
        syntax: { kind: 'csv', columns: ['station', 'time', 'temp_f', 'wind_kn'] },
        station: { from: 'field', path: 'station' },
        time: { path: 'time', format: 'epoch-s' },
        metrics: { fields: [{ from: 'temp_f', metric: 'temperature', unit: 'degF' }, { from: 'wind_kn', metric: 'wind_speed', unit: 'knots' }] },
      },
    },
    message: (i) => `st-${i % STATIONS},${1_767_225_600 + i},${value(i, 1, 40, 50)},${value(i, 2, 0, 30)}\n`,
  },
];

/** Kafka-like metadata: every message has a key and a record timestamp, as the flat and python-dict presets use them. */
function metaFor(i: number): MessageMeta {
  return { key: encoder.encode(`st-${i % STATIONS}`), topic: 'city-readings', recordTimestampMs: T0_MS + i * 10, receivedAt: T0_MS + i * 10 + 5 };
}

let readingsSeen = 0;

function pass(decoder: ShapeDecoder, messages: readonly Uint8Array[], metas: readonly MessageMeta[]): void {
  let readings = 0;
  for (let i = 0; i < messages.length; i++) {
    const result = decoder.decode(messages[i]!, metas[i]!);
    if (!result.ok) throw new Error(`bench message rejected: ${result.reason} ${result.detail}`);
    readings += result.readings.length;
  }
  readingsSeen = readings;
}

function summary(samples: readonly Timed[], runs: number): BenchResult {
  const wall = samples.map((s) => s.perWallSecond);
  const cpu = samples.map((s) => s.perCpuSecond);
  return {
    median: Math.round(median(wall)),
    p95: Math.round(quantile(wall, 0.05)),
    cpuMedian: Math.round(median(cpu)),
    cpuP95: Math.round(quantile(cpu, 0.05)),
    unit: 'messages/s',
    runs,
    note: 'median/p95: wall time; cpuMedian/cpuP95: CPU time of this process; p95 is the slow tail (5th percentile of throughput). Shape front end only, before Decoder.validate()',
  };
}

/** Runs the suite. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  const count = options.quick ? 20_000 : 100_000;
  const runs = options.quick ? 5 : 9;
  const results: Record<string, BenchResult> = {};
  for (const benchCase of CASES) {
    const decoder = new ShapeDecoder(ShapeSchema.parse(benchCase.shape));
    const messages = Array.from({ length: count }, (_, i) => encoder.encode(benchCase.message(i)));
    const metas = Array.from({ length: count }, (_, i) => metaFor(i));
    const bytes = messages.reduce((sum, message) => sum + message.length, 0);
    const samples: Timed[] = [];
    const load: number[] = [];
    for (let run = -2; run < runs; run++) {
      const timed = timeSection(count, () => pass(decoder, messages, metas));
      if (run >= 0) samples.push(timed); // two warm-up passes
      load.push(loadAverage());
    }
    results[`decode.${benchCase.name}.messagesPerSec`] = {
      ...summary(samples, runs),
      messagesPerPass: count,
      readingsPerMessage: readingsSeen / count,
      averageMessageBytes: Math.round(bytes / count),
      loadAverage1m: median(load),
    };
  }
  return results;
}
