// ingest.mqtt.readingsPerSec: sustained ingest from a local Mosquitto through the engine's real path —
// the MQTT source (QoS 1, persistent session, every message journaled before its PUBACK), the pipeline and
// a PostgreSQL profile on a fresh database of the shared server — in-process, like ingest.kafka.
//
// The backlog: a private Mosquitto of this suite's own (persistence on, max_queued_messages raised, the
// default max_inflight_messages of 20) holds a persistent session that subscribed to bench/+/readings; the
// readings (1,000 stations at 10/s, simulator JSON wide records of ~200 bytes, event-time order) are
// published to it with the real mosquitto_pub at QoS 1 (every PUBACK awaited, see tests/integration/mqtt-harness.ts)
// while no one is connected, so the broker queues them. Then the engine starts with that client id and drains
// the queue. Timed from the first counted reading until every reading is counted (pipeline:status counters),
// polled every 5 ms. Medians over the runs; the result records the readings counted late and refused per run
// (0 expected).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { startEngine } from '../../src-main/engine/process/engine';
import type { EngineHandle } from '../../src-main/engine/engine-api';
import { SimulatorModel } from '../../src-main/adapters/simulator/simulator-model';
import { defaultSettings, MqttSourceSchema, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { createTestDatabase, isPostgresAvailable } from '../../tests/helpers/postgres';
import { PrivateMosquitto, mosquittoPub, mqttToolsMissing, wireLine } from '../../tests/integration/mqtt-harness';
import { median } from '../stats';
import type { BenchOptions, BenchResult } from '../types';

const STATIONS = 1_000;
const RATE_PER_STATION = 10;
/**
 * Publishers, each on its own topic bench/<n>/readings. One: side by side, publishers drift apart in event
 * time on a loaded machine by more than the allowed lateness, and the readings counted late measure them.
 */
const PUBLISHERS = 1;
const POLL_MS = 5;
const RUN_TIMEOUT_MS = 180_000;

/** The published readings as mosquitto_pub lines, one list per publisher; events in time order within each. */
function backlog(count: number): string[][] {
  const settings = SimulatorSourceSchema.parse({ kind: 'simulator', stations: STATIONS, ratePerStation: RATE_PER_STATION, seed: 7 });
  const spanMs = Math.ceil((count / (STATIONS * RATE_PER_STATION)) * 1000);
  const model = new SimulatorModel(settings, Date.now() - spanMs - 60_000);
  const lines: string[][] = Array.from({ length: PUBLISHERS }, () => []);
  const readings = model.readingsUntil(Number.POSITIVE_INFINITY, count);
  for (let i = 0; i < readings.length; i++) lines[i % PUBLISHERS]!.push(wireLine(readings[i]!, true));
  return lines;
}

function settingsFor(broker: string, clientId: string, databaseUrl: string): Settings {
  const base = defaultSettings();
  const source = MqttSourceSchema.parse({ kind: 'mqtt', broker, clientId, subscriptions: ['bench/+/readings'] });
  return { ...base, activeProfileId: 'bench', profiles: [{ id: 'bench', name: 'Bench', source, database: { kind: 'postgres', url: databaseUrl, ssl: false } }] };
}

/** Creates the persistent session (subscribed at QoS 1), then leaves it for the broker to queue into. */
async function createSession(port: number, clientId: string): Promise<void> {
  const client = await connectAsync({ host: '127.0.0.1', port, clientId, clean: false, reconnectPeriod: 0, protocolVersion: 4 });
  await client.subscribeAsync('bench/+/readings', { qos: 1 });
  await client.endAsync();
}

async function oneRun(broker: PrivateMosquitto, lines: readonly string[][], run: number): Promise<{ readingsPerSec: number; publishPerSec: number; late: number; rejected: number }> {
  const total = lines.reduce((n, list) => n + list.length, 0);
  const clientId = `sw-bench-mqtt-${process.pid}-${run}`;
  await createSession(broker.port, clientId);
  const p0 = performance.now();
  await Promise.all(lines.map((list, i) => mosquittoPub(broker.port, `bench/${i}/readings`, list)));
  const publishPerSec = total / ((performance.now() - p0) / 1000);
  const db = await createTestDatabase('sw_bench_mqtt');
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-bench-mqtt-'));
  let engine: EngineHandle | null = null;
  try {
    engine = await startEngine({ settings: settingsFor(broker.url, clientId, db.url), secrets: {}, dataDir, operator: 'bench' });
    const running = engine;
    let t1 = Number.NaN;
    let c1 = 0;
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    for (;;) {
      const status = await running.request('pipeline:status', {});
      const counted = status.counters.readings + status.counters.late + Object.values(status.counters.rejected).reduce((a, b) => a + b, 0);
      if (Number.isNaN(t1) && counted > 0) [t1, c1] = [performance.now(), counted];
      if (counted >= total) {
        const seconds = (performance.now() - t1) / 1000;
        return { readingsPerSec: (counted - c1) / seconds, publishPerSec, late: status.counters.late, rejected: Object.values(status.counters.rejected).reduce((a, b) => a + b, 0) };
      }
      if (Date.now() > deadline) throw new Error(`ingest-mqtt: ${counted} of ${total} readings counted within ${RUN_TIMEOUT_MS / 1000} s (source ${status.source.state}: ${status.source.detail ?? ''})`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    if (engine !== null) await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await db.drop();
  }
}

export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  const missing = mqttToolsMissing();
  if (missing !== null) throw new Error(`skip: ${missing}`);
  if (!(await isPostgresAvailable())) throw new Error('skip: PostgreSQL is not reachable');
  const count = options.quick ? 60_000 : 200_000;
  const runs = options.quick ? 1 : 3;
  const lines = backlog(count);
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-mosquitto-'));
  const broker = await PrivateMosquitto.start(dir);
  try {
    const results: Awaited<ReturnType<typeof oneRun>>[] = [];
    for (let i = 0; i < runs; i++) results.push(await oneRun(broker, lines, i));
    const rates = results.map((r) => r.readingsPerSec);
    return {
      'ingest.mqtt.readingsPerSec': {
        median: median(rates),
        unit: 'readings/s',
        runs,
        target: 30_000,
        perRun: rates.map((rate) => Math.round(rate)),
        readings: count,
        stations: STATIONS,
        publishers: PUBLISHERS,
        publishReadingsPerSec: median(results.map((r) => r.publishPerSec)),
        late: results.map((r) => r.late),
        rejected: results.map((r) => r.rejected),
        broker: 'private mosquitto 127.0.0.1, persistence on, max_inflight_messages 20 (default)',
      },
    };
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
