/**
 * What the air-pollution scenarios do to a station's expected pollutant levels (pollutant-profiles.ts
 * order). Each ramps in and out so the series stays believable, with a ramp no longer than a quarter
 * of the span, so a short demo span still reaches full strength:
 * - pm-episode: a winter inversion lasting days — PM2.5 +55 and PM10 +65 µg/m³ at full strength
 *   (daily PM10 means well above the 50 µg/m³ limit), NO2 and CO up by half, O3 down by half;
 * - ozone-episode: the hours around the O3 peak of a summer afternoon: O3 rises (over at most 45 min)
 *   to a hump of 200–230 µg/m³ — above the 180 µg/m³ information threshold, below the 240 alert
 *   threshold — and falls back by the span's end; put it in the afternoon for realism;
 * - dust-event: hours of coarse Saharan dust — PM10 +320, PM2.5 +60 µg/m³ (dust is mostly coarse).
 */
import { CO, NO2, O3, PM10, PM25 } from './pollutant-profiles';
import type { Span, StationPlan } from './scenario-plan';

export const PM_EPISODE_RAMP_MS = 6 * 3_600_000;
export const OZONE_EPISODE_RAMP_MS = 45 * 60_000;
export const DUST_EVENT_RAMP_MS = 30 * 60_000;
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
  return plan !== undefined && plan.pmEpisodes.length + plan.ozoneEpisodes.length + plan.dustEvents.length > 0;
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
}

/** 0 at the edges of the ozone span containing `at`, 1 in its middle. */
function ozoneHump(spans: readonly Span[], at: number): number {
  for (const span of spans) {
    if (at >= span.start && at < span.end) return Math.sin((Math.PI * (at - span.start)) / (span.end - span.start));
  }
  return 0;
}
