/**
 * What the air-pollution scenarios do to a station's expected pollutant levels (pollutant-profiles.ts
 * order). Each ramps in and out so the series stays believable, with a ramp no longer than a quarter
 * of the span, so a short demo span still reaches full strength:
 * - pm-episode: a winter inversion lasting days — PM2.5 +55 and PM10 +65 µg/m³ at full strength
 *   (daily PM10 means well above the 50 µg/m³ limit), NO2 and CO up by half, O3 down by half;
 * - ozone-episode: the hours around the O3 peak of a summer afternoon: O3 rises (over at most 45 min)
 *   to a hump of 200–230 µg/m³ — above the 180 µg/m³ information threshold, below the 240 alert
 *   threshold — and falls back by the span's end; put it in the afternoon for realism;
 * - dust-event: hours of coarse Saharan dust — PM10 +320, PM2.5 +60 µg/m³ (dust is mostly coarse);
 * - sensor-drift: the station's pollutant sensors drift out of calibration — every pollutant reads high by a
 *   factor that creeps up to +300 % over half the span, at most a day (no jump an hour's check would call a spike), holds,
 *   and is gone at the span's end (recalibrated). Its neighbours of the same type do not see it, so the
 *   data-quality checks first call it a possible local event, then drift.
 */
import { CO, NO2, O3, PM10, PM25, POLLUTANT_ORDER } from './pollutant-profiles';
import type { Span, StationPlan } from './scenario-plan';

export const PM_EPISODE_RAMP_MS = 6 * 3_600_000;
export const OZONE_EPISODE_RAMP_MS = 45 * 60_000;
export const DUST_EVENT_RAMP_MS = 30 * 60_000;
export const SENSOR_DRIFT_RAMP_MS = 24 * 3_600_000;
/** A drifting sensor reads this much too high (a fraction of the true level) at full strength. */
export const SENSOR_DRIFT_GAIN = 3;
/** O3 during an ozone episode: this at the edges of the span ... */
export const OZONE_EPISODE_BASE = 200;
/** ... plus up to this in its middle. */
export const OZONE_EPISODE_HUMP = 30;

/** Strength 0..1 at `at`: ramps up from each span's start, holds, and ramps down to 0 at its end. */
export function episodeLevel(spans: readonly Span[], at: number, maxRampMs: number): number {
  let level = 0;
  for (const span of spans) {
    if (at < span.start || at >= span.end) continue;
    const ramp = Math.max(1, Math.min(maxRampMs, (span.end - span.start) / 4));
    level = Math.max(level, Math.min(1, (at - span.start) / ramp, (span.end - at) / ramp));
  }
  return level;
}

/** True when the plan has any pollutant scenario (the model skips the rest otherwise). */
export function hasPollutantScenario(plan: StationPlan | undefined): plan is StationPlan {
  return plan !== undefined && plan.pmEpisodes.length + plan.ozoneEpisodes.length + plan.dustEvents.length + plan.drifts.length > 0;
}

/** Applies the station's pollutant scenarios at `at` (ms since the run's start) to levels[offset ..]. */
export function applyPollutantScenarios(plan: StationPlan, at: number, levels: Float64Array, offset: number): void {
  const pm = episodeLevel(plan.pmEpisodes, at, PM_EPISODE_RAMP_MS);
  if (pm > 0) {
    levels[offset + PM25] = (levels[offset + PM25] as number) + 55 * pm;
    levels[offset + PM10] = (levels[offset + PM10] as number) + 65 * pm;
    levels[offset + NO2] = (levels[offset + NO2] as number) * (1 + 0.5 * pm);
    levels[offset + CO] = (levels[offset + CO] as number) * (1 + 0.5 * pm);
    levels[offset + O3] = (levels[offset + O3] as number) * (1 - 0.5 * pm);
  }
  const dust = episodeLevel(plan.dustEvents, at, DUST_EVENT_RAMP_MS);
  if (dust > 0) {
    levels[offset + PM10] = (levels[offset + PM10] as number) + 320 * dust;
    levels[offset + PM25] = (levels[offset + PM25] as number) + 60 * dust;
  }
  const ozone = episodeLevel(plan.ozoneEpisodes, at, OZONE_EPISODE_RAMP_MS);
  if (ozone > 0) {
    const target = OZONE_EPISODE_BASE + OZONE_EPISODE_HUMP * ozoneHump(plan.ozoneEpisodes, at);
    const o3 = levels[offset + O3] as number;
    if (target > o3) levels[offset + O3] = o3 + ozone * (target - o3);
  }
  // Last: the sensors misread whatever the air holds.
  const drift = driftLevel(plan.drifts, at);
  if (drift > 0) for (let p = offset; p < offset + POLLUTANT_ORDER.length; p++) levels[p] = (levels[p] as number) * (1 + SENSOR_DRIFT_GAIN * drift);
}

/** Drift strength 0..1 at `at`: creeps up from each span's start over half the span, at most SENSOR_DRIFT_RAMP_MS, and is gone at its end. */
function driftLevel(spans: readonly Span[], at: number): number {
  let level = 0;
  for (const span of spans) {
    if (at < span.start || at >= span.end) continue;
    const ramp = Math.max(1, Math.min(SENSOR_DRIFT_RAMP_MS, (span.end - span.start) / 2));
    level = Math.max(level, Math.min(1, (at - span.start) / ramp));
  }
  return level;
}

/** 0 at the edges of the ozone span containing `at`, 1 in its middle. */
function ozoneHump(spans: readonly Span[], at: number): number {
  for (const span of spans) {
    if (at >= span.start && at < span.end) return Math.sin((Math.PI * (at - span.start)) / (span.end - span.start));
  }
  return 0;
}
