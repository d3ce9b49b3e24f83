/**
 * Test helpers for the pollutant series: run the simulator in one-hour chunks and average readings
 * into clock hours and local solar hours (computed here from the longitude, independently of the model).
 */
import type { Reading } from '../../../src-shared/domain/reading';
import type { Station } from '../../../src-shared/domain/station';
import { SimulatorSourceSchema, type Scenario } from '../../../src-shared/settings/schema';
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
