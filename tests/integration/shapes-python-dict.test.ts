/**
 * Python `str(dict)` messages (single quotes, True/False/None, no time field) produced with the real
 * kcat (`-K:`, keyed by station) into Kafka, consumed with the python-dict preset: the event time is the
 * Kafka record timestamp, read back independently with kcat's `%T`. A message with anything but literals
 * is refused and nothing else is lost; every stored window equals PostgreSQL's statistics over the raw table.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../src-shared/domain/reading';
import { createTopic, deleteTopic, requireKafka } from '../helpers/kafka';
import { isPostgresAvailable } from '../helpers/postgres';
import { SHAPE_CLOSER_METRIC, closerTime, expectExact, kcatProduceKeyed, kcatReadBack, rejections, startShapeRun, toolMissing } from './shapes-harness';
import type { ShapeRun } from './shapes-harness';

const env = await requireKafka();
const hasPostgres = await isPostgresAvailable();
const missing = toolMissing('command -v kcat');
if (missing !== null) console.warn(`\n*** SKIPPING python-dict shape test: ${missing}. ***\n`);

const STATIONS = ['station_3fa9c1d2e', 'station_77b0e41aa', 'station_9c2d11f03'];
const TICKS = 12;

/** The Python literal of one reading: a float, an int, a boolean and None, as `str(dict)` prints them. */
function pythonLiteral(station: string, tick: number, index: number): { text: string; metrics: Record<string, number> } {
  const temperature = Math.round((18 + index * 2.5 + Math.sin(tick) * 3) * 1000) / 1000;
  const humidity = 40 + tick + index;
  return { text: `{'station_id': '${station}', 'temperature': ${temperature}, 'humidity': ${humidity}, 'ok': ${tick % 2 === 0 ? 'True' : 'False'}, 'note': None}`, metrics: { temperature, humidity } };
}

describe.skipIf(env === null || !hasPostgres || missing !== null)('python-dict shape over Kafka (kcat)', () => {
  let run: ShapeRun | null = null;
  let topic = '';
  afterAll(async () => {
    await run?.close();
    if (env !== null && topic !== '') await deleteTopic(env, topic);
  });

  it('takes the Kafka record timestamp as event time, refuses code, and every window equals PostgreSQL over the raw readings', async () => {
    topic = await createTopic(env!, { partitions: 1, prefix: 'sw-shape-py' });
    run = await startShapeRun('shape_py', { kind: 'kafka', brokers: env!.brokers.split(','), topics: [topic], groupId: `${topic}-g`, start: 'earliest', shape: { preset: 'python-dict' } });
    const metricsByText = new Map<string, Record<string, number>>();
    for (let tick = 0; tick < TICKS; tick++) {
      // One kcat per tick, one message per station: every station's record timestamps differ.
      const lines = STATIONS.map((station, index) => {
        const { text, metrics } = pythonLiteral(station, tick, index);
        metricsByText.set(text, metrics);
        return `${station}:${text}`;
      });
      if (tick === 5) lines.push(`station_hostile:{'station_id': 'station_hostile', 'temperature': __import__('os').getpid()}`);
      await kcatProduceKeyed(env!.brokers, topic, lines);
    }
    const records = await kcatReadBack(env!.brokers, topic);
    expect(records).toHaveLength(TICKS * STATIONS.length + 1);
    const expected: Reading[] = [];
    for (const record of records) {
      const metrics = metricsByText.get(record.value);
      if (metrics === undefined) continue; // the hostile message
      const station = /'station_id': '([^']+)'/.exec(record.value)![1]!;
      expect(record.key).toBe(station);
      expected.push({ stationId: station, ts: record.timestamp, metrics });
    }
    expect(expected).toHaveLength(TICKS * STATIONS.length);
    const newest = Math.max(...records.map((r) => r.timestamp));
    await kcatProduceKeyed(env!.brokers, topic, [`zz-closer:{'station_id': 'zz-closer', 'ts': '${new Date(closerTime(newest)).toISOString()}', '${SHAPE_CLOSER_METRIC}': 1}`]);

    const result = await expectExact(run, expected);
    expect(result.readingProblems).toEqual([]);
    expect(result.windowProblems).toEqual([]);
    expect(result.windows).toBeGreaterThanOrEqual(STATIONS.length * 2 * 2);
    // Only the message with a call in it was refused, as not a literal.
    const refused = rejections(result.status);
    expect(refused).toEqual({ 'not-literal': 1 });
  }, 30_000);
});
