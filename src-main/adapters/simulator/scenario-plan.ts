/**
 * Scenarios resolved against the station list: for each station, the simulated-time spans (ms since
 * the run's start) in which it has a heatwave, a stuck sensor, no connection, a traffic burst, an
 * air-pollution episode (winter PM, summer ozone, dust) or drifting pollutant sensors (their shapes are in
 * pollutant-scenarios.ts).
 * Stations without a scenario get no plan at all, so the hot path checks one array slot.
 */
import type { Scenario } from '../../../src-shared/settings/schema';
import type { Station } from '../../../src-shared/domain/station';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';

/** A heatwave reaches its full strength this long after it starts, and fades as long after it ends. */
export const HEATWAVE_RAMP_MS = 60_000;
/** Full-strength heatwave: this much warmer (°C): about 43 °C, past the default critical level (1-min mean > 40 °C) ... */
export const HEATWAVE_TEMPERATURE_RISE = 18;
/** ... and this much drier (percentage points of relative humidity). */
export const HEATWAVE_HUMIDITY_DROP = 10;
/** A burst multiplies the reading rate of its stations by this. */
export const BURST_FACTOR = 20;

/** A span of simulated time, [start, end) in ms since the run's start. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Everything scheduled for one station. */
export interface StationPlan {
  readonly heatwaves: Span[];
  readonly stuck: Span[];
  readonly offline: Span[];
  readonly bursts: Span[];
  readonly pmEpisodes: Span[];
  readonly ozoneEpisodes: Span[];
  readonly dustEvents: Span[];
  readonly drifts: Span[];
}

/** Per station slot: its plan, or undefined when nothing is scheduled for it. */
export interface ScenarioPlan {
  readonly byStation: readonly (StationPlan | undefined)[];
  /** Scenarios whose target matched no station, in plain language. */
  readonly warnings: readonly string[];
}

/**
 * The station slots a scenario applies to. Target: null = the first station, "*" = every station,
 * otherwise a station id or, failing that, a district name (case-insensitive).
 */
export function resolveScenarioTargets(target: string | null, stations: readonly Station[]): number[] {
  if (stations.length === 0) return [];
  if (target === null) return [0];
  if (target === CITY_STATION_ID) return stations.map((_, i) => i);
  const byId = stations.findIndex((s) => s.id === target);
  if (byId >= 0) return [byId];
  const district = target.trim().toLowerCase();
  const slots: number[] = [];
  stations.forEach((s, i) => {
    if (s.district.toLowerCase() === district) slots.push(i);
  });
  return slots;
}

/** Resolves every scenario to per-station spans. */
export function planScenarios(scenarios: readonly Scenario[], stations: readonly Station[]): ScenarioPlan {
  const byStation: (StationPlan | undefined)[] = new Array<StationPlan | undefined>(stations.length).fill(undefined);
  const warnings: string[] = [];
  for (const scenario of scenarios) {
    const slots = resolveScenarioTargets(scenario.target, stations);
    if (slots.length === 0) {
      warnings.push(`Scenario ${scenario.kind}: no station or district "${scenario.target ?? ''}"`);
      continue;
    }
    const span: Span = { start: scenario.startAfterMs, end: scenario.startAfterMs + scenario.durationMs };
    for (const slot of slots) {
      const plan = byStation[slot] ?? emptyPlan();
      byStation[slot] = plan;
      spansOf(plan, scenario.kind).push(span);
    }
  }
  return { byStation, warnings };
}

function emptyPlan(): StationPlan {
  return { heatwaves: [], stuck: [], offline: [], bursts: [], pmEpisodes: [], ozoneEpisodes: [], dustEvents: [], drifts: [] };
}

/** Heatwave strength at `at`: ramps 0 → 1 after the start, holds, ramps back to 0 after the end. */
export function heatwaveLevel(spans: readonly Span[], at: number): number {
  let level = 0;
  for (const span of spans) {
    if (at < span.start) continue;
    const peak = Math.min(1, (Math.min(at, span.end) - span.start) / HEATWAVE_RAMP_MS);
    const fade = at < span.end ? 1 : Math.max(0, 1 - (at - span.end) / HEATWAVE_RAMP_MS);
    level = Math.max(level, peak * fade);
  }
  return level;
}

/** The span containing `at`, if any. */
export function spanAt(spans: readonly Span[], at: number): Span | undefined {
  for (const span of spans) if (at >= span.start && at < span.end) return span;
  return undefined;
}

function spansOf(plan: StationPlan, kind: Scenario['kind']): Span[] {
  switch (kind) {
    case 'heatwave':
      return plan.heatwaves;
    case 'stuck-sensor':
      return plan.stuck;
    case 'station-offline':
      return plan.offline;
    case 'burst':
      return plan.bursts;
    case 'pm-episode':
      return plan.pmEpisodes;
    case 'ozone-episode':
      return plan.ozoneEpisodes;
    case 'dust-event':
      return plan.dustEvents;
    case 'sensor-drift':
      return plan.drifts;
    default:
      return assertNever(kind);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown scenario kind: ${String(value)}`);
}
