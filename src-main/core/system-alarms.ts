/**
 * Conditions for the app's own alarms (no data, source down, store buffer filling). They go through
 * the same AlarmManager as process alarms, so they have the same lifecycle and audit trail.
 */
import type { Condition } from './rules/rule-engine';
import type { SourceState } from '../../src-shared/ipc/status';
import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { Station } from '../../src-shared/domain/station';
import { CLOCK_SKEW_ALARM_MS } from './steady-clock';

export const SYSTEM_RULES = {
  noData: 'system:no-data',
  source: 'system:source',
  storeBuffer: 'system:store-buffer',
  engineRestarted: 'system:engine-restarted',
  clockSkew: 'system:clock-skew',
  stationCap: 'system:station-cap',
  metricCap: 'system:metric-cap',
  calibrationDue: 'system:calibration-due',
} as const;

/** A station's calibration due within this many days (or overdue) raises a warning for the station (issue 18). */
export const CALIBRATION_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** A cap alarm stays active until no new id was refused at the cap for this long. */
export const CAP_ALARM_QUIET_MS = 300_000;

/** No reading at all for this long (wall clock) raises the no-data alarm. */
export const NO_DATA_AFTER_MS = 30_000;
/** The store buffer alarm fires above this fill ratio and clears below the clear ratio. */
export const STORE_BUFFER_ALARM_RATIO = 0.8;
export const STORE_BUFFER_CLEAR_RATIO = 0.6;

/** Tracks the last state of each system condition so only changes are emitted. */
export class SystemAlarms {
  private readonly active = new Map<string, boolean>();
  private readonly pending: Condition[] = [];
  /** Per cap rule: refusals counted at the last check, and when the count last grew. */
  private readonly refusals = new Map<string, { total: number; at: number }>();
  /** Stations whose calibration-due warning is active. */
  private readonly calibrationDue = new Set<string>();
  /** Conditions a previous run left active (resumeActive), until this run has seen them hold or end for itself. */
  private readonly resumed = new Set<string>();
  /** The store buffer's last fill ratio (null: none reported yet), to judge a resumed store-buffer alarm at once. */
  private storeRatio: number | null = null;

  /** Call on every tick with the wall-clock time of the newest reading (null = none yet). */
  checkNoData(nowMs: number, lastReadingWallMs: number | null, startedAtMs: number): void {
    const since = lastReadingWallMs ?? startedAtMs;
    const silentMs = nowMs - since;
    const isActive = silentMs >= NO_DATA_AFTER_MS;
    // Restored active: it ends when data flows, not on the grace of a fresh start.
    if (!isActive && lastReadingWallMs === null && this.resumed.has(SYSTEM_RULES.noData)) return;
    this.set(SYSTEM_RULES.noData, isActive, nowMs, 'critical', isActive ? `No data received for ${Math.round(silentMs / 1000)} s` : 'Data is flowing again', null);
  }

  onSourceState(state: SourceState, detail: string | null, nowMs: number): void {
    const isDown = state === 'disconnected' || state === 'auth-failed';
    // Restored active: it ends once the source is connected, not while it starts or connects.
    if (!isDown && this.resumed.has(SYSTEM_RULES.source) && (state === 'starting' || state === 'connecting' || state === 'stopped')) return;
    const what = state === 'auth-failed' ? 'Authentication with the data source failed' : 'The data source is unreachable';
    this.set(SYSTEM_RULES.source, isDown, nowMs, 'critical', isDown ? `${what}${detail ? `: ${detail}` : ''}` : 'The data source is connected', null);
  }

  onStoreFill(ratio: number, nowMs: number): void {
    this.storeRatio = ratio;
    const wasActive = this.active.get(SYSTEM_RULES.storeBuffer) === true;
    const isActive = wasActive ? ratio > STORE_BUFFER_CLEAR_RATIO : ratio > STORE_BUFFER_ALARM_RATIO;
    this.set(SYSTEM_RULES.storeBuffer, isActive, nowMs, 'warning', isActive ? `Store buffer ${Math.round(ratio * 100)} % full: the database is not keeping up or is away` : 'Store buffer back to normal', ratio);
  }

