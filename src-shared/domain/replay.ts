/**
 * Incident replay (issue 19): the console as it was at a past moment, read from the stored windows and
 * the alarm event history, and the incidents operators save to come back to.
 */
import type { Alarm } from './alarms';

/** Stations' newest closed window of each metric as of the moment, columnar (one row per station and metric). */
export interface ReplayLatest {
  readonly stationId: readonly string[];
  readonly metric: readonly string[];
  /** Window start, epoch ms. */
  readonly start: readonly number[];
  readonly sizeMs: readonly number[];
  readonly mean: readonly number[];
}

/** City-wide windows (station '*') of each metric's finest stored size that closed in [from, at]. */
export interface ReplayCity {
  readonly metric: readonly string[];
  readonly start: readonly number[];
  readonly sizeMs: readonly number[];
  readonly mean: readonly number[];
  readonly min: readonly number[];
  readonly max: readonly number[];
  readonly p95: readonly number[];
}

/** The console at `at`: what the map, charts and alarm list show there. */
export interface ReplaySnapshot {
  readonly at: number;
  readonly from: number;
  readonly latest: ReplayLatest;
  readonly city: ReplayCity;
  /** Alarms not normal at `at` (or shelved then), with their state, activation and value as of `at`. */
  readonly alarms: readonly Alarm[];
}

/** A saved incident: a titled time range with the operator's notes, optionally from one alarm. */
export interface Incident {
  readonly id: string;
  readonly title: string;
  readonly from: number;
  readonly to: number;
  readonly notes: string;
  readonly alarmId: string | null;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** How far before `at` a station's newest window may start and still count as its value then: six finest windows, at least a minute. */
export function replayLookbackMs(sizeMs: number): number {
  return Math.max(6 * sizeMs, 60_000);
}

/** "Open incident" starts this long before the alarm's activation (the issue: a few minutes before). */
export const INCIDENT_LEAD_MS = 2 * 60_000;
/** An incident still active, or cleared sooner, runs at least this long after its activation. */
export const INCIDENT_MIN_AFTER_MS = 10 * 60_000;

/** The range "Open incident" shows for an alarm: from a little before its activation to its clearing (at least INCIDENT_MIN_AFTER_MS). */
export function incidentRange(alarm: Pick<Alarm, 'activatedAt' | 'clearedAt'>): { readonly from: number; readonly to: number } {
  const end = alarm.clearedAt !== null && alarm.clearedAt > alarm.activatedAt ? alarm.clearedAt : alarm.activatedAt;
  return { from: alarm.activatedAt - INCIDENT_LEAD_MS, to: Math.max(end, alarm.activatedAt + INCIDENT_MIN_AFTER_MS) };
}
