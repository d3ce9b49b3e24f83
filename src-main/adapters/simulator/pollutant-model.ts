/**
 * Pollutant series for every station: expected level (pollutant-profiles.ts, by site type, local solar
 * hour and season) × weather noise, then the pollutant scenarios, plus instrument noise per reading.
 *
 * Weather noise is multiplicative (pollutant concentrations are roughly log-normal) and made of slow,
 * seeded AR(1) processes updated every DRIFT_STEP_MS of simulated time: day-to-day dispersion shared by
 * the primary pollutants (so NO2, PM and CO rise and fall together, as under a real inversion), a faster
 * local wobble, regional O3, and industrial SO2 plumes. Each station draws from its own stream with a
 * salt of its own, so the weather metrics of a seed are the same as before the pollutants existed.
 * State lives in typed arrays; a reading costs six normal draws and no allocation.
 */
import type { Station, StationType } from '../../../src-shared/domain/station';
import { DRIFT_STEP_MS } from './metric-model';
import { applyPollutantScenarios, hasPollutantScenario } from './pollutant-scenarios';
import { CO, NO2, O3, PM10, PM25, POLLUTANT_ORDER, SO2, expectedLevels, seasonAt, solarHour } from './pollutant-profiles';
import { RandomStreams } from './random-streams';
import type { StationPlan } from './scenario-plan';

/** Number of pollutant values per reading, in POLLUTANT_ORDER. */
export const POLLUTANT_COUNT = POLLUTANT_ORDER.length;

const POLLUTANT_SALT = 0x0a11;
const HOUR_MS = 3_600_000;
/** The AR(1) processes: correlation time and log-scale standard deviation. */
const DISPERSION = { tauMs: 36 * HOUR_MS, sigma: 0.35 };
const WOBBLE = { tauMs: 0.75 * HOUR_MS, sigma: 0.12 };
const REGIONAL_O3 = { tauMs: 12 * HOUR_MS, sigma: 0.12 };
const PLUME = { tauMs: 2 * HOUR_MS, sigma: 0.5 };
const PROCESSES = [DISPERSION, WOBBLE, REGIONAL_O3, PLUME] as const;
/** Instrument noise per reading (standard deviation, µg/m³; CO mg/m³), in POLLUTANT_ORDER. */
const INSTRUMENT_NOISE = [1.5, 1, 1.5, 1.5, 0.5, 0.02] as const;
/** Each station's levels differ by a fixed factor of about ±10 % (log-scale sd). */
const STATION_SPREAD = 0.1;

/** Pollutant levels and noise for `stations`; sample() is the per-reading hot path. */
export class PollutantModel {
  private readonly random: RandomStreams;
  private readonly types: readonly StationType[];
  private readonly lons: Float64Array;
  /** [station][process] AR(1) states, each N(0, 1) in the long run. */
  private readonly processes: Float64Array;
  /** [station][pollutant]: fixed per-station factor × the level at the last step. */
  private readonly stationFactor: Float64Array;
  private readonly levels: Float64Array;
  private readonly nextStepAt: Float64Array;

  constructor(
    stations: readonly Station[],
    seed: number,
    private readonly startMs: number,
    private readonly plans: readonly (StationPlan | undefined)[],
  ) {
    const count = stations.length;
    this.random = new RandomStreams(count, seed, POLLUTANT_SALT);
    this.types = stations.map((s) => s.stationType ?? 'urban-background');
    this.lons = Float64Array.from(stations, (s) => s.lon ?? 0);
    this.processes = new Float64Array(count * PROCESSES.length);
    this.stationFactor = new Float64Array(count * POLLUTANT_COUNT);
    this.levels = new Float64Array(count * POLLUTANT_COUNT);
    this.nextStepAt = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < PROCESSES.length; k++) this.processes[i * PROCESSES.length + k] = this.random.normal(i);
      for (let p = 0; p < POLLUTANT_COUNT; p++) this.stationFactor[i * POLLUTANT_COUNT + p] = Math.exp(STATION_SPREAD * this.random.normal(i));
    }
  }

  /** Writes station i's pollutant values at `at` ms since the run's start into out[offset .. offset+6). */
  sample(i: number, at: number, out: Float64Array, offset: number): void {
    if (at >= (this.nextStepAt[i] as number)) this.step(i, at);
    const base = i * POLLUTANT_COUNT;
    for (let p = 0; p < POLLUTANT_COUNT; p++) {
      const value = (this.levels[base + p] as number) + (INSTRUMENT_NOISE[p] as number) * this.random.normal(i);
      out[offset + p] = value < 0 ? 0 : value;
    }
  }

  /** Advances the weather noise to `at` and recomputes the station's levels. */
  private step(i: number, at: number): void {
    const next = this.nextStepAt[i] as number;
    const steps = Math.floor((at - next) / DRIFT_STEP_MS) + 1;
    this.nextStepAt[i] = next + steps * DRIFT_STEP_MS;
    const o = i * PROCESSES.length;
    for (let k = 0; k < PROCESSES.length; k++) {
      const process = PROCESSES[k] as (typeof PROCESSES)[number];
      const rho = Math.exp((-steps * DRIFT_STEP_MS) / process.tauMs);
      this.processes[o + k] = rho * (this.processes[o + k] as number) + Math.sqrt(1 - rho * rho) * this.random.normal(i);
    }
    const epochMs = this.startMs + at;
    const levels = this.levels;
    const base = i * POLLUTANT_COUNT;
    expectedLevels(this.types[i] as StationType, solarHour(epochMs, this.lons[i] as number), seasonAt(epochMs), levels, base);
    const primary = logNormalFactor(this.processes[o] as number, DISPERSION.sigma) * logNormalFactor(this.processes[o + 1] as number, WOBBLE.sigma);
    const ozone = logNormalFactor(this.processes[o + 2] as number, REGIONAL_O3.sigma);
    const plume = logNormalFactor(this.processes[o + 3] as number, PLUME.sigma);
    const factor = this.stationFactor;
    levels[base + PM10] = (levels[base + PM10] as number) * primary * (factor[base + PM10] as number);
    levels[base + PM25] = (levels[base + PM25] as number) * primary * (factor[base + PM25] as number);
    levels[base + NO2] = (levels[base + NO2] as number) * primary * (factor[base + NO2] as number);
    levels[base + CO] = (levels[base + CO] as number) * primary * (factor[base + CO] as number);
    levels[base + SO2] = (levels[base + SO2] as number) * primary * plume * (factor[base + SO2] as number);
    levels[base + O3] = (levels[base + O3] as number) * ozone * (factor[base + O3] as number);
    const plan = this.plans[i];
    if (hasPollutantScenario(plan)) applyPollutantScenarios(plan, at, levels, base);
  }
}

/** exp(σz − σ²/2): a factor with mean 1 for z ~ N(0, 1). */
function logNormalFactor(z: number, sigma: number): number {
  return Math.exp(sigma * z - (sigma * sigma) / 2);
}
