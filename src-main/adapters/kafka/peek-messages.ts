/**
 * Reads the last messages of a topic for the decoding preview, leaving the app's consumer group alone:
 * nothing is committed and the configured group is never joined. kafkajs has no group-less consumer
 * (no assign()), so the peek joins a throw-away group of its own (`stationwatch-preview-<random>`),
 * seeks every partition to its last `limit` offsets, stops at the high watermark seen at the start,
 * and deletes that group again. A topic with no messages answers at once with none.
 */
import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import type { Admin, Consumer } from 'kafkajs';
import { kafkaClientConfig } from './kafka-config';
import type { KafkaProfile, KafkaSecrets } from './kafka-config';

/** One message as the preview shows it. */
export interface PeekedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The record timestamp (epoch ms), as Kafka gives it. */
  readonly timestampMs: number | null;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
}

export interface PeekOptions {
  /** Messages wanted in all, the newest (by record timestamp, then offset). */
  readonly limit: number;
  /** Gives up waiting for messages after this long and answers with what it has. */
  readonly timeoutMs?: number;
}

/** The newest `limit` messages of the profile's topics; rejects with a plain message when the broker cannot be read. */
export async function peekMessages(profile: KafkaProfile, secrets: KafkaSecrets, options: PeekOptions): Promise<PeekedMessage[]> {
  const kafka = new Kafka({ ...kafkaClientConfig(profile, secrets), retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1_000 } });
  const admin = kafka.admin();
  await admin.connect();
  let consumer: Consumer | null = null;
  const groupId = `stationwatch-preview-${randomUUID()}`;
  try {
    const wanted = await startOffsets(admin, profile.topics, options.limit);
    if (wanted.size === 0) return [];
    consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, rebalanceTimeout: 10_000, allowAutoTopicCreation: false });
    const messages = await readUntilEnd(consumer, profile.topics, wanted, options.timeoutMs ?? 15_000);
    return newest(messages, options.limit);
  } finally {
    await consumer?.disconnect().catch(() => undefined);
    // The group never committed anything; deleting it leaves no trace on the broker.
    if (consumer !== null) await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/** Per "topic:partition" with messages: where to start and the high watermark to stop before. */
type Ranges = Map<string, { readonly topic: string; readonly partition: number; readonly from: bigint; readonly until: bigint }>;

async function startOffsets(admin: Admin, topics: readonly string[], limit: number): Promise<Ranges> {
  const ranges: Ranges = new Map();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      const low = BigInt(p.low);
      const high = BigInt(p.high);
      if (high <= low) continue;
      const from = high - BigInt(limit) > low ? high - BigInt(limit) : low;
      ranges.set(`${topic}:${p.partition}`, { topic, partition: p.partition, from, until: high });
    }
  }
  return ranges;
}

async function readUntilEnd(consumer: Consumer, topics: readonly string[], ranges: Ranges, timeoutMs: number): Promise<PeekedMessage[]> {
  const messages: PeekedMessage[] = [];
  const open = new Set(ranges.keys());
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: false });
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const timer = setTimeout(finish, timeoutMs);
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch }) => {
      const key = `${batch.topic}:${batch.partition}`;
      const range = ranges.get(key);
      if (range === undefined || !open.has(key)) return;
      for (const m of batch.messages) {
        const offset = BigInt(m.offset);
        if (offset < range.from) continue;
        if (offset >= range.until) break;
        const timestamp = Number(m.timestamp);
        messages.push({ topic: batch.topic, partition: batch.partition, offset: m.offset, timestampMs: Number.isFinite(timestamp) && timestamp >= 0 ? timestamp : null, key: m.key === null ? null : new Uint8Array(m.key), value: m.value === null ? null : new Uint8Array(m.value) });
        if (offset + 1n >= range.until) open.delete(key);
      }
      if (open.size === 0) finish();
    },
  });
  for (const range of ranges.values()) consumer.seek({ topic: range.topic, partition: range.partition, offset: range.from.toString() });
  await done;
  clearTimeout(timer);
  return messages;
}

function newest(messages: PeekedMessage[], limit: number): PeekedMessage[] {
  const sorted = [...messages].sort((a, b) => (a.timestampMs ?? 0) - (b.timestampMs ?? 0) || a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
  return sorted.slice(Math.max(0, sorted.length - limit));
}
