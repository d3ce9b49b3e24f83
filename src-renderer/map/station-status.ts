import { metricInfo } from '../../src-shared/domain/metrics';
import type { Severity } from '../../src-shared/domain/rules';
import type { Station } from '../../src-shared/domain/station';
import type { StationLatest } from '../data/live-store';

/** How a station looks on the map: worst open alarm, worst pending condition, and whether its data is stale or it is out of service. */
export interface StationLook {
  readonly severity: Severity | null;
  /** Priority of the worst condition breached and waiting out its pending time (not yet an alarm); null = none. */
  readonly pending: Severity | null;
  readonly isStale: boolean;
  readonly isOutOfService: boolean;
}

/** A station is stale when nothing arrived for this long (the default stale rule's 60 s). */
export const DEFAULT_STALE_MS = 60_000;

/** Combine alarms, pending conditions, data age and service state into the map's look of one station. */
export function stationLook(severity: Severity | undefined, latest: StationLatest | undefined, now: number, staleMs: number, isOutOfService: boolean, pending: Severity | undefined = undefined): StationLook {
  return { severity: severity ?? null, pending: pending ?? null, isStale: latest === undefined || now - latest.lastSeenAt > staleMs, isOutOfService };
}

/** The worst pending priority per station (critical over warning). */
export function worstPendingByStation(conditions: readonly { readonly stationId: string; readonly severity: Severity }[]): Map<string, Severity> {
  const worst = new Map<string, Severity>();
  for (const c of conditions) if (worst.get(c.stationId) !== 'critical') worst.set(c.stationId, c.severity);
  return worst;
}

/** Words for a look, so colour is never the only signal. */
export function lookLabel(look: StationLook): string {
  const pending = look.pending === null ? null : `pending ${look.pending}`;
  const alarm = look.severity === 'critical' ? 'Critical alarm' : look.severity === 'warning' ? 'Warning' : null;
  const parts = alarm === null ? [pending === null ? 'Normal' : `P${pending.slice(1)}`] : [alarm];
  if (alarm !== null && pending !== null) parts.push(pending);
  if (look.isStale) parts.push('stale');
  if (look.isOutOfService) parts.push('out of service');
  return parts.join(', ');
}

/** CSS class list for a marker: shape and colour by severity, a dashed ring when pending, greyed when stale or out of service. */
export function lookClass(look: StationLook): string {
  const pending = look.pending === null ? '' : `is-pending pending-${look.pending}`;
  return ['station-marker', `sev-${look.severity ?? 'ok'}`, pending, look.isStale ? 'is-stale' : '', look.isOutOfService ? 'is-oos' : ''].filter(Boolean).join(' ');
}

/** "4 s ago", "3 min ago", "no data yet". */
export function formatAge(latest: StationLatest | undefined, now: number): string {
  if (latest === undefined) return 'no data yet';
  const s = Math.max(0, Math.round((now - latest.lastSeenAt) / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** Tooltip lines: latest value of each metric with its unit, in catalogue order. */
export function latestValueLines(latest: StationLatest | undefined, metrics: readonly string[]): { label: string; value: string }[] {
  if (latest === undefined) return [];
  const lines: { label: string; value: string }[] = [];
  for (const metric of metrics) {
    const v = latest.values.get(metric);
    if (v === undefined) continue;
    const info = metricInfo(metric);
    lines.push({ label: info.label, value: `${v.toFixed(info.decimals)} ${info.unit}`.trim() });
  }
  return lines;
}

/** Stations the map cannot place (no coordinates). */
export function unplacedStations(stations: readonly Station[]): Station[] {
  return stations.filter((s) => s.lat === null || s.lon === null);
}
