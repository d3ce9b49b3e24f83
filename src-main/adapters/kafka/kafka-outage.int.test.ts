import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaSourceSchema } from '../../../src-shared/settings/schema';
import type { SourcePosition } from '../../../src-shared/domain/reading';
import { createTopic, produce, requireKafka, startBroker, startPrivateBroker, stopBroker, uniqueTopicName } from '../../../tests/helpers/kafka';
import type { KafkaTestEnv, PrivateBroker } from '../../../tests/helpers/kafka';
import { KafkaSource } from './kafka-source';
import { TestCollector, waitFor } from './test-collector';

// The shared broker only tells us Java and the jars work; the outage happens on a private broker,
// so tests running at the same time against the shared one are not disturbed.
const shared = await requireKafka();
let broker: PrivateBroker | null = null;
let env: KafkaTestEnv | null = null;

function messages(from: number, count: number): { key: string; value: string }[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return { key: `st-${i % 12}`, value: JSON.stringify({ station_id: `st-${i % 12}`, ts: new Date(1_790_000_000_000 + i).toISOString(), pm25: i % 50, seq: i }) };
  });
}

describe.skipIf(shared === null || !shared.owned)('KafkaSource when the broker stops and comes back', () => {
  beforeAll(() => {
    broker = startPrivateBroker();
    env = broker.env;
  });
  afterAll(() => {
    broker?.destroy();
  });

  it('goes disconnected, reconnects, and resumes with nothing lost', async () => {
    const topic = await createTopic(env!, { partitions: 3 });
    const groupId = uniqueTopicName('sw-outage');
    const source = new KafkaSource(KafkaSourceSchema.parse({ kind: 'kafka', brokers: env!.brokers.split(','), topics: [topic], groupId, start: 'earliest' }), {});
    const collector = new TestCollector();
    // Like the pipeline with no open windows: commit everything processed, after each batch.
    collector.afterBatch = async (batch) => {
      const last = new Map<number, SourcePosition>();
      for (const m of batch) last.set(m.position!.partition, m.position!);
      await source.commit([...last.values()].map((p) => ({ ...p, offset: String(BigInt(p.offset) + 1n) }))).catch(() => undefined);
    };
    await source.start(collector);
    await produce(env!, topic, messages(0, 1000));
    await waitFor(() => collector.messages().length >= 1000, 60_000, 'first 1000 messages');

    stopBroker(env!);
    await waitFor(() => collector.states().includes('disconnected'), 60_000, 'disconnected status');
    const disconnectedAt = collector.statuses.findIndex((s) => s.state === 'disconnected');
    expect(collector.statuses[disconnectedAt]!.detail).not.toBeNull();

    startBroker(env!);
    await produce(env!, topic, messages(1000, 1000));
    await waitFor(() => new Set(collector.values()).size >= 2000, 120_000, 'all 2000 messages after the restart');
    expect(collector.statuses.slice(disconnectedAt).some((s) => s.state === 'connected')).toBe(true);
    await source.stop();

    const expected = new Set([...messages(0, 1000), ...messages(1000, 1000)].map((m) => m.value));
    const received = new Set(collector.values());
    for (const value of expected) expect(received.has(value)).toBe(true);
    // Redelivery is allowed (at-least-once) but bounded by the commits: far fewer than a full re-read.
    expect(collector.messages().length).toBeLessThan(3000);
  });
});
