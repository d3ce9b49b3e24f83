import type { OutlierRule, Rule, StaleRule, ThresholdRule } from '../../../src-shared/domain/rules';
import type { Alarm } from '../../../src-shared/domain/alarms';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import type { PendingCondition } from '../../../src-shared/ipc/frame';
import type { Condition } from './condition';
import { OutlierTracker } from './outlier-tracker';
import type { MetricRules } from './rule-index';
import { appliesToStation, metricRules, windowStatistic } from './rule-index';
import { StaleTracker } from './stale-tracker';
import { StationIndex } from '../station-index';
import { ThresholdTracker } from './threshold-tracker';
import { reconcileTrackers } from './rule-identity';

export type { Condition } from './condition';

/**
 * Evaluates rules and reports CONDITION changes (not alarms; the alarm manager owns those).
 * Threshold and outlier rules run on event time, stale rules on wall-clock time; every time is a
 * parameter. Per-station state lives in typed arrays by station slot, and rules are indexed by
 * metric, so onValue allocates nothing unless a condition changes.
 */
export class RuleEngine {
  private readonly stale: StaleTracker;
  private thresholds: ThresholdTracker[] = [];
  private outlierTrackers: OutlierTracker[] = [];
  private outlierRules: OutlierRule[] = [];
  private readonly byMetric = new Map<string, MetricRules>();
  private changes: Condition[] = [];
  private outliers = 0;

  /** `slots`: the pipeline's one station index (the decoder's); standalone engines (back-tests) get their own. */
  constructor(
    rules: readonly Rule[],
    private readonly slots: StationIndex = new StationIndex(),
  ) {
    this.stale = new StaleTracker(slots);
    this.setRules(rules);
  }

  /**
   * Replace the rule set, matching rules by id (never by their text: see rule-identity.ts). A rule whose
   * meaning is unchanged keeps its state (a new name included). A threshold rule with a new limit, clear
   * level, pending time or severity keeps its active conditions — acknowledged alarms stay acknowledged —
   * and the next sample is judged by the new limits, which may clear them (an audited "returned"). The
   * active conditions of removed or disabled rules, and of rules that now watch another metric, statistic
   * or station, are reported cleared with "rule changed or removed".
   */
  setRules(rules: readonly Rule[]): void {
    const enabled = rules.filter((r) => r.enabled);
    this.thresholds = reconcileTrackers(this.thresholds, enabled.filter(isThreshold), {
      build: (r) => new ThresholdTracker(r),
      rename: (t, r) => t.rename(r),
      carry: (from, to) => to.carryFrom(from),
      retire: (t) => t.clearAll(this.slots, this.changes),
    });
    this.outlierRules = enabled.filter(isOutlier);
    this.outlierTrackers = reconcileTrackers(this.outlierTrackers, this.outlierRules.filter((r) => r.raiseAlarm), {
      build: (r) => new OutlierTracker(r),
      rename: (t, r) => t.rename(r),
      carry: () => false,
      retire: (t) => t.clearAll(this.slots, this.changes),
    });
    this.stale.setRules(enabled.filter(isStale), this.changes);
    this.byMetric.clear();
  }

  /**
   * A raw reading of one metric at event time `ts`: evaluates raw-value threshold rules and outlier
   * rules. Returns true if the value is an outlier per the enabled outlier rules. Hot path.
   */
  onValue(stationId: string, metric: string, ts: number, value: number, stationSlot = -1): boolean {
    const entry = this.rulesOf(metric);
    const z = (value - entry.mean) / entry.sigma;
    const isOutlierValue = Math.abs(z) > entry.outlierK;
    if (isOutlierValue) this.outliers++;
    const valueTrackers = entry.valueTrackers;
    const outlierTrackers = entry.outlierTrackers;
    if (valueTrackers.length === 0 && outlierTrackers.length === 0) return isOutlierValue;
    const slot = stationSlot >= 0 ? stationSlot : this.slots.slotOf(stationId);
    if (slot < 0) return isOutlierValue;
    for (let i = 0; i < valueTrackers.length; i++) {
      const tracker = valueTrackers[i] as ThresholdTracker;
      const only = tracker.rule.stationId;
      if (only === null || only === stationId) tracker.evaluate(slot, stationId, ts, value, this.changes);
    }
    for (let i = 0; i < outlierTrackers.length; i++) {
      (outlierTrackers[i] as OutlierTracker).evaluate(slot, stationId, metric, ts, value, z, this.changes);
    }
    return isOutlierValue;
  }

  /** A closed window: evaluates window-statistic rules of the same size, at event time w.start + w.sizeMs. */
  onWindow(w: WindowAggregate): void {
    const trackers = this.rulesOf(w.metric).windowTrackers;
    if (trackers.length === 0) return;
    const at = w.start + w.sizeMs;
    let slot = -1;
    for (const tracker of trackers) {
      const rule = tracker.rule;
      if (rule.windowMs !== w.sizeMs || rule.statistic === 'value' || !appliesToStation(rule.stationId, w.stationId)) continue;
      if (slot < 0) slot = this.slots.slotOf(w.stationId);
      if (slot < 0) return;
      tracker.evaluate(slot, w.stationId, at, windowStatistic(w, rule.statistic), this.changes);
    }
  }

