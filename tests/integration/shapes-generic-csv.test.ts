/**
 * Generic CSV: messages of several CSV lines (a header line among them, skipped) produced with the real
 * kcat into Kafka, consumed with a generic mapping — the configured header, station from a column (ids
 * such as "007" kept as text), times with `Z`, with an offset, or zone-less in America/New_York, °F and
 * knots converted into °C and m/s, only mapped columns taken. The expected UTC times and converted values
 * are worked out here from fixed offsets and the unit definitions, not by the decoder.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../src-shared/domain/reading';
import { createTopic, deleteTopic, requireKafka } from '../helpers/kafka';
import { isPostgresAvailable } from '../helpers/postgres';
import { SHAPE_CLOSER_METRIC, closerTime, expectExact, kcatProduce, rejections, startShapeRun, toolMissing } from './shapes-harness';
import type { ShapeRun } from './shapes-harness';

const env = await requireKafka();
const hasPostgres = await isPostgresAvailable();
const missing = toolMissing('command -v kcat');
if (missing !== null) console.warn(`\n*** SKIPPING generic CSV shape test: ${missing}. ***\n`);

const COLUMNS = ['station', 'time', 'temp_f', 'pressure_hpa', 'wind_kn', 'note', 'closer'];
const HEADER = COLUMNS.join(',');
const STATIONS = ['007', '012', '101'];
const T0 = Date.UTC(2024, 2, 1, 10, 0, 0);
/** New York is at UTC−5 on 1 March 2024 (daylight saving starts on the 10th). */
const NEW_YORK_OFFSET_MS = -5 * 3_600_000;
const MESSAGES = 12;

/** The time cell of line `i` at UTC instant `ts`, in one of three spellings. */
function timeCell(ts: number, i: number): string {
  const iso = new Date(ts).toISOString();
  if (i % 3 === 0) return iso;
  if (i % 3 === 1) return `${new Date(ts + 3_600_000).toISOString().slice(0, 23)}+01:00`;
  return new Date(ts + NEW_YORK_OFFSET_MS).toISOString().slice(0, 23).replace('T', ' ');
}

describe.skipIf(env === null || !hasPostgres || missing !== null)('generic CSV shape over Kafka (kcat)', () => {
  let run: ShapeRun | null = null;
  let topic = '';
  afterAll(async () => {
    await run?.close();
    if (env !== null && topic !== '') await deleteTopic(env, topic);
  });

  it('reads multi-line CSV messages with the configured header and every window equals PostgreSQL over the raw readings', async () => {
    topic = await createTopic(env!, { partitions: 1, prefix: 'sw-shape-csv' });
    run = await startShapeRun('shape_csv', {
      kind: 'kafka',
      brokers: env!.brokers.split(','),
      topics: [topic],
      groupId: `${topic}-g`,
      start: 'earliest',
      shape: {
        preset: 'generic',
        mapping: {
          syntax: { kind: 'csv', columns: COLUMNS },
          station: { from: 'field', path: 'station' },
          time: { path: 'time', zone: 'America/New_York' },
          metrics: {
            include: 'mapped',
            fields: [
              { from: 'temp_f', metric: 'temperature', unit: 'degF' },
              { from: 'pressure_hpa', metric: 'pressure' },
              { from: 'wind_kn', metric: 'wind_speed', unit: 'knots' },
              { from: 'closer', metric: SHAPE_CLOSER_METRIC },
            ],
          },
        },
      },
    });
    const messages: string[] = [];
    const expected: Reading[] = [];
    let line = 0;
    for (let m = 0; m < MESSAGES; m++) {
      const lines = m % 2 === 0 ? [HEADER] : [];
      for (let k = 0; k < 3; k++) {
        for (const [s, station] of STATIONS.entries()) {
          const ts = T0 + (m * 3 + k) * 4_000 + s;
          const tempF = Math.round((41 + m + k * 0.5 + s) * 10) / 10;
          const pressure = Math.round((1009.5 + m * 0.25 - s) * 100) / 100;
          const windKn = 3 + ((m + k + s) % 7);
          lines.push([station, timeCell(ts, line++), tempF, pressure, windKn, 'ok', ''].join(','));
          expected.push({ stationId: station, ts, metrics: { temperature: ((tempF - 32) * 5) / 9, pressure, wind_speed: (windKn * 1852) / 3600 } });
        }
      }
      messages.push(lines.join('\n'));
    }
    const newest = Math.max(...expected.map((r) => r.ts));
    messages.push(`zz-closer,${new Date(closerTime(newest)).toISOString()},,,,,1`);
    await kcatProduce(env!.brokers, topic, messages, '|');

    const result = await expectExact(run, expected);
    expect(result.readingProblems).toEqual([]);
    expect(result.windowProblems).toEqual([]);
    expect(result.windows).toBeGreaterThan(0);
    expect(rejections(result.status)).toEqual({});
  }, 30_000);
});
