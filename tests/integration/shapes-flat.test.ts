/**
 * The ETL example — flat records without a station, `{"date_time": "2023-01-01 00:00:00",
 * "temp": 20.1, "humidity": 55.2}` — produced with Python's kafka client, keyed by station, consumed with
 * the flat preset: station from the Kafka key, local times in Europe/Amsterdam (winter UTC+1, summer UTC+2,
 * the repeated hour takes the earlier offset, the skipped hour is refused), alias temp → temperature.
 * The expected UTC times are worked out here with the fixed offsets, not by the decoder.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../src-shared/domain/reading';
import { createTopic, deleteTopic, requireKafka } from '../helpers/kafka';
import { isPostgresAvailable } from '../helpers/postgres';
import { SHAPE_CLOSER_METRIC, expectExact, pythonKafkaProduce, rejections, startShapeRun, toolMissing } from './shapes-harness';
import type { ShapeRun } from './shapes-harness';

const env = await requireKafka();
const hasPostgres = await isPostgresAvailable();
const missing = toolMissing("/usr/bin/python3 -c 'import kafka'");
if (missing !== null) console.warn(`\n*** SKIPPING flat shape test: ${missing}. ***\n`);

const STATIONS = ['etl-north', 'etl-south', 'etl-west'];
const HOUR = 3_600_000;

/** `2023-01-01 00:00:00` style local text of a wall-clock time given as UTC fields. */
function localText(wall: number): string {
  return new Date(wall).toISOString().slice(0, 19).replace('T', ' ');
}

describe.skipIf(env === null || !hasPostgres || missing !== null)('flat shape over Kafka (Python kafka client)', () => {
  let run: ShapeRun | null = null;
  let topic = '';
  afterAll(async () => {
    await run?.close();
    if (env !== null && topic !== '') await deleteTopic(env, topic);
  });

  it('takes the station from the key and Amsterdam local times to UTC, and every window equals PostgreSQL over the raw readings', async () => {
    topic = await createTopic(env!, { partitions: 1, prefix: 'sw-shape-flat' });
    run = await startShapeRun('shape_flat', {
      kind: 'kafka',
      brokers: env!.brokers.split(','),
      topics: [topic],
      groupId: `${topic}-g`,
      start: 'earliest',
      shape: { preset: 'flat', station: { from: 'key' }, time: { path: 'date_time', zone: 'Europe/Amsterdam' }, fields: [{ from: 'temp', metric: 'temperature' }] },
    });
    const messages: { key: string; value: Record<string, unknown> }[] = [];
    const expected: Reading[] = [];
    // Winter (UTC+1) then summer (UTC+2): 30 records per station, 5 s apart, in time order.
    for (const [startWall, offsetHours] of [[Date.UTC(2023, 0, 1, 0, 0, 0), 1], [Date.UTC(2023, 6, 1, 12, 0, 0), 2]] as const) {
      for (let i = 0; i < 30; i++) {
        STATIONS.forEach((station, s) => {
          const wall = startWall + i * 5_000;
          const temp = Math.round((20.1 + s - i * 0.37) * 100) / 100;
          const humidity = Math.round((55.2 + i * 0.9 - s) * 10) / 10;
          messages.push({ key: station, value: { date_time: localText(wall), temp, humidity } });
          expected.push({ stationId: station, ts: wall - offsetHours * HOUR, metrics: { temperature: temp, humidity } });
        });
      }
    }
    // 2023-10-29 02:30 happens twice in Amsterdam: the earlier one, at UTC+2, is taken.
    messages.push({ key: 'etl-north', value: { date_time: '2023-10-29 02:30:00', temp: 9.5, humidity: 80 } });
    expected.push({ stationId: 'etl-north', ts: Date.UTC(2023, 9, 29, 0, 30), metrics: { temperature: 9.5, humidity: 80 } });
    // 2023-03-26 02:30 never happens there: refused with its reason, nothing else lost.
    messages.push({ key: 'etl-south', value: { date_time: '2023-03-26 02:30:00', temp: 11, humidity: 70 } });
    // A closing record far later closes every window.
    messages.push({ key: 'zz-closer', value: { date_time: '2023-12-01 00:00:00', [SHAPE_CLOSER_METRIC]: 1 } });
    await pythonKafkaProduce(env!.brokers, topic, messages);

    const result = await expectExact(run, expected);
    expect(result.readingProblems).toEqual([]);
    expect(result.windowProblems).toEqual([]);
    expect(result.windows).toBeGreaterThan(0);
    expect(rejections(result.status)).toEqual({ 'bad-time': 1 });
  }, 30_000);
});
