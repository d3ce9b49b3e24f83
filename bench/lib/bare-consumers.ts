// The ceiling references for the Kafka ingest suite: bare consume loops that only count messages and touch
// their bytes. kafkajs with the app's own client config and KAFKA_FETCH_SETTINGS (eachBatch, one
// partition at a time, as the app's source runs it); @platformatic/kafka 1.x as a MessagesStream from
// 'earliest' with the same fetch sizes and wait. Both are timed from their first delivered batch.
import { loadavg } from 'node:os';
import { Kafka } from 'kafkajs';
import type { EachBatchPayload } from 'kafkajs';
import { Consumer as PlatformaticConsumer } from '@platformatic/kafka';
import type { MessagesStream } from '@platformatic/kafka';
import { KAFKA_FETCH_SETTINGS, kafkaClientConfig } from '../../src-main/adapters/kafka/kafka-config';
import { KafkaSourceSchema } from '../../src-shared/settings/schema';
import { processCpuSeconds } from './proc-cpu';
import { startLoopProbe } from './loop-probe';
import type { LoopProbe } from './loop-probe';
import { uniqueName } from './readings-topic';

/** Where and what to read. */
export interface BareTarget {
  readonly brokers: string;
  readonly topic: string;
  readonly count: number;
  /** The broker JVM, for its CPU time; null when not ours. */
  readonly brokerPid: number | null;
  readonly timeoutMs: number;
}

/** One timed pass over the topic. */
export interface BareRun {
  readonly readingsPerSec: number;
  /** Including connect and group join. */
  readonly endToEndPerSec: number;
  readonly seconds: number;
  readonly cpu: { readonly engineS: number; readonly brokerS: number | null; readonly postgresS: null };
  readonly load: number;
  /** Longest event-loop delay during the pass (the client library's own blocking). */
  readonly maxBlockMs: number;
}

function brokerCpu(target: BareTarget): number | null {
  return target.brokerPid === null ? null : processCpuSeconds(target.brokerPid);
}

function finish(target: BareTarget, t0: number, t1: number, tEnd: number, cpu0: NodeJS.CpuUsage, broker0: number | null, probe: LoopProbe): BareRun {
  const maxBlockMs = probe.stop().maxBlockMs;
  const cpu = process.cpuUsage(cpu0);
  const broker1 = brokerCpu(target);
  return {
    readingsPerSec: target.count / ((tEnd - t1) / 1000),
    endToEndPerSec: target.count / ((tEnd - t0) / 1000),
    seconds: (tEnd - t1) / 1000,
    cpu: { engineS: (cpu.user + cpu.system) / 1e6, brokerS: broker0 === null || broker1 === null ? null : broker1 - broker0, postgresS: null },
    load: loadavg()[0]!,
    maxBlockMs,
  };
}

/** Bare kafkajs: the app's client config and fetch settings, eachBatch, count and touch each value. */
export async function bareKafkajs(target: BareTarget): Promise<BareRun> {
  const total = target.count;
  const profile = KafkaSourceSchema.parse({ kind: 'kafka', brokers: target.brokers.split(','), clientId: 'stationwatch-bench-bare', topics: [target.topic] });
  const kafka = new Kafka(kafkaClientConfig(profile, {}));
  const consumer = kafka.consumer({ groupId: uniqueName('sw-bench-bare'), ...KAFKA_FETCH_SETTINGS, allowAutoTopicCreation: false });
  const cpu0 = process.cpuUsage();
  const broker0 = brokerCpu(target);
  const t0 = performance.now();
  const probe = startLoopProbe();
  let t1 = Number.NaN;
  let count = 0;
  let bytes = 0;
  try {
    const done = new Promise<number>((resolve) => {
      void consumer.connect().then(async () => {
        await consumer.subscribe({ topics: [target.topic], fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: true,
          partitionsConsumedConcurrently: 1,
          eachBatch: async ({ batch, heartbeat }: EachBatchPayload) => {
            if (Number.isNaN(t1)) t1 = performance.now();
            for (const m of batch.messages) bytes += m.value?.length ?? 0;
            count += batch.messages.length;
            if (count >= total) resolve(performance.now());
            await heartbeat();
          },
        });
      });
    });
    const tEnd = await withTimeout(done, 'bare kafkajs', target.timeoutMs);
    if (bytes === 0) throw new Error('bare kafkajs read no bytes');
    return finish(target, t0, t1, tEnd, cpu0, broker0, probe);
  } finally {
    probe.stop();
    await consumer.disconnect().catch(() => undefined);
  }
}

/** Bare @platformatic/kafka 1.x: a MessagesStream from 'earliest' with the same fetch sizes and wait. */
export async function barePlatformatic(target: BareTarget): Promise<BareRun> {
  const total = target.count;
  const consumer = new PlatformaticConsumer({ groupId: uniqueName('sw-bench-pkafka'), clientId: 'stationwatch-bench-pkafka', bootstrapBrokers: target.brokers.split(',') });
  const cpu0 = process.cpuUsage();
  const broker0 = brokerCpu(target);
  const t0 = performance.now();
  const probe = startLoopProbe();
  let t1 = Number.NaN;
  let count = 0;
  let bytes = 0;
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;
  try {
    stream = await consumer.consume({
      topics: [target.topic],
      mode: 'earliest',
      autocommit: false,
      minBytes: KAFKA_FETCH_SETTINGS.minBytes,
      maxBytes: KAFKA_FETCH_SETTINGS.maxBytes,
      maxBytesPerPartition: KAFKA_FETCH_SETTINGS.maxBytesPerPartition,
      maxWaitTime: KAFKA_FETCH_SETTINGS.maxWaitTimeInMs,
    });
    const running = stream;
    const done = new Promise<number>((resolve, reject) => {
      running.on('error', reject);
      running.on('data', (message) => {
        if (Number.isNaN(t1)) t1 = performance.now();
        bytes += message.value?.length ?? 0;
        if (++count === total) resolve(performance.now());
      });
    });
    const tEnd = await withTimeout(done, 'bare @platformatic/kafka', target.timeoutMs);
    if (bytes === 0) throw new Error('bare @platformatic/kafka read no bytes');
    return finish(target, t0, t1, tEnd, cpu0, broker0, probe);
  } finally {
    probe.stop();
    const open = stream;
    if (open !== null) await new Promise<void>((resolve) => open.close(() => resolve()));
    await new Promise<void>((resolve) => consumer.close(true, () => resolve()));
  }
}

function withTimeout<T>(promise: Promise<T>, what: string, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`ingest bench: ${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

