import { afterAll, describe, expect, it } from 'vitest';
import { KafkaSourceSchema } from '../../../src-shared/settings/schema';
import { parseSimulateArgs, runSimulate } from '../../../scripts/simulate';
import { createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../../../tests/helpers/kafka';
import { KafkaSource } from './kafka-source';
import { TestCollector, waitFor } from './test-collector';

const env = await requireKafka();
const topics: string[] = [];

describe.skipIf(env === null)('npm run simulate → Kafka → KafkaSource', () => {
  afterAll(async () => {
    for (const t of topics) await deleteTopic(env!, t);
  });

  it('publishes wide JSON records keyed by station, each station on one partition', async () => {
    const topic = await createTopic(env!, { partitions: 3 });
    topics.push(topic);
    const options = parseSimulateArgs(['--kafka', env!.brokers, '--topic', topic, '--stations', '40', '--rate', '5', '--count', '2000', '--fast', '--seed', '11']);
    const progress: string[] = [];
    const sent = await runSimulate(options, new AbortController().signal, (line) => progress.push(line));
    expect(sent).toBe(2000);

    const collector = new TestCollector();
    const source = new KafkaSource(KafkaSourceSchema.parse({ kind: 'kafka', brokers: [env!.brokers], topics: [topic], groupId: uniqueTopicName('sw-sim'), start: 'earliest' }), {});
    await source.start(collector);
    await waitFor(() => collector.messages().length >= 2000, 60_000, '2000 simulated readings');
    await source.stop();

    const partitionOf = new Map<string, number>();
    const stations = new Set<string>();
    for (const m of collector.messages()) {
      const record = JSON.parse(new TextDecoder().decode(m.value!)) as Record<string, unknown>;
      expect(typeof record['station_id']).toBe('string');
      expect(new Date(String(record['ts'])).toISOString()).toBe(record['ts']);
      const metrics = Object.entries(record).filter(([k]) => k !== 'station_id' && k !== 'ts');
      expect(metrics.length).toBeGreaterThan(0);
      for (const [, v] of metrics) expect(typeof v).toBe('number');
      const station = String(record['station_id']);
      stations.add(station);
      const seen = partitionOf.get(station);
      if (seen === undefined) partitionOf.set(station, m.position!.partition);
      else expect(m.position!.partition).toBe(seen);
    }
    expect(stations.size).toBe(40);
    expect(new Set(partitionOf.values()).size).toBeGreaterThan(1);
  });
});
