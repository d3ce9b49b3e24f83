/**
 * The simulated city as a pure function of (settings, start time, how far simulated time has got):
 * no clock, no timers. The same settings and start always give the same readings, however the time
 * range is cut into calls, because every station draws from its own seeded stream in time order.
 */
import type { z } from 'zod';
import type { Reading } from '../../../src-shared/domain/reading';
import type { Station } from '../../../src-shared/domain/station';
import type { SimulatorSourceSchema } from '../../../src-shared/settings/schema';
import { EmissionSchedule } from './emission-schedule';
import { generateStations } from './generate-stations';
import { METRIC_COUNT, MetricModel, SIMULATED_METRICS } from './metric-model';
import { POLLUTANT_COUNT, PollutantModel } from './pollutant-model';
import { withAirQualityMetadata } from './station-metadata';
import { HEATWAVE_HUMIDITY_DROP, HEATWAVE_TEMPERATURE_RISE, heatwaveLevel, planScenarios, spanAt, type StationPlan } from './scenario-plan';

/** Simulator settings with every default filled in. */
export type SimulatorSettings = z.infer<typeof SimulatorSourceSchema>;

const TEMPERATURE = SIMULATED_METRICS.findIndex((m) => m.id === 'temperature');
const HUMIDITY = SIMULATED_METRICS.findIndex((m) => m.id === 'humidity');

/** Generates the readings of a simulated city for spans of simulated time. */
export class SimulatorModel {
  /** The generated station registry, in slot order. */
  readonly stations: readonly Station[];
  /** Scenarios that matched no station (they are ignored), in plain language. */
  readonly scenarioWarnings: readonly string[];
  private readonly plans: readonly (StationPlan | undefined)[];
  private readonly schedule: EmissionSchedule;
  private readonly metrics: MetricModel;
  private readonly pollutants: PollutantModel;
  /** Weather metrics, then pollutants (the reading's key order). */
  private readonly values = new Float64Array(METRIC_COUNT + POLLUTANT_COUNT);
  /** Values a stuck sensor repeats, per slot; allocated only for stations with a stuck-sensor scenario. */
  private readonly frozen: (Float64Array | null)[];

  constructor(
    settings: SimulatorSettings,
    readonly startMs: number,
  ) {
    this.stations = simulatedStations(settings, startMs);
    const plan = planScenarios(settings.scenarios, this.stations);
    this.plans = plan.byStation;
    this.scenarioWarnings = plan.warnings;
    this.schedule = new EmissionSchedule(this.stations.length, settings.ratePerStation, this.plans);
    this.metrics = new MetricModel(this.stations.length, settings.seed, settings.outlierRate);
    this.pollutants = new PollutantModel(this.stations, settings.seed, startMs, this.plans);
    this.frozen = this.stations.map(() => null);
  }

  /** Event time (epoch ms) of the next scheduled reading (a station that is offline then skips it). */
  nextReadingTime(): number {
    return Math.floor(this.startMs + this.schedule.peekTime());
  }

  /**
   * Every reading with ts < simTimeMs not yet returned, ordered by ts (then by station slot).
   * `maxCount` caps one call, so a caller far behind can catch up in bounded chunks.
   */
  readingsUntil(simTimeMs: number, maxCount = Number.POSITIVE_INFINITY): Reading[] {
    const out: Reading[] = [];
    const schedule = this.schedule;
    const startMs = this.startMs;
    while (out.length < maxCount) {
      const at = schedule.peekTime();
      const ts = Math.floor(startMs + at);
      if (ts >= simTimeMs) break;
      const slot = schedule.peekStation();
      const plan = this.plans[slot];
      if (plan === undefined) {
        this.metrics.sample(slot, at, this.values);
        this.pollutants.sample(slot, at, this.values, METRIC_COUNT);
        out.push(toReading((this.stations[slot] as Station).id, ts, this.values));
      } else if (this.sampleWithScenarios(slot, plan, at)) {
        out.push(toReading((this.stations[slot] as Station).id, ts, this.values));
      }
      schedule.advance();
    }
    return out;
  }

  /** Fills this.values for a station with scenarios; false when it sends nothing. */
  private sampleWithScenarios(slot: number, plan: StationPlan, at: number): boolean {
    if (plan.offline.length > 0 && spanAt(plan.offline, at) !== undefined) return false;
    if (plan.stuck.length > 0 && spanAt(plan.stuck, at) !== undefined) {
      const frozen = this.frozen[slot];
      if (frozen) {
        this.values.set(frozen);
        return true;
      }
      this.sampleWeather(slot, plan, at);
      this.frozen[slot] = Float64Array.from(this.values);
      return true;
    }
    this.frozen[slot] = null;
    this.sampleWeather(slot, plan, at);
    return true;
  }

  private sampleWeather(slot: number, plan: StationPlan, at: number): void {
    const values = this.values;
    this.metrics.sample(slot, at, values);
    this.pollutants.sample(slot, at, values, METRIC_COUNT);
    if (plan.heatwaves.length === 0) return;
    const level = heatwaveLevel(plan.heatwaves, at);
    if (level <= 0) return;
    const temperature = SIMULATED_METRICS[TEMPERATURE];
    const humidity = SIMULATED_METRICS[HUMIDITY];
    if (temperature) values[TEMPERATURE] = Math.min(temperature.max, (values[TEMPERATURE] as number) + HEATWAVE_TEMPERATURE_RISE * level);
    if (humidity) values[HUMIDITY] = Math.max(humidity.min, (values[HUMIDITY] as number) - HEATWAVE_HUMIDITY_DROP * level);
  }
}

/** The simulated city's stations with their air-quality metadata (calibration dates counted from `referenceMs`'s day). */
export function simulatedStations(settings: SimulatorSettings, referenceMs: number): Station[] {
  return withAirQualityMetadata(generateStations(settings.stations, settings.cityCenter, settings.seed), settings.cityCenter, settings.seed, referenceMs);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * One reading with its metrics as an object literal: every reading then shares one hidden class,
 * which is the cheapest object V8 can build. The keys follow SIMULATED_METRICS then POLLUTANT_ORDER, which is the catalogue order (a test checks it).
 */
function toReading(stationId: string, ts: number, v: Float64Array): Reading {
  return {
    stationId,
    ts,
    metrics: {
      temperature: round2(v[0] as number),
      humidity: round2(v[1] as number),
      pressure: round2(v[2] as number),
      air_quality: round2(v[3] as number),
      particulate_matter: round2(v[4] as number),
      noise_level: round2(v[5] as number),
      illuminance: round2(v[6] as number),
      wind_speed: round2(v[7] as number),
      rainfall: round2(v[8] as number),
      pm10: round2(v[9] as number),
      pm25: round2(v[10] as number),
      no2: round2(v[11] as number),
      o3: round2(v[12] as number),
      so2: round2(v[13] as number),
      co: round2(v[14] as number),
    },
  };
}