  /**
   * A cap of the decoder refused new ids since the last check (`refused` is the running total): the alarm
   * says which cap, how many were refused and what frees room; it clears after CAP_ALARM_QUIET_MS without refusals.
   */
  onCapRefusals(kind: 'station' | 'metric', refused: number, cap: number, nowMs: number): void {
    const ruleId = kind === 'station' ? SYSTEM_RULES.stationCap : SYSTEM_RULES.metricCap;
    const last = this.refusals.get(ruleId) ?? { total: 0, at: Number.NEGATIVE_INFINITY };
    if (refused > last.total) this.refusals.set(ruleId, { total: refused, at: nowMs });
    const latest = this.refusals.get(ruleId) ?? last;
    const isActive = nowMs - latest.at < CAP_ALARM_QUIET_MS;
    const setting = kind === 'station' ? 'decoder.maxStations' : 'decoder.maxDistinctMetrics';
    const room = kind === 'station' ? 'stations silent for longer than decoder.idleStationTtlMs give their place up' : 'metrics without values for longer than decoder.idleMetricTtlMs give their place up';
    const message = isActive
      ? `The ${kind} cap is reached: ${latest.total} new ${kind === 'station' ? 'stations' : 'metric names'} refused so far (${setting} = ${cap}); ${room}`
      : `No new ${kind === 'station' ? 'station' : 'metric name'} refused for ${CAP_ALARM_QUIET_MS / 60_000} min`;
    this.set(ruleId, isActive, nowMs, 'warning', message, latest.total);
  }

  /**
   * The system clock jumped (set by hand, or a time sync after a wrong start) by more than
   * CLOCK_SKEW_ALARM_MS since the engine started. Durations keep using the monotonic clock; the alarm tells
   * the operator why wall times in the app and the computer's clock may differ. Clears when they agree again.
   */
  onClockSkew(skewMs: number, nowMs: number): void {
    const wasActive = this.active.get(SYSTEM_RULES.clockSkew) === true;
    const isActive = Math.abs(skewMs) > (wasActive ? CLOCK_SKEW_ALARM_MS / 2 : CLOCK_SKEW_ALARM_MS);
    if (!isActive && !wasActive) return;
    const direction = skewMs > 0 ? 'forward' : 'back';
    const message = isActive
      ? `The system clock was set ${direction} by ${Math.round(Math.abs(skewMs) / 1000)} s while the engine ran: stale-station and no-data checks keep using the steady clock, and readings are checked against the later of the two`
      : 'The system clock agrees with the steady clock again';
    this.set(SYSTEM_RULES.clockSkew, isActive, nowMs, 'warning', message, Math.round(skewMs / 1000));
  }

  /**
   * A restart is an event, not a state: the alarm activates and returns at once, so it stays in the
   * list as returned-unacknowledged until an operator acknowledges it.
   */
  onEngineRestarted(restartCount: number, nowMs: number, reason?: string): void {
    const because = reason === undefined ? '' : `: ${reason}`;
    const message = `The engine stopped unexpectedly and was restarted (${restartCount} ${restartCount === 1 ? 'time' : 'times'} so far)${because}`;
    this.set(SYSTEM_RULES.engineRestarted, true, nowMs, 'warning', message, restartCount);
    this.set(SYSTEM_RULES.engineRestarted, false, nowMs, 'warning', message, restartCount);
  }

