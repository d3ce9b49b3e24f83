// A fresh 3-partition topic filled with simulator readings as the app's wire format (JSON wide records,
// keyed by station; scripts/simulate.ts's encodeReading), produced in chunks with a few sends in flight
// so the bench process never holds the whole data set.
import { randomBytes } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { SimulatorModel } from '../../src-main/adapters/simulator/simulator-model';
import { SimulatorSourceSchema } from '../../src-shared/settings/schema';
import { encodeReading } from '../../scripts/simulate';

export interface ReadingsTopic {
  readonly topic: string;
  readonly count: number;
  readonly averageBytes: number;
  /** Event time of the first and last reading. */
  readonly firstTs: number;
  readonly lastTs: number;
  readonly produceSeconds: number;
}

export interface ReadingsTopicOptions {
  readonly count: number;
  readonly stations: number;
  /** Readings per station per event-second. */
  readonly ratePerStation: number;
  readonly partitions?: number;
  readonly seed?: number;
}

export function benchKafka(brokers: string, clientId = 'stationwatch-bench'): Kafka {
  return new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 200 } });
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
}

export async function createTopic(kafka: Kafka, prefix: string, partitions = 3): Promise<string> {
  const topic = uniqueName(prefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export async function deleteTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
}

/**
 * Produces `count` readings whose event times end a minute before now (so the decoder's future guard
 * never applies and windows close as event time advances through the data).
 */
export async function fillReadingsTopic(kafka: Kafka, options: ReadingsTopicOptions): Promise<ReadingsTopic> {
  const topic = await createTopic(kafka, 'sw-bench-ingest', options.partitions ?? 3);
  const spanMs = Math.ceil((options.count / (options.stations * options.ratePerStation)) * 1000);
  const startMs = Date.now() - spanMs - 60_000;
  const settings = SimulatorSourceSchema.parse({ kind: 'simulator', stations: options.stations, ratePerStation: options.ratePerStation, seed: options.seed ?? 7 });
  const model = new SimulatorModel(settings, startMs);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  const started = performance.now();
  let sent = 0;
  let bytes = 0;
  let firstTs = Number.NaN;
  let lastTs = Number.NaN;
  const inFlight: Promise<unknown>[] = [];
  try {
    while (sent < options.count) {
      const readings = model.readingsUntil(Number.POSITIVE_INFINITY, Math.min(5_000, options.count - sent));
      if (readings.length === 0) break;
      if (Number.isNaN(firstTs)) firstTs = readings[0]!.ts;
      lastTs = readings[readings.length - 1]!.ts;
      const messages = readings.map(encodeReading);
      for (const m of messages) bytes += (m.value as string).length;
      inFlight.push(producer.send({ topic, acks: -1, messages }));
      if (inFlight.length >= 4) await inFlight.shift();
      sent += readings.length;
    }
    await Promise.all(inFlight);
  } finally {
    await Promise.allSettled(inFlight);
    await producer.disconnect();
  }
  return { topic, count: sent, averageBytes: bytes / sent, firstTs, lastTs, produceSeconds: (performance.now() - started) / 1000 };
}
