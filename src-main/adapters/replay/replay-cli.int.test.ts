import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTopic, deleteTopic, requireKafka, type KafkaTestEnv } from '../../../tests/helpers/kafka';
import { parseReplayArgs, runReplay, wireRecord } from '../../../scripts/replay';
import { readAll, samplePath, scratchDirectory } from './recording-test-files';

let env: KafkaTestEnv | null = null;
const topics: string[] = [];
const scratch = scratchDirectory();

beforeAll(async () => {
  env = await requireKafka();
});

afterAll(async () => {
  scratch.remove();
  if (env !== null) for (const topic of topics) await deleteTopic(env, topic);
});

/** Reads `count` messages from the start of a topic. */
async function readBack(kafka: KafkaTestEnv, topic: string, count: number): Promise<{ key: string | null; value: string }[]> {
  const consumer = client(kafka.brokers).consumer({ groupId: `${topic}-check` });
  const seen: { key: string | null; value: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ message }) => {
          seen.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '' });
          if (seen.length >= count) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return seen;
}

describe('npm run replay into a real Kafka topic', () => {
  it('publishes every reading of the sample as a wide JSON record keyed by station', async (context) => {
    if (env === null) return context.skip();
    const topic = await createTopic(env, { partitions: 3, prefix: 'sw-replay' });
    topics.push(topic);
    const logged: string[] = [];
    const result = await runReplay(parseReplayArgs([samplePath('parquet'), '--kafka', env.brokers, '--topic', topic, '--speed', 'max']), (line) => logged.push(line));
    expect(result.published).toBe(7_200);
    expect(result.rejected).toBe(0);
    expect(logged.at(-1)).toMatch(new RegExp(`^replayed 7200 readings, 0 rejected to ${topic} in `));
    const messages = await readBack(env, topic, 7_200);
    const expected = (await readAll(samplePath('jsonl'))).readings;
    const byKey = (list: { key: string | null; value: string }[]) => list.map((m) => `${m.key} ${m.value}`).sort();
    expect(byKey(messages)).toEqual(byKey(expected.map((r) => ({ key: r.stationId, value: wireRecord(r) }))));
  });

  it('maps columns and leaves refused rows out, counting them', async (context) => {
    if (env === null) return context.skip();
    const topic = await createTopic(env, { partitions: 1, prefix: 'sw-replay' });
    topics.push(topic);
    const path = scratch.write('mapped.csv', 'sensor,t,temp,rh\nA,1735689600,20,50\nB,oops,21,51\nB,1735689601,22,52\n');
    const args = [path, '--station-col', 'sensor', '--time-col', 't', '--time-format', 'epoch-s', '--metrics', 'temp', '--kafka', env.brokers, '--topic', topic, '--speed', '10x'];
    const result = await runReplay(parseReplayArgs(args), () => undefined);
    expect(result).toMatchObject({ published: 2, rejected: 1, rejectsByReason: { 'bad-time': 1 } });
    const messages = await readBack(env, topic, 2);
    expect(messages).toEqual([
      { key: 'A', value: '{"station_id":"A","ts":"2025-01-01T00:00:00.000Z","temp":20}' },
      { key: 'B', value: '{"station_id":"B","ts":"2025-01-01T00:00:01.000Z","temp":22}' },
    ]);
  });
});