  /**
   * Per station with a calibration due date: a warning while the date is at most CALIBRATION_WARNING_DAYS
   * (UTC calendar days) away or past; it returns when the date moves out (the station was calibrated and its date updated),
   * or the station loses its date or leaves the registry. Call when the registry changes and once a day.
   */
  onCalibrationDue(stations: readonly Station[], nowMs: number): void {
    const listed = new Set<string>();
    for (const station of stations) {
      listed.add(station.id);
      const due = station.calibrationDueAt ?? null;
      const daysLeft = due === null ? null : daysBetween(nowMs, due);
      const isActive = daysLeft !== null && daysLeft <= CALIBRATION_WARNING_DAYS;
      if (isActive === this.calibrationDue.has(station.id)) continue;
      const name = station.name === station.id ? station.id : `${station.name} (${station.id})`;
      if (isActive) {
        this.calibrationDue.add(station.id);
        this.pending.push(calibrationCondition(station.id, true, nowMs, `Calibration of ${name} ${dueText(due as number, daysLeft)}`, daysLeft));
      } else {
        this.calibrationDue.delete(station.id);
        const message = due === null ? `${name} has no calibration due date any more` : `Calibration of ${name} is next due on ${dayText(due)}`;
        this.pending.push(calibrationCondition(station.id, false, nowMs, message, daysLeft));
      }
    }
    for (const stationId of [...this.calibrationDue]) {
      if (listed.has(stationId)) continue;
      this.calibrationDue.delete(stationId);
      this.pending.push(calibrationCondition(stationId, false, nowMs, `Station ${stationId} is no longer in the registry`, null));
    }
  }

  drain(): Condition[] {
    return this.pending.splice(0);
  }

  /**
   * A system alarm a previous run left active (restored at start): the next check that finds it over clears it —
   * no data once data flows, the source once connected, a cap after CAP_ALARM_QUIET_MS without refusals from now.
   */
  resumeActive(ruleId: string, stationId: string, nowMs: number): void {
    if (ruleId === SYSTEM_RULES.calibrationDue) return void this.calibrationDue.add(stationId);
    this.active.set(ruleId, true);
    this.resumed.add(ruleId);
    if (ruleId === SYSTEM_RULES.stationCap || ruleId === SYSTEM_RULES.metricCap) this.refusals.set(ruleId, { total: 0, at: nowMs });
    // The store reports its fill only when it changes (it reported before the restore): judged now by that report.
    if (ruleId === SYSTEM_RULES.storeBuffer && this.storeRatio !== null) this.onStoreFill(this.storeRatio, nowMs);
  }

  private set(ruleId: string, isActive: boolean, at: number, severity: 'warning' | 'critical', message: string, value: number | null): void {
    if (!isActive) this.resumed.delete(ruleId);
    if ((this.active.get(ruleId) ?? false) === isActive) return;
    this.active.set(ruleId, isActive);
    this.pending.push({ ruleId, stationId: CITY_STATION_ID, metric: null, isActive, value, threshold: null, severity, message, at });
  }
}

function calibrationCondition(stationId: string, isActive: boolean, at: number, message: string, daysLeft: number | null): Condition {
  // Lower is worse: the alarm's peak keeps the fewest days left.
  return { ruleId: SYSTEM_RULES.calibrationDue, stationId, metric: null, isActive, value: daysLeft, threshold: CALIBRATION_WARNING_DAYS, severity: 'warning', message, at, direction: 'low' };
}

/** Whole UTC calendar days from `fromMs` to `toMs` (negative when `toMs` is earlier). */
function daysBetween(fromMs: number, toMs: number): number {
  return Math.floor(toMs / DAY_MS) - Math.floor(fromMs / DAY_MS);
}

/** "is due on 2026-12-20, in 14 days", "is due today" or "was due on 2026-11-30, 6 days ago". */
function dueText(dueMs: number, days: number): string {
  if (days === 0) return `is due today (${dayText(dueMs)})`;
  if (days > 0) return `is due on ${dayText(dueMs)}, in ${days} ${days === 1 ? 'day' : 'days'}`;
  return `was due on ${dayText(dueMs)}, ${-days} ${days === -1 ? 'day' : 'days'} ago`;
}

function dayText(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
