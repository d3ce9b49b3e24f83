/**
 * npm run simulate -- --kafka <brokers> --topic <t> [--stations 12] [--rate 1] [--duration s] [--count n]
 *   [--seed 42] [--scenario heatwave] [--fast]
 *
 * Publishes the built-in simulator's readings to Kafka as JSON wide records
 * ({"station_id","ts" ISO, <metric>: number…}) keyed by station id. --rate is readings per second per
 * station. Paced in real time by default; --fast publishes simulated time as fast as the broker takes it
 * (then --duration is simulated seconds). Stops after --duration or --count, or on Ctrl-C, and prints
 * the final count. `--help` lists the options with their defaults.
 */
import { parseArgs } from 'node:util';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { Message } from 'kafkajs';
import type { Reading } from '../src-shared/domain/reading';
import { ScenarioSchema, SimulatorSourceSchema } from '../src-shared/settings/schema';
import { SimulatorModel } from '../src-main/adapters/simulator/simulator-model';
import type { SimulatorSettings } from '../src-main/adapters/simulator/simulator-model';
import { commandLineOptions } from '../src-main/cli/command-line';

/** The simulate command's options, parsed. */
export interface SimulateOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly settings: SimulatorSettings;
  /** Seconds (wall, or simulated with --fast); null = until --count or Ctrl-C. */
  readonly durationS: number | null;
  readonly count: number | null;
  readonly isFast: boolean;
}

const SYNOPSIS = 'usage: npm run simulate -- --kafka host:port[,…] --topic t [options]';
const USAGE = `${SYNOPSIS}

Publishes the built-in simulator's readings to Kafka as JSON wide records keyed by station id.

Options [default]:
  --kafka <brokers>    Kafka brokers, comma-separated (required)
  --topic <t>          topic to publish to (required)
  --stations <n>       simulated stations [12]
  --rate <r>           readings per second per station [1]
  --duration <s>       seconds to publish; simulated seconds with --fast [until --count or Ctrl-C]
  --count <n>          readings to publish [until --duration or Ctrl-C]
  --seed <n>           simulator seed [42]
  --scenario <kind>    heatwave|stuck-sensor|station-offline|burst|pm-episode|ozone-episode|dust-event|sensor-drift,
                       at the first station, starting after 30 s for 300 s; repeat for several [none]
  --fast               publish simulated time as fast as the broker takes it [off: paced in real time]
  -h, --help           print this help

Example:
  npm run simulate -- --kafka 127.0.0.1:9092 --topic readings --stations 100 --rate 1 --duration 60`;
const SEND_CHUNK = 5_000;
const MAX_IN_FLIGHT = 4;

function positiveNumber(text: string | undefined, name: string): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number\n${SYNOPSIS}`);
  return n;
}

/** Parses the command line (without node and script); throws an Error with the usage on a mistake. */
export function parseSimulateArgs(argv: readonly string[]): SimulateOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      kafka: { type: 'string' },
      topic: { type: 'string' },
      stations: { type: 'string', default: '12' },
      rate: { type: 'string', default: '1' },
      duration: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string', default: '42' },
      scenario: { type: 'string', multiple: true, default: [] },
      fast: { type: 'boolean', default: false },
    },
  });
  if (!values.kafka || !values.topic) throw new Error(`--kafka and --topic are required\n${SYNOPSIS}`);
  const scenarios = values.scenario.map((kind) => {
    const parsed = ScenarioSchema.safeParse({ kind });
    if (!parsed.success) throw new Error(`unknown scenario "${kind}"\n${SYNOPSIS}`);
    return parsed.data;
  });
  const parsed = SimulatorSourceSchema.safeParse({ kind: 'simulator', stations: Number(values.stations), ratePerStation: Number(values.rate), seed: Number(values.seed), scenarios });
  if (!parsed.success) throw new Error(`${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n${SYNOPSIS}`);
  const count = positiveNumber(values.count, 'count');
  return {
    brokers: values.kafka.split(',').map((b) => b.trim()).filter((b) => b !== ''),
    topic: values.topic,
    settings: parsed.data,
    durationS: positiveNumber(values.duration, 'duration'),
    count: count === null ? null : Math.floor(count),
    isFast: values.fast,
  };
}

/** The default wire format: a JSON wide record keyed by station. */
export function encodeReading(reading: Reading): Message {
  const record: Record<string, string | number> = { station_id: reading.stationId, ts: new Date(reading.ts).toISOString() };
  for (const [metric, value] of Object.entries(reading.metrics)) record[metric] = value;
  return { key: reading.stationId, value: JSON.stringify(record) };
}

/** Publishes until the duration or count is reached (or `signal` aborts). Returns how many were sent. */
export async function runSimulate(options: SimulateOptions, signal: AbortSignal, log: (line: string) => void): Promise<number> {
  const kafka = new Kafka({ clientId: 'stationwatch-simulate', brokers: [...options.brokers], logLevel: logLevel.ERROR });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const wallStart = Date.now();
  const model = new SimulatorModel(options.settings, wallStart);
  const endSim = options.durationS === null ? Number.POSITIVE_INFINITY : wallStart + options.durationS * 1000;
  const limit = options.count ?? Number.POSITIVE_INFINITY;
  let sent = 0;
  let lastProgress = wallStart;
  const inFlight: Promise<unknown>[] = [];
  try {
    while (!signal.aborted && sent < limit) {
      const simNow = options.isFast ? endSim : Math.min(endSim, Date.now());
      const readings = model.readingsUntil(simNow, Math.min(SEND_CHUNK, limit - sent));
      if (readings.length > 0) {
        // A few sends in flight keep the broker busy while the next chunk is encoded.
        inFlight.push(producer.send({ topic: options.topic, messages: readings.map(encodeReading) }));
        if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
        sent += readings.length;
      } else if (simNow >= endSim) {
        break;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const now = Date.now();
      if (now - lastProgress >= 1_000) {
        lastProgress = now;
        log(`${sent.toLocaleString('en')} readings published, ${Math.round(sent / ((now - wallStart) / 1000)).toLocaleString('en')}/s`);
      }
    }
    await Promise.all(inFlight);
  } finally {
    await Promise.allSettled(inFlight);
    await producer.disconnect();
  }
  return sent;
}

async function main(): Promise<void> {
  const options = commandLineOptions({ command: 'npm run simulate', usage: USAGE, parse: parseSimulateArgs });
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const started = Date.now();
  try {
    const sent = await runSimulate(options, abort.signal, (line) => process.stderr.write(`${line}\n`));
    const seconds = (Date.now() - started) / 1000;
    console.log(`published ${sent} readings from ${options.settings.stations} stations to "${options.topic}" in ${seconds.toFixed(1)} s`);
  } catch (error) {
    console.error(`simulate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) void main();
