/**
 * npm run replay -- <file> [--format jsonl|csv|parquet] [--station-col station_id] [--time-col ts]
 *   [--time-format iso|epoch-s|epoch-ms] [--metrics a,b,c] [--metric-col metric --value-col value]
 *   --kafka <brokers> --topic <t> [--speed 10x|max] [--key station|none] [--dry-run]
 *
 * Publishes a recording (JSONL, CSV or Parquet) to Kafka as JSON wide records in the default wire
 * format ({"station_id","ts" ISO, <metric>: number…}) keyed by station, paced by the recording's
 * own timestamps (ReplaySource: 1x = real time, max = as fast as the broker takes it). Rows the
 * decoder refuses are counted by reason and not published. --dry-run reads and counts only. `--help`
 * lists the options with their defaults.
 */
import { parseArgs } from 'node:util';
import { Kafka, Partitioners, logLevel, type Producer } from 'kafkajs';
import type { Reading } from '../src-shared/domain/reading';
import { ReplayColumnsSchema, ReplayFormatSchema, type ReplayColumns } from '../src-shared/settings/schema';
import { formatFromPath, type RecordingFormat } from '../src-main/adapters/replay/column-mapping';
import { ReplaySource } from '../src-main/adapters/replay/replay-source';
import type { ReplayReject } from '../src-main/adapters/replay/recording-decoder';
import { describeCounts } from '../src-main/adapters/replay/replay-counts';
import { commandLineOptions } from '../src-main/cli/command-line';

/** Everything the replay command needs, parsed from the command line. */
export interface ReplayCliOptions {
  readonly file: string;
  readonly format: RecordingFormat;
  readonly columns: ReplayColumns;
  /** Recorded ms per wall ms; 0 = as fast as possible. */
  readonly speed: number;
  readonly brokers: readonly string[];
  readonly topic: string | null;
  readonly keyByStation: boolean;
  readonly isDryRun: boolean;
}

/** What a run did. */
export interface ReplayCliResult {
  readonly published: number;
  readonly rejected: number;
  readonly rejectsByReason: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly summary: string;
}

const SYNOPSIS = 'usage: npm run replay -- <file> (--kafka host:port[,…] --topic t | --dry-run) [options]';
const USAGE = `${SYNOPSIS}

Publishes a recording (JSONL, CSV or Parquet) to Kafka as JSON wide records, paced by its own timestamps.
Rows the decoder refuses are counted by reason and not published.

Options [default]:
  --kafka <brokers>      Kafka brokers, comma-separated (required unless --dry-run)
  --topic <t>            topic to publish to (required unless --dry-run)
  --dry-run              read and count only, publish nothing [off]
  --format <f>           jsonl|csv|parquet [from the extension: .jsonl .ndjson .json .csv .parquet .pq]
  --station-col <c>      station id column [station_id]
  --time-col <c>         time column [ts]
  --time-format <f>      iso|epoch-s|epoch-ms [iso]
  --metrics <a,b,…>      metric columns to publish [every other numeric column]
  --metric-col <c>       metric-name column of a narrow recording {station, time, metric, value} [metric]
  --value-col <c>        value column of a narrow recording [value]
  --speed <x>            10x = ten times real time, max = as fast as the broker takes it [1x]
  --key <k>              station|none: the Kafka message key [station]
  -h, --help             print this help

Example:
  npm run replay -- resources/sample-data/city-12x10min.csv --kafka 127.0.0.1:9092 --topic readings --speed 10x`;

/** Parses the command line (without node and script); throws an Error with the usage on a mistake. */
export function parseReplayArgs(argv: readonly string[]): ReplayCliOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'station-col': { type: 'string' },
      'time-col': { type: 'string' },
      'time-format': { type: 'string' },
      metrics: { type: 'string' },
      'metric-col': { type: 'string' },
      'value-col': { type: 'string' },
      kafka: { type: 'string' },
      topic: { type: 'string' },
      speed: { type: 'string', default: '1x' },
      key: { type: 'string', default: 'station' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new Error(`expected exactly one recording file\n${SYNOPSIS}`);
  const isDryRun = values['dry-run'] === true;
  if (!isDryRun && (values.kafka === undefined || values.topic === undefined)) throw new Error(`--kafka and --topic are required (or --dry-run)\n${SYNOPSIS}`);
  if (values.key !== 'station' && values.key !== 'none') throw new Error(`--key must be station or none\n${SYNOPSIS}`);
  const columns = ReplayColumnsSchema.safeParse({
    stationColumn: values['station-col'],
    timeColumn: values['time-col'],
    timeFormat: values['time-format'],
    metrics: values.metrics?.split(',').map((m) => m.trim()).filter((m) => m.length > 0),
    metricColumn: values['metric-col'],
    valueColumn: values['value-col'],
  });
  if (!columns.success) throw new Error(`bad column mapping: ${columns.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n${SYNOPSIS}`);
  const named = ReplayFormatSchema.safeParse(values.format);
  if (values.format !== undefined && !named.success) throw new Error(`--format must be jsonl, csv or parquet, not "${values.format}"\n${SYNOPSIS}`);
  const format = named.success ? named.data : formatFromPath(file);
  return {
    file,
    format,
    columns: columns.data,
    speed: parseSpeed(values.speed ?? '1x'),
    brokers: values.kafka?.split(',').map((b) => b.trim()) ?? [],
    topic: values.topic ?? null,
    keyByStation: values.key === 'station',
    isDryRun,
  };
}