  /** A station delivered data at wall-clock `wallMs`; clears its stale conditions. `stationSlot`: its slot, when the caller has it. */
  onStationSeen(stationId: string, wallMs: number, stationSlot = -1): void {
    this.stale.onSeen(stationSlot >= 0 ? stationSlot : this.slots.slotOf(stationId), wallMs, this.changes);
  }

  /** Evaluate stale-station rules at wall-clock `wallMs` (call it every second or so). */
  checkStale(wallMs: number): void {
    this.stale.check(wallMs, this.changes);
  }

  /**
   * Forget the condition state of a station (metric null) or one of its sensors without reporting
   * anything, so conditions that still hold are reported afresh. Call it when a station or sensor
   * comes back into service: the alarm manager returned its alarms to normal when it went out.
   */
  resetConditions(stationId: string, metric: string | null): void {
    const slot = this.slots.find(stationId);
    if (slot < 0) return;
    for (const tracker of this.thresholds) if (metric === null || tracker.rule.metric === metric) tracker.reset(slot);
    for (const tracker of this.outlierTrackers) tracker.reset(slot, metric);
    if (metric === null) this.stale.reset(stationId);
  }

  /**
   * An alarm a previous run left active (restored at start, after the rules are set): its rule's condition for
   * the station is active again, so the rule clears it as it would have — the next clean sample of a threshold
   * rule, the next ordinary reading of an outlier's metric, the station's next sighting for a stale rule — but,
   * when `isReread` (the source resumes from a point), never on a sample older than the alarm's activation. False when no enabled
   * rule watches it any more: none has its id, or the rule now watches another metric or station (the caller
   * clears it, as setRules would have). A station the capped index has no room for keeps its alarm as it is.
   */
  resumeActive(alarm: Pick<Alarm, 'ruleId' | 'stationId' | 'metric' | 'peakValue' | 'activatedAt'>, now: number, isReread = true): boolean {
    // Samples older than the activation are the previous run's, read again, only when the source resumes from a point.
    const guardUntil = isReread ? Math.min(alarm.activatedAt, now) : Number.NEGATIVE_INFINITY;
    const slot = this.slots.slotOf(alarm.stationId);
    if (slot < 0) return true;
    // Seen now: a station with an alarm to clear is not idle, so the cap does not release its slot at once.
    this.slots.touch(slot, now);
    const threshold = this.thresholds.find((t) => t.rule.id === alarm.ruleId);
    if (threshold !== undefined) {
      if (threshold.rule.metric !== alarm.metric || !appliesToStation(threshold.rule.stationId, alarm.stationId)) return false;
      threshold.resumeActive(slot, alarm.peakValue, alarm.activatedAt, guardUntil);
      return true;
    }
    const outlier = this.outlierTrackers.find((t) => t.rule.id === alarm.ruleId);
    if (outlier !== undefined) {
      if (alarm.metric === null || !this.rulesOf(alarm.metric).outlierTrackers.includes(outlier)) return false;
      outlier.resumeActive(slot, alarm.metric, alarm.activatedAt, guardUntil, (alarm.peakValue ?? 0) >= this.rulesOf(alarm.metric).mean);
      return true;
    }
    return this.stale.resumeActive(alarm.ruleId, slot);
  }

  /**
   * Forget everything kept for the station in `slot`, without reporting anything: its slot is being
   * released to another station (idle past the time-to-live at the station cap). Its alarms stay as they are.
   */
  forgetStation(slot: number): void {
    for (const tracker of this.thresholds) tracker.reset(slot);
    for (const tracker of this.outlierTrackers) tracker.reset(slot, null);
    this.stale.forget(slot);
  }

  /** Condition changes since the last drain, in the order they happened. */
  drainConditions(): Condition[] {
    const drained = this.changes;
    this.changes = [];
    return drained;
  }

  /**
   * The threshold conditions breached now but still waiting out their pending time, soonest due first,
   * at most `limit` of them, and how many there are in all. Cheap when none is pending (one check per rule).
   * `isShown` drops conditions that could not raise an alarm (the station or sensor is out of service).
   */
  pendingConditions(limit: number, isShown: (stationId: string, metric: string) => boolean = () => true): { readonly list: PendingCondition[]; readonly total: number } {
    let list: PendingCondition[] = [];
    for (const tracker of this.thresholds) tracker.collectPending(this.slots, list);
    if (list.length > 0) list = list.filter((p) => isShown(p.stationId, p.metric));
    const total = list.length;
    if (total > 1) list.sort((a, b) => a.dueAt - b.dueAt || a.stationId.localeCompare(b.stationId) || a.ruleId.localeCompare(b.ruleId));
    if (total > limit) list.length = limit;
    return { list, total };
  }

  /** Readings flagged as outliers since the engine was created (a data-quality count). */
  get outlierCount(): number {
    return this.outliers;
  }

  private rulesOf(metric: string): MetricRules {
    let entry = this.byMetric.get(metric);
    if (entry === undefined) {
      entry = metricRules(metric, this.thresholds, this.outlierRules, this.outlierTrackers);
      this.byMetric.set(metric, entry);
    }
    return entry;
  }
}

function isThreshold(rule: Rule): rule is ThresholdRule {
  return rule.kind === 'threshold';
}
function isOutlier(rule: Rule): rule is OutlierRule {
  return rule.kind === 'outlier';
}
function isStale(rule: Rule): rule is StaleRule {
  return rule.kind === 'stale';
}
