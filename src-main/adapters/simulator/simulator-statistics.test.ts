/**
 * Long seeded runs of the model checked against the catalogue's distributions: bounded drift,
 * physical bounds, outlier rate, and normal weather that never trips the default heat rule.
 * (The pollutants follow the time of day instead: pollutant-series.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { KNOWN_METRICS, POLLUTANT_METRICS } from '../../../src-shared/domain/metrics';
import { SimulatorSourceSchema } from '../../../src-shared/settings/schema';
import { SimulatorModel, type SimulatorSettings } from './simulator-model';

const START = Date.UTC(2026, 6, 1, 12, 0, 0);
const HOUR = 3_600_000;
/** The catalogue metrics with an expected distribution (not the pollutants). */
const WEATHER_METRICS = KNOWN_METRICS.filter((m) => !POLLUTANT_METRICS.includes(m));

function settings(overrides: Partial<SimulatorSettings> = {}): SimulatorSettings {
  return SimulatorSourceSchema.parse({ kind: 'simulator', ...overrides });
}

/** Visits every value of every reading over `ms`, in one-minute chunks so memory stays small. */
function forEachValue(s: SimulatorSettings, ms: number, visit: (stationId: string, metric: string, value: number, ts: number) => void): void {
  const model = new SimulatorModel(s, START);
  for (let t = START + 60_000; t <= START + ms; t += 60_000) {
    for (const r of model.readingsUntil(t)) for (const metric in r.metrics) visit(r.stationId, metric, r.metrics[metric] as number, r.ts);
  }
}

/** One-minute means per station (tumbling, aligned to the minute) of one metric. */
function minuteMeans(s: SimulatorSettings, ms: number, metric: string): Map<string, number[]> {
  const sums = new Map<string, number[]>();
  const counts = new Map<string, number[]>();
  forEachValue(s, ms, (station, m, v, ts) => {
    if (m !== metric) return;
    const minute = Math.floor((ts - START) / 60_000);
    const sum = sums.get(station) ?? [];
    const count = counts.get(station) ?? [];
    sum[minute] = (sum[minute] ?? 0) + v;
    count[minute] = (count[minute] ?? 0) + 1;
    sums.set(station, sum);
    counts.set(station, count);
  });
  const means = new Map<string, number[]>();
  for (const [station, sum] of sums) means.set(station, sum.map((x, k) => x / (counts.get(station)?.[k] ?? 1)));
  return means;
}

describe('simulator statistics', () => {
  it('keeps each metric near its mean with a long-run spread of at most 1.5σ (1 simulated hour)', () => {
    const stats = new Map<string, { n: number; sum: number; sumSq: number }>();
    forEachValue(settings({ outlierRate: 0 }), HOUR, (_s, metric, v) => {
      const st = stats.get(metric) ?? { n: 0, sum: 0, sumSq: 0 };
      st.n++;
      st.sum += v;
      st.sumSq += v * v;
      stats.set(metric, st);
    });
    for (const info of WEATHER_METRICS) {
      const st = stats.get(info.id);
      expect(st?.n).toBe(12 * 3600);
      if (!st) continue;
      const mean = st.sum / st.n;
      const std = Math.sqrt(st.sumSq / st.n - mean * mean);
      const sigma = info.expectedSigma as number;
      expect(std, info.id).toBeLessThanOrEqual(1.5 * sigma);
      if (info.id === 'rainfall') {
        // Clipped at 0: the mean is that of the positive half, about 0.4σ.
        expect(mean).toBeGreaterThan(0.3 * sigma);
        expect(mean).toBeLessThan(0.55 * sigma);
      } else {
        expect(std, info.id).toBeGreaterThanOrEqual(0.95 * sigma);
        expect(Math.abs(mean - (info.expectedMean as number)), info.id).toBeLessThanOrEqual(0.2 * sigma);
      }
    }
  });

  it('drifts slowly: 1-minute means wander more than noise alone would, and stay correlated minute to minute', () => {
    const means = minuteMeans(settings({ outlierRate: 0, stations: 6 }), 3 * HOUR, 'temperature');
    for (const [station, series] of means) {
      const avg = series.reduce((a, b) => a + b, 0) / series.length;
      const centred = series.map((x) => x - avg);
      const variance = centred.reduce((a, b) => a + b * b, 0) / series.length;
      let lagged = 0;
      for (let k = 1; k < centred.length; k++) lagged += (centred[k] as number) * (centred[k - 1] as number);
      // Pure noise: sd of a 1-minute mean is 2/√60 ≈ 0.26 °C and neighbours are uncorrelated.
      expect(Math.sqrt(variance), station).toBeGreaterThan(0.45);
      expect(lagged / (centred.length - 1) / variance, station).toBeGreaterThan(0.3);
    }
  });

  it('keeps the 1-minute mean temperature well below 33 °C in normal weather (several seeds, 90 minutes)', () => {
    for (const seed of [1, 42, 2026]) {
      const means = minuteMeans(settings({ outlierRate: 0, seed }), 1.5 * HOUR, 'temperature');
      expect(means.size).toBe(12);
      for (const [station, series] of means) {
        expect(series.length).toBe(90);
        expect(Math.max(...series), `${station} seed ${seed}`).toBeLessThan(30);
      }
    }
  });

  it('never produces a physically impossible value, outliers included (6 hours, outliers at 2%)', () => {
    const limits = new Map(KNOWN_METRICS.map((m) => [m.id, m]));
    const violations: string[] = [];
    forEachValue(settings({ outlierRate: 0.02, seed: 11 }), 6 * HOUR, (station, metric, v) => {
      const info = limits.get(metric);
      if (!info || !Number.isFinite(v) || v < (info.physicalMin as number) || v > (info.physicalMax as number)) violations.push(`${station} ${metric}=${v}`);
    });
    expect(violations).toEqual([]);
  });

  it('emits outliers 6–10σ out at about the configured rate, and none when the rate is 0', () => {
    for (const rate of [0.01, 0.001, 0]) {
      let values = 0;
      let outliers = 0;
      let inBand = 0;
      const info = new Map(WEATHER_METRICS.map((m) => [m.id, m]));
      forEachValue(settings({ outlierRate: rate, seed: 5 }), HOUR, (_s, metric, v) => {
        const m = info.get(metric);
        if (!m) return;
        values++;
        const z = Math.abs(v - (m.expectedMean as number)) / (m.expectedSigma as number);
        if (z > 5.5) outliers++;
        if (z > 5.99 && z < 10.01) inBand++;
      });
      const expected = rate * values;
      // Binomial: sd = √(n·p·(1-p)); allow five of them (the run is seeded, so this is stable).
      const slack = 5 * Math.sqrt(expected * (1 - rate)) + 1;
      expect(Math.abs(outliers - expected), `rate ${rate}`).toBeLessThanOrEqual(slack);
      expect(inBand).toBe(outliers);
    }
  });
});