/** "10x", "10", "0.5x" → 10, 10, 0.5; "max" or "0" → 0 (as fast as possible). */
export function parseSpeed(text: string): number {
  if (text === 'max') return 0;
  const speed = Number(text.endsWith('x') ? text.slice(0, -1) : text);
  if (!Number.isFinite(speed) || speed < 0) throw new Error(`--speed must be like 1x, 10x or max, not "${text}"`);
  return speed;
}

/** One reading as the default wire format's JSON wide record. */
export function wireRecord(reading: Reading): string {
  return JSON.stringify({ station_id: reading.stationId, ts: new Date(reading.ts).toISOString(), ...reading.metrics });
}

/** Replays the recording to Kafka (or counts it, --dry-run); `log` gets progress and the summary. */
export async function runReplay(options: ReplayCliOptions, log: (line: string, isProgress: boolean) => void = defaultLog): Promise<ReplayCliResult> {
  const producer = options.isDryRun ? null : await connectProducer(options.brokers);
  const rejectSamples: ReplayReject[] = [];
  const source = new ReplaySource(
    { path: options.file, speed: options.speed, format: options.format, columns: options.columns },
    { maxBatch: 2_000, checkFutureTime: false, onReject: (r) => void (rejectSamples.length < 5 && rejectSamples.push(r)) },
  );
  const started = Date.now();
  let failure: string | null = null;
  const progress = setInterval(() => log(progressLine(source, started), true), 1_000);
  try {
    await source.start({
      onBatch: async (batch) => {
        if (batch.kind !== 'readings' || producer === null || options.topic === null) return;
        const messages = batch.readings.map((r) => ({ key: options.keyByStation ? r.stationId : null, value: wireRecord(r) }));
        await producer.send({ topic: options.topic, acks: -1, messages });
      },
      onStatus: (state, detail) => {
        if (state === 'stopped') failure = detail;
      },
    });
    await source.done();
  } finally {
    clearInterval(progress);
    await producer?.disconnect();
  }
  if (failure !== null) throw new Error(failure);
  const seconds = (Date.now() - started) / 1000;
  for (const reject of rejectSamples) log(`rejected ${reject.reason}: ${reject.detail}`, false);
  const target = options.isDryRun ? '(dry run: nothing published)' : `to ${options.topic}`;
  const summary = `replayed ${describeCounts(source.counts)} ${target} in ${seconds.toFixed(1)} s (${Math.round((source.counts.readings + source.counts.rejected) / Math.max(seconds, 1e-3))} rows/s)`;
  log(summary, false);
  return { published: options.isDryRun ? 0 : source.counts.readings, rejected: source.counts.rejected, rejectsByReason: Object.fromEntries(source.counts.byReason), seconds, summary };
}

async function connectProducer(brokers: readonly string[]): Promise<Producer> {
  const kafka = new Kafka({ clientId: 'stationwatch-replay', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
  await producer.connect();
  return producer;
}

/** "1,234 rows, 3,000 rows/s, 45%, ETA 12 s". */
function progressLine(source: ReplaySource, started: number): string {
  const rows = source.counts.readings + source.counts.rejected;
  const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
  const fraction = source.progress.total > 0 ? Math.min(1, source.progress.done / source.progress.total) : 0;
  const eta = fraction > 0 ? `ETA ${Math.round((seconds * (1 - fraction)) / fraction)} s` : 'ETA ?';
  return `${rows.toLocaleString('en')} rows, ${Math.round(rows / seconds).toLocaleString('en')} rows/s, ${Math.round(fraction * 100)}%, ${eta}`;
}

function defaultLog(line: string, isProgress: boolean): void {
  if (isProgress && process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
  else if (isProgress) process.stderr.write(`${line}\n`);
  else process.stdout.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${line}\n`);
}

async function main(): Promise<void> {
  const options = commandLineOptions({ command: 'npm run replay', usage: USAGE, parse: parseReplayArgs });
  try {
    await runReplay(options);
  } catch (error) {
    console.error(`replay failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) void main();
