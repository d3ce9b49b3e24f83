/**
 * The decoding preview against the real test broker: a change of shape re-decodes the messages already
 * read (no new read of the topic), while asking again with the same shape — the dialog's "Read again" —
 * reads the topic afresh, so a live topic's newer messages show up.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DecoderSchema, ProfileSchema } from '../../../src-shared/settings/schema';
import { createTopic, deleteTopic, produce, requireKafka } from '../../../tests/helpers/kafka';
import { decodePreview } from './decode-preview';

const env = await requireKafka();
const decoder = DecoderSchema.parse({});

describe.skipIf(env === null)('decodePreview on a live topic', () => {
  let topic = '';
  afterAll(async () => {
    if (env !== null && topic !== '') await deleteTopic(env, topic);
  });

  it('re-decodes the same messages when the shape changes, and reads again when asked again with the same shape', async () => {
    topic = await createTopic(env!, { partitions: 1, prefix: 'sw-preview-reuse' });
    const dict = (i: number) => ({ key: 'k', value: `{'station_id': 's${i}', 'temperature': ${20 + i}}` });
    await produce(env!, topic, [dict(1), dict(2)]);
    const profile = (preset: 'stationwatch' | 'python-dict') =>
      ProfileSchema.parse({ id: 'p', name: 'preview', source: { kind: 'kafka', brokers: env!.brokers.split(','), topics: [topic], shape: { preset } }, database: { kind: 'memory' } });
    const now = () => Date.now();

    const first = await decodePreview(profile('stationwatch'), {}, decoder, 20, now());
    expect(first.problem).toBeNull();
    expect(first.samples.map((s) => s.outcome.ok)).toEqual([false, false]);

    await produce(env!, topic, [dict(3)]);
    // Another shape: the same two messages, decoded again without reading the topic.
    const reshaped = await decodePreview(profile('python-dict'), {}, decoder, 20, now());
    expect(reshaped.samples.map((s) => s.outcome.ok && s.outcome.readings[0]?.stationId)).toEqual(['s1', 's2']);
    // The same shape again ("Read again"): the topic is read afresh and the new message shows.
    const again = await decodePreview(profile('python-dict'), {}, decoder, 20, now());
    expect(again.samples.map((s) => s.outcome.ok && s.outcome.readings[0]?.stationId)).toEqual(['s1', 's2', 's3']);
  }, 30_000);
});
