/**
 * Outcomes: the second of the pipeline's three parts. Closed windows go through the window rules, rule and
 * system conditions become alarm changes, and frames, alarm events and the store writes of one step are
 * built here. It owns the alarm lifecycle, so operator actions (acknowledge, shelve, out of service) are
 * operations on it, with their domain rules ("back in service starts clean") beside them.
 */
import type { Reading } from '../../src-shared/domain/reading';
import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import { MAX_PENDING_PER_FRAME, type StreamFrame } from '../../src-shared/ipc/frame';
import type { CapsStatus, SourceState } from '../../src-shared/ipc/status';
import { AlarmManager, type AlarmListOptions, type OutOfServiceKey } from './alarms/alarm-manager';
import type { RuleEngine } from './rules/rule-engine';
import type { Quarantine } from './quarantine';
import type { CityBandRow, FrameBuilder } from './frame-builder';
import { SystemAlarms } from './system-alarms';
import type { LateProgress, Store, StoreReader } from './ports';
import type { LateBatch } from './windows/late-values';
import type { Station } from '../../src-shared/domain/station';
import type { AirQualitySettings } from '../../src-shared/settings/schema';
import type { AirComplianceResult } from '../../src-shared/domain/air-quality';
import { AirQualityFeed, isThresholdRuleId, type PrimedCoverage } from './air-quality-feed';
import type { ThresholdEpisode } from './air-quality/threshold-tracker';
import { AIR_RELATIONS_KEY } from './air-quality/neighbour-relations';

/** Minimum wall-clock time between two frames (docs/DESIGN.md: at most 10 frames a second). */
export const FRAME_INTERVAL_MS = 100;
/**
 * The data-quality checks' learnt relations are saved at most this often, and when the engine stops (a city's are a
 * few MB and move over weeks: a crash loses a few hours of learning, nothing else).
 */
export const RELATIONS_SAVE_MS = 6 * 3_600_000;

export interface OutcomesOptions {
  /** `setState`: where the data-quality checks' learnt relations are kept across restarts (without it, not kept). */
  readonly store: Store & { readonly setState?: StoreReader['setState'] };
  readonly rules: RuleEngine;
  readonly frames: FrameBuilder;
  readonly quarantine: Quarantine;
  readonly storeRaw: boolean;
  readonly onFrame: (frame: StreamFrame) => void;
  readonly onAlarm: (change: { readonly alarm: Alarm; readonly event: AlarmEvent }) => void;
  /** What a frame shows of the open windows and the input rate, at `now`. */
  readonly live: (now: number) => { readonly cityOpen: readonly CityBandRow[]; readonly readingsPerSec: number; readonly watermark: number | null };
  /** Air quality (issue 18): index, standard set and time zone; absent = the defaults. */
  readonly airQuality?: AirQualitySettings;
}

/** The store writes of one step and the rows they hold (the write-behind's measure of work in flight). */
export interface StepWrites {
  readonly writes: Promise<void>[];
  readonly rows: number;
}

export class Outcomes {
  private readonly alarms = new AlarmManager();
  private readonly system = new SystemAlarms();
  private lastFrameAt = 0;
  /** When the data-quality checks' learnt relations were last handed to the store (at most every RELATIONS_SAVE_MS). */
  private relationsSavedAt = Number.NEGATIVE_INFINITY;
  private windowsClosed = 0;
  private readonly air: AirQualityFeed;

