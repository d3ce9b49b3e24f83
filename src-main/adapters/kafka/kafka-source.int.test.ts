import { afterAll, describe, expect, it } from 'vitest';
import { KafkaSourceSchema } from '../../../src-shared/settings/schema';
import { committedOffsets, createTopic, deleteTopic, produce, requireKafka, uniqueTopicName } from '../../../tests/helpers/kafka';
import { KafkaSource } from './kafka-source';
import type { KafkaProfile } from './kafka-config';
import { TestCollector, waitFor } from './test-collector';

const env = await requireKafka();
const topics: string[] = [];

function profile(topic: string, groupId: string, start: KafkaProfile['start'] = 'earliest'): KafkaProfile {
  return KafkaSourceSchema.parse({ kind: 'kafka', brokers: env!.brokers.split(','), topics: [topic], groupId, start });
}

function record(i: number): { key: string; value: string } {
  const station = `st-${i % 30}`;
  return { key: station, value: JSON.stringify({ station_id: station, ts: new Date(1_790_000_000_000 + i * 1000).toISOString(), temperature: i % 40, seq: i }) };
}

describe.skipIf(env === null)('KafkaSource against a real broker', () => {
  afterAll(async () => {
    for (const t of topics) await deleteTopic(env!, t);
  });

  it('delivers a 3-partition topic in batches with exact positions, and commits exactly what it is told', async () => {
    const topic = await createTopic(env!, { partitions: 3 });
    topics.push(topic);
    const sent = Array.from({ length: 3000 }, (_, i) => record(i));
    await produce(env!, topic, sent);
    const groupId = uniqueTopicName('sw-group');

    const collector = new TestCollector();
    const source = new KafkaSource(profile(topic, groupId), {});
    await source.start(collector);
    await waitFor(() => collector.messages().length >= 3000, 60_000, '3000 messages');

    const messages = collector.messages();
    expect(messages).toHaveLength(3000);
    expect(new Set(collector.values())).toEqual(new Set(sent.map((m) => m.value)));
    expect(collector.batches.length).toBeLessThan(300); // batched, not one call per message
    const byPartition = new Map<number, bigint[]>();
    for (const m of messages) {
      expect(m.position?.topic).toBe(topic);
      const list = byPartition.get(m.position!.partition) ?? [];
      list.push(BigInt(m.position!.offset));
      byPartition.set(m.position!.partition, list);
    }
    expect([...byPartition.keys()].sort()).toEqual([0, 1, 2]);
    for (const offsets of byPartition.values()) offsets.forEach((o, i) => expect(o).toBe(BigInt(i))); // contiguous from 0
    expect(collector.states()).toContain('connected');
    await waitFor(() => source.status().lag.length === 3, 5_000, 'lag for 3 partitions');
    expect(source.status().lag.every((l) => l.lag === 0)).toBe(true);

    const end1 = String(byPartition.get(1)!.length);
    await source.commit([{ topic, partition: 0, offset: '5' }, { topic, partition: 1, offset: end1 }]);
    const committed = await committedOffsets(env!, groupId, topic);
    expect(committed.get(0)).toBe('5');
    expect(committed.get(1)).toBe(end1);
    expect(committed.get(2)).toBe('-1');
    // A partition this member does not own is skipped, not an error.
    await source.commit([{ topic: `${topic}-elsewhere`, partition: 0, offset: '1' }]);
    await source.stop();
    expect(collector.states().at(-1)).toBe('stopped');

    // A new member of the same group resumes from the commits: p0 from 5, p1 nothing, p2 from the start.
    const again = new TestCollector();
    const second = new KafkaSource(profile(topic, groupId), {});
    await second.start(again);
    const expected = byPartition.get(0)!.length - 5 + byPartition.get(2)!.length;
    await waitFor(() => again.messages().length >= expected, 60_000, `${expected} re-read messages`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await second.stop();
    const first = new Map<number, string>();
    for (const m of again.messages()) if (!first.has(m.position!.partition)) first.set(m.position!.partition, m.position!.offset);
    expect(again.messages()).toHaveLength(expected);
    expect(first.get(0)).toBe('5');
    expect(first.has(1)).toBe(false);
    expect(first.get(2)).toBe('0');
  });

  it('delivers a 10 MB message between small ones (topic and broker limits raised)', async () => {
    const topic = await createTopic(env!, { partitions: 1, config: { 'max.message.bytes': '16777216' } });
    topics.push(topic);
    const big = 'x'.repeat(10 * 1024 * 1024);
    await produce(env!, topic, [record(1), { key: 'st-big', value: big }, record(2)]);
    const collector = new TestCollector();
    const source = new KafkaSource(profile(topic, uniqueTopicName('sw-group')), {});
    await source.start(collector);
    await waitFor(() => collector.messages().length >= 3, 60_000, 'three messages including the 10 MB one');
    await source.stop();
    expect(collector.messages().map((m) => m.value?.byteLength)).toEqual([record(1).value.length, big.length, record(2).value.length]);
    expect(collector.messages().map((m) => m.position!.offset)).toEqual(['0', '1', '2']);
  });

  it('pause() stops delivery and resume() continues without loss', async () => {
    const topic = await createTopic(env!, { partitions: 3 });
    topics.push(topic);
    const collector = new TestCollector();
    const source = new KafkaSource(profile(topic, uniqueTopicName('sw-group')), {});
    await source.start(collector);
    await waitFor(() => collector.states().includes('connected'), 30_000, 'connected');
    await produce(env!, topic, Array.from({ length: 100 }, (_, i) => record(i)));
    await waitFor(() => collector.messages().length >= 100, 30_000, 'first 100');

    source.pause();
    expect(source.status().paused).toBe(true);
    await produce(env!, topic, Array.from({ length: 100 }, (_, i) => record(100 + i)));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(collector.messages()).toHaveLength(100);

    source.resume();
    await waitFor(() => collector.messages().length >= 200, 30_000, 'all 200 after resume');
    await source.stop();
    expect(new Set(collector.values()).size).toBe(200);
  });

  it('start "latest" skips what is already there; a timestamp start seeks by time', async () => {
    const topic = await createTopic(env!, { partitions: 3 });
    topics.push(topic);
    // Kafka 4 refuses record timestamps more than an hour ahead, so both sets lie in the past.
    const now = Date.now();
    const old = Array.from({ length: 30 }, (_, i) => ({ ...record(i), timestamp: String(now - 2 * 86_400_000 + i) }));
    const recent = Array.from({ length: 30 }, (_, i) => ({ ...record(100 + i), timestamp: String(now - 60_000 + i) }));
    await produce(env!, topic, [...old, ...recent]);

    const byTime = new TestCollector();
    const timed = new KafkaSource(profile(topic, uniqueTopicName('sw-group'), { timestamp: now - 86_400_000 }), {});
    await timed.start(byTime);
    await waitFor(() => byTime.messages().length >= 30, 30_000, '30 recent messages');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await timed.stop();
    expect(new Set(byTime.values())).toEqual(new Set(recent.map((m) => m.value)));

    const latest = new TestCollector();
    const tail = new KafkaSource(profile(topic, uniqueTopicName('sw-group'), 'latest'), {});
    await tail.start(latest);
    await waitFor(() => latest.states().includes('connected'), 30_000, 'connected');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await produce(env!, topic, [record(999)]);
    await waitFor(() => latest.messages().length >= 1, 30_000, 'the new message');
    await tail.stop();
    expect(latest.values()).toEqual([record(999).value]);
  });
});
