/**
 * The decoding preview's peek against the real broker: messages produced by kcat (another system's
 * producer), the newest `limit` of them read back with their keys and record timestamps, and the app's
 * consumer group untouched — nothing committed, no group left behind.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaSourceSchema } from '../../../src-shared/settings/schema';
import { client, committedOffsets, createTopic, deleteTopic, requireKafka } from '../../../tests/helpers/kafka';
import { peekMessages } from './peek-messages';

const env = await requireKafka();
const GROUP = 'sw-peek-app-group';
let topic = '';

describe.skipIf(env === null)('peekMessages', () => {
  beforeAll(async () => {
    topic = await createTopic(env!, { partitions: 2 });
    // Thirty Python-literal messages keyed by station, as an ETL producer would send them (kcat -K: splits key:value).
    const lines = Array.from({ length: 30 }, (_, i) => `station-${i % 3}:{'temperature': ${20 + i / 10}, 'seq': ${i}}`).join('\n');
    execFileSync('kcat', ['-q', '-b', env!.brokers, '-t', topic, '-P', '-K:'], { input: `${lines}\n` });
  });
  afterAll(async () => {
    if (topic !== '') await deleteTopic(env!, topic);
  });

  it('reads the newest messages with keys and record timestamps, and leaves no group and no commit behind', async () => {
    const profile = KafkaSourceSchema.parse({ kind: 'kafka', brokers: env!.brokers.split(','), topics: [topic], groupId: GROUP });
    const before = Date.now();
    const peeked = await peekMessages(profile, {}, { limit: 20 });
    expect(peeked).toHaveLength(20);
    const text = peeked.map((m) => new TextDecoder().decode(m.value!));
    const seqs = text.map((t) => Number(/'seq': (\d+)/.exec(t)![1]));
    // Every message is one kcat sent, once; 20 of the 30 (which 20 depends on how the partitions split them).
    expect(new Set(seqs).size).toBe(20);
    for (const m of peeked) {
      expect(new TextDecoder().decode(m.key!)).toMatch(/^station-[0-2]$/);
      expect(m.timestampMs).toBeGreaterThan(before - 120_000);
    }
    expect([...(await committedOffsets(env!, GROUP, topic)).values()].every((offset) => offset === '-1')).toBe(true);
    const admin = client(env!.brokers).admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      expect(groups.map((g) => g.groupId).filter((id) => id.startsWith('stationwatch-preview-'))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  }, 60_000);

  it('answers an empty topic at once with no messages', async () => {
    const empty = await createTopic(env!, { partitions: 1 });
    try {
      const profile = KafkaSourceSchema.parse({ kind: 'kafka', brokers: env!.brokers.split(','), topics: [empty], groupId: GROUP });
      const started = Date.now();
      expect(await peekMessages(profile, {}, { limit: 20 })).toEqual([]);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await deleteTopic(env!, empty);
    }
  }, 30_000);
});