  constructor(private readonly options: OutcomesOptions) {
    this.air = new AirQualityFeed(options.airQuality ?? { index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' });
  }

  /**
   * One step's effects: closed windows through the window rules, conditions into alarms (emitted at
   * once), a frame when one is due (the live view never waits for the database), and the store writes
   * of the windows, their data-quality flags, late merges, raw readings, alarm changes and rejections —
   * started, not awaited.
   */
  step(closed: readonly WindowAggregate[], accepted: readonly Reading[], now: number, late: LateBatch | null = null, progress?: LateProgress): StepWrites {
    const { rules, frames, quarantine, store, storeRaw } = this.options;
    for (const w of closed) rules.onWindow(w);
    this.windowsClosed += closed.length;
    frames.addWindows(closed);
    for (const condition of rules.drainConditions()) this.alarms.applyCondition(condition);
    for (const condition of this.air.onWindows(closed)) this.alarms.applyCondition(condition);
    // Drained every step, so a store that keeps no flags (the in-memory one) holds none back.
    const raised = this.air.drainFlags();
    const flags = store.writeQualityFlags === undefined ? [] : raised;
    for (const condition of this.system.drain()) this.alarms.applyCondition(condition, { kind: 'system' });
    const changes = this.alarms.drainChanges();
    for (const change of changes) this.options.onAlarm(change);
    const rejected = quarantine.drainNew();
    if (now - this.lastFrameAt >= FRAME_INTERVAL_MS && frames.pendingRows > 0) this.emitFrame(now);
    const writes: Promise<void>[] = [];
    const merged = late !== null && store.mergeLate !== undefined ? late : null;
    const rows = closed.length + flags.length + (merged?.values.length ?? 0) + (storeRaw ? accepted.length : 0) + changes.length + rejected.length;
    // The hours' data-quality flags just before their windows (the store applies writes in call order): a
    // compliance read that sees an hour's window, and then reads the flags, sees its flag too — so it never
    // builds a day with a flagged hour counted after the flag's write found nothing built to lower. An hour the
    // spike check held gets its flag a step after its window: a flag that leaves out an hour of a built day has
    // the day built again (quality-flags-sql.ts), so that order is safe too.
    if (flags.length > 0) writes.push(store.writeQualityFlags!(flags));
    // The step's late-merge progress rides with its last window write (the merge when there is one: it reads the
    // progress saved before it to skip re-read messages, so this step's must come after it).
    if (closed.length > 0) writes.push(merged === null ? store.writeWindows(closed, progress) : store.writeWindows(closed));
    // Late values after the closed windows: the store applies writes in call order, so a merge always
    // lands on the window's stored row, never under a later on-time upsert of it.
    if (merged !== null) writes.push(store.mergeLate!(merged, progress));
    if (storeRaw && accepted.length > 0) writes.push(store.writeReadings(accepted));
    if (changes.length > 0) writes.push(store.writeAlarms(latestAlarms(changes), changes.map((c) => c.event)));
    if (rejected.length > 0) writes.push(store.writeRejected(rejected));
    if (now - this.relationsSavedAt >= RELATIONS_SAVE_MS) {
      const saved = this.saveRelations(now);
      if (saved !== null) writes.push(saved);
    }
    return { writes, rows };
  }

  /**
   * Hands what the neighbour checks learnt since the last save to the store, so a restart goes on judging against it
   * (not against a drift it would learn as usual); null when nothing changed or the store keeps no state. The step
   * calls it every RELATIONS_SAVE_MS, the engine when it stops.
   */
  saveRelations(now: number): Promise<void> | null {
    const store = this.options.store;
    if (store.setState === undefined) return null;
    const relations = this.air.exportRelations();
    if (relations === null) return null;
    this.relationsSavedAt = now;
    return store.setState(AIR_RELATIONS_KEY, relations);
  }

  /** The wall-clock checks: stale stations, shelf expiry, "no data" — their changes go out with the next step. */
  tick(now: number, lastInputAt: number | null, startedAt: number): void {
    this.options.rules.checkStale(now);
    this.alarms.tick(now);
    this.system.checkNoData(now, lastInputAt, startedAt);
    const stations = this.air.calibrationCheckDue(now);
    if (stations !== null) this.system.onCalibrationDue(stations, now);
  }

  /** Emits a frame when FRAME_INTERVAL_MS passed since the last one (the tick calls it). */
  emitFrameIfDue(now: number): void {
    if (now - this.lastFrameAt >= FRAME_INTERVAL_MS) this.emitFrame(now);
  }

  get closedWindowCount(): number {
    return this.windowsClosed;
  }

  // Operator actions. Each returns the alarm; its change goes out (and to the store) with the next step.

  acknowledge(id: string, who: string, comment: string | null, now: number): Alarm {
    return this.alarms.acknowledge(id, who, comment, now);
  }

  shelve(id: string, who: string, reason: string, until: number, now: number): Alarm {
    return this.alarms.shelve(id, who, reason, until, now);
  }

  unshelve(id: string, who: string, comment: string | null, now: number): Alarm {
    return this.alarms.unshelve(id, who, comment, now);
  }

  /**
   * Takes a station (metric null) or one sensor out of service, or back. Back in service starts clean:
   * the rules forget its conditions, so one that held all along fires again.
   */
  setOutOfService(stationId: string, metric: string | null, outOfService: boolean, who: string, comment: string | null, now: number): void {
    this.alarms.setOutOfService(stationId, metric, outOfService, who, comment, now);
    if (!outOfService) this.options.rules.resetConditions(stationId, metric);
  }

  listAlarms(options: AlarmListOptions): Alarm[] {
    return this.alarms.list(options);
  }

  listOutOfService(): OutOfServiceKey[] {
    return this.alarms.listOutOfService();
  }

  /** The alarms and out-of-service entries a previous run stored (at start, before any input). */
  restore(alarms: readonly Alarm[], outOfService: readonly OutOfServiceKey[]): void {
    this.alarms.restore(alarms, outOfService);
    // A threshold episode that began before the restart ends on the feed's first clean hour (restoreActiveThresholds).
    this.air.restoreActiveThresholds(alarms.filter((a) => a.isActive).map((a) => a.id));
  }

  /**
   * After restore, once the rules in force are set: every alarm a previous run left active has its condition
   * active again in whatever watches it — its rule (RuleEngine.resumeActive) or the system checks — so the
   * alarm clears when its condition does. Before, those started from normal and reported no clear: an active
   * alarm stayed active for good after a restart. One whose rule is gone or disabled is cleared now, as a
   * rule change while running would. Air-quality threshold alarms have their own rule (restoreActiveThresholds).
   * `isReread`: the source goes on from a resume point, so samples before an alarm's activation come again and
   * must not clear it (without one — the simulator starts at the wall clock — older samples are new data).
   */
  resumeConditions(now: number, isReread: boolean): void {
    for (const alarm of this.alarms.list({ includeNormal: true, includeShelved: true })) {
      if (!alarm.isActive || isThresholdRuleId(alarm.ruleId)) continue;
      if (alarm.ruleId.startsWith('system:')) {
        this.system.resumeActive(alarm.ruleId, alarm.stationId, now);
        continue;
      }
      if (this.options.rules.resumeActive(alarm, now, isReread)) continue;
      this.alarms.applyCondition({
        ruleId: alarm.ruleId, stationId: alarm.stationId, metric: alarm.metric, isActive: false, value: null, threshold: alarm.threshold,
        severity: alarm.severity, message: 'rule removed, disabled or changed while Stationwatch was closed', at: now,
      });
    }
    // The registry was read before the rules were set: its calibration dates are checked again against the resumed warnings.
    if (this.air.registry.length > 0) this.system.onCalibrationDue(this.air.registry, now);
  }

  // System conditions: raised from outside the data flow, applied with the next step.

  onSourceState(state: SourceState, detail: string | null, now: number): void {
    this.system.onSourceState(state, detail, now);
  }

  onStoreFill(ratio: number, now: number): void {
    this.system.onStoreFill(ratio, now);
  }

  /** The decoder's caps: refusals at a cap raise its system alarm (see SystemAlarms.onCapRefusals). */
  onCaps(caps: CapsStatus, now: number): void {
    this.system.onCapRefusals('station', caps.stations.refused, caps.stations.cap, now);
    this.system.onCapRefusals('metric', caps.metrics.refused, caps.metrics.cap, now);
  }

  /** The wall clock's distance from the steady one (see SteadyClock): a jump raises the clock-skew alarm. */
  onClockSkew(skewMs: number, now: number): void {
    this.system.onClockSkew(skewMs, now);
  }

  /** The station registry changed (or was loaded): calibration due dates are checked now and once a day after. */
  onStations(stations: readonly Station[], now: number): void {
    this.system.onCalibrationDue(this.air.setStations(stations, now), now);
  }

  /** After a restart, before priming: the data-quality checks' saved relations between neighbours (throws on a malformed text). */
  importAirRelations(text: string, now: number): number {
    return this.air.importRelations(text, now);
  }

  /** After a restart: the last stored pollutant hours prime the live air quality — checks, indices, thresholds, counters (AirQualityFeed.prime). */
  primeAirQuality(stored: readonly WindowAggregate[], coverage?: PrimedCoverage): void {
    this.air.prime(stored, coverage);
  }

  /** The operators' invalidated periods (issue 18): hours in them feed no index, threshold or live count. */
  setAirInvalidations(list: Parameters<AirQualityFeed['setInvalidations']>[0]): void {
    this.air.setInvalidations(list);
  }

  /** Live air-quality compliance of local year `year` (null: the data's current year). */
  airCompliance(year: number | null): AirComplianceResult {
    return this.air.compliance(year);
  }

  /** The latest information or alert threshold episode of an air-quality alarm (public notices), or null. */
  airEpisode(alarmId: string): ThresholdEpisode | null {
    return this.air.episode(alarmId);
  }

  onEngineRestarted(restartCount: number, now: number, reason?: string): void {
    this.system.onEngineRestarted(restartCount, now, reason);
  }

  private emitFrame(now: number): void {
    this.lastFrameAt = now;
    const live = this.options.live(now);
    const pending = this.options.rules.pendingConditions(MAX_PENDING_PER_FRAME, (stationId, metric) => !this.alarms.isOutOfService(stationId, metric));
    this.options.onFrame(this.options.frames.build(now, live.cityOpen, live.readingsPerSec, live.watermark, pending, this.air.indicesForFrame(now), this.air.flagsForFrame(now)));
  }
}

/** The newest state of each alarm among a list of changes, for one store write. */
function latestAlarms(changes: readonly { readonly alarm: Alarm }[]): Alarm[] {
  const byId = new Map<string, Alarm>();
  for (const { alarm } of changes) byId.set(alarm.id, alarm);
  return [...byId.values()];
}
