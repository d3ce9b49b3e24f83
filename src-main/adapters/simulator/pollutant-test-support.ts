/**
 * Test helpers for the pollutant series: run the simulator in one-hour chunks and average readings
 * into clock hours and local solar hours (computed here from the longitude, independently of the model).
 */
import type { Reading } from '../../../src-shared/domain/reading';
import type { Station } from '../../../src-shared/domain/station';
import { SimulatorSourceSchema, type Scenario } from '../../../src-shared/settings/schema';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { POLLUTANT_ORDER } from './pollutant-profiles';
import { SimulatorModel, type SimulatorSettings } from './simulator-model';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Simulator settings for pollutant runs: few readings per station (one per 30 s) and no outliers. */
export function pollutantSettings(overrides: Omit<Partial<SimulatorSettings>, 'scenarios'> & { scenarios?: Partial<Scenario>[] } = {}): SimulatorSettings {
  return SimulatorSourceSchema.parse({ kind: 'simulator', stations: 4, ratePerStation: 1 / 30, outlierRate: 0, ...overrides });
}

/** Visits every reading of `ms` simulated time from `start`, one hour at a time. */
export function forEachReading(settings: SimulatorSettings, start: number, ms: number, visit: (reading: Reading) => void): readonly Station[] {
  const model = new SimulatorModel(settings, start);
  for (let t = start + HOUR_MS; t <= start + ms; t += HOUR_MS) for (const r of model.readingsUntil(t)) visit(r);
  return model.stations;
}

/** Sum and count accumulators keyed by text. */
export class Means {
  private readonly sums = new Map<string, { sum: number; n: number }>();

  add(key: string, value: number): void {
    const acc = this.sums.get(key) ?? { sum: 0, n: 0 };
    acc.sum += value;
    acc.n++;
    this.sums.set(key, acc);
  }

  /** The mean for `key`, NaN when nothing was added. */
  mean(key: string): number {
    const acc = this.sums.get(key);
    return acc === undefined ? Number.NaN : acc.sum / acc.n;
  }
}

/** Local solar hour 0..23 of `ts` at longitude `lon` (4 minutes per degree east of Greenwich). */
export function localHour(ts: number, lon: number): number {
  const minutes = Math.floor(ts / 60_000) + Math.round(lon * 4);
  return Math.floor((((minutes % 1440) + 1440) % 1440) / 60);
}

/** Index of the largest value. */
export function argMax(values: readonly number[]): number {
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] as number)) best = i;
  });
  return best;
}

/**
 * The closed hourly windows of every station's pollutants over `hours` simulated hours from `start`, hour by hour
 * (mean, min, max and count of the readings of each clock hour), as the engine's windowing would close them.
 */
export function hourlyPollutantWindows(settings: SimulatorSettings, start: number, hours: number): { stations: readonly Station[]; byHour: WindowAggregate[][] } {
  const sums = new Map<string, { sum: number; min: number; max: number; count: number }>();
  const stations = forEachReading(settings, start, hours * HOUR_MS, (r) => {
    const hour = Math.floor((r.ts - start) / HOUR_MS);
    for (const metric of POLLUTANT_ORDER) {
      const value = r.metrics[metric];
      if (value === undefined) continue;
      const key = `${hour}|${r.stationId}|${metric}`;
      const acc = sums.get(key) ?? { sum: 0, min: Infinity, max: -Infinity, count: 0 };
      sums.set(key, { sum: acc.sum + value, min: Math.min(acc.min, value), max: Math.max(acc.max, value), count: acc.count + 1 });
    }
  });
  const byHour: WindowAggregate[][] = Array.from({ length: hours }, () => []);
  for (const [key, acc] of sums) {
    const [h, stationId, metric] = key.split('|') as [string, string, string];
    byHour[Number(h)]?.push({ stationId, metric, sizeMs: HOUR_MS, start: start + Number(h) * HOUR_MS, count: acc.count, mean: acc.sum / acc.count, min: acc.min, max: acc.max, stddev: 0, p95: acc.max });
  }
  return { stations, byHour };
}
