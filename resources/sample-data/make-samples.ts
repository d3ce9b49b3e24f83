/**
 * Writes the sample recordings from the seeded simulator: 12 stations × 10 minutes at 1 reading/s
 * (7,200 readings from 2025-01-01T00:00:00Z), as JSONL, CSV and Parquet with the default column
 * names (station_id, ts, one column per metric). Deterministic: rerunning gives the same files.
 *   npx tsx resources/sample-data/make-samples.ts [outDir]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimulatorSourceSchema } from '../../src-shared/settings/schema';
import { SimulatorModel } from '../../src-main/adapters/simulator/simulator-model';
import { writeParquet, type ParquetColumn } from './parquet-writer';

const SAMPLE_START_MS = Date.UTC(2025, 0, 1);
const SAMPLE_READINGS = 12 * 600;
const SAMPLE_NAME = 'city-12x10min';

function main(outDir: string): void {
  const settings = SimulatorSourceSchema.parse({ kind: 'simulator', stations: 12, ratePerStation: 1, seed: 42, outlierRate: 0.001 });
  const model = new SimulatorModel(settings, SAMPLE_START_MS);
  const readings = model.readingsUntil(SAMPLE_START_MS + 600_000);
  if (readings.length !== SAMPLE_READINGS) throw new Error(`expected ${SAMPLE_READINGS} readings, got ${readings.length}`);
  const metrics = Object.keys(readings[0]?.metrics ?? {});
  const jsonl = readings.map((r) => JSON.stringify({ station_id: r.stationId, ts: new Date(r.ts).toISOString(), ...r.metrics })).join('\n') + '\n';
  writeFileSync(join(outDir, `${SAMPLE_NAME}.jsonl`), jsonl);
  const csv = [['station_id', 'ts', ...metrics].join(','), ...readings.map((r) => [r.stationId, new Date(r.ts).toISOString(), ...metrics.map((m) => r.metrics[m] ?? '')].join(','))];
  writeFileSync(join(outDir, `${SAMPLE_NAME}.csv`), csv.join('\n') + '\n');
  const columns: ParquetColumn[] = [{ name: 'station_id', kind: 'string' }, { name: 'ts', kind: 'timestamp-ms' }, ...metrics.map((name) => ({ name, kind: 'double' as const, optional: true }))];
  const rows = readings.map((r) => ({ station_id: r.stationId, ts: BigInt(r.ts), ...r.metrics }));
  writeParquet(join(outDir, `${SAMPLE_NAME}.parquet`), columns, rows, 2_000);
  console.log(`wrote ${readings.length} readings × ${metrics.length} metrics to ${outDir}/${SAMPLE_NAME}.{jsonl,csv,parquet}`);
}

main(process.argv[2] ?? import.meta.dirname);
