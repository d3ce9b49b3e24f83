import type { ThresholdRule } from '../../../src-shared/domain/rules';
import type { PendingCondition } from '../../../src-shared/ipc/frame';
import type { Condition, PeakDirection } from './condition';
import { directionOf, isBreach, isCleared, isWorse } from './condition';
import type { StationIndex } from '../station-index';
import { grown } from '../../../src-shared/columns/typed-array-growth';
import { formatDuration, formatLevel, formatMeasurement } from '../../../src-shared/domain/format';

const NORMAL = 0;
const PENDING = 1;
const ACTIVE = 2;

/**
 * The condition state of one threshold rule for every station, in typed arrays indexed by station
 * slot: normal → pending (breached, waiting pendingMs of event time) → active → normal once the value
 * is past clearLevel. Evaluating a sample allocates nothing unless the condition changes.
 */
export class ThresholdTracker {
  /** Replaced by rename() when only the rule's name changed. */
  rule: ThresholdRule;
  private readonly direction: PeakDirection;
  private phase = new Uint8Array(0);
  /** Event time at which the current breach began (pending) — meaningful in PENDING only. */
  private since = new Float64Array(0);
  /** Worst value reported while active. */
  private peak = new Float64Array(0);
  /** Latest event time evaluated, used as the time of a clear forced by a rule change. */
  private lastTs = new Float64Array(0);
  /** Latest value evaluated — meaningful in PENDING only (what the pending list shows). */
  private latest = new Float64Array(0);
  /**
   * An active condition resumed after a restart (resumeActive): the event time its alarm was raised at. Samples
   * before it are read again (a Kafka source resumes from its last commit) and were judged by the previous run, so
   * a clean one among them does not clear it. -Infinity otherwise.
   */
  private resumedAt = new Float64Array(0);
  /** Slots in PENDING, so listing the pending conditions skips a tracker with none. */
  private pendingCount = 0;

  constructor(rule: ThresholdRule) {
    this.rule = rule;
    this.direction = directionOf(rule.operator);
  }

  /** Evaluate one sample (a raw value or a window statistic) at event time `ts`; changes go to `out`. */
  evaluate(slot: number, stationId: string, ts: number, value: number, out: Condition[]): void {
    if (slot >= this.phase.length) this.grow(slot);
    const rule = this.rule;
    this.lastTs[slot] = ts;
    const phase = this.phase[slot];
    if (phase === ACTIVE) {
      if (isCleared(rule.operator, value, rule.clearLevel)) {
        if (ts < (this.resumedAt[slot] ?? Number.NEGATIVE_INFINITY)) return;
        this.setPhase(slot, NORMAL);
        out.push(this.condition(stationId, false, ts, value));
      } else if (isWorse(this.direction, value, this.peak[slot] ?? Number.NaN)) {
        this.peak[slot] = value;
        out.push(this.condition(stationId, true, ts, value));
      }
      return;
    }
    if (!isBreach(rule.operator, value, rule.level)) {
      // A dip before the pending duration elapsed restarts the wait.
      if (phase === PENDING) this.setPhase(slot, NORMAL);
      return;
    }
    if (phase === NORMAL) {
      this.since[slot] = ts;
      this.setPhase(slot, PENDING);
    }
    this.latest[slot] = value;
    if (ts - (this.since[slot] ?? ts) >= rule.pendingMs) {
      this.setPhase(slot, ACTIVE);
      this.peak[slot] = value;
      out.push(this.condition(stationId, true, ts, value));
    }
  }

  /** Takes a new version of the rule whose meaning is unchanged (a new name): state and conditions stay. */
  rename(rule: ThresholdRule): void {
    this.rule = rule;
  }

  /**
   * Takes over the active conditions of the previous version of this rule (same id, same metric and
   * statistic, a changed limit, clear level, pending time or severity): they stay active — acknowledged
   * alarms stay acknowledged — and the next sample is judged by the new limits, clearing them if it must.
   * Pending breaches start their wait again. False when the versions watch different things (nothing carried).
   */
  carryFrom(previous: ThresholdTracker): boolean {
    const [a, b] = [previous.rule, this.rule];
    if (a.metric !== b.metric || a.statistic !== b.statistic || a.windowMs !== b.windowMs || a.stationId !== b.stationId || previous.direction !== this.direction) return false;
    this.grow(previous.phase.length - 1);
    for (let slot = 0; slot < previous.phase.length; slot++) {
      if (previous.phase[slot] !== ACTIVE) continue;
      this.setPhase(slot, ACTIVE);
      this.peak[slot] = previous.peak[slot]!;
      this.lastTs[slot] = previous.lastTs[slot]!;
      this.resumedAt[slot] = previous.resumedAt[slot] ?? Number.NEGATIVE_INFINITY;
    }
    return true;
  }

  /** True while the condition is active for the slot. */
  isActive(slot: number): boolean {
    return this.phase[slot] === ACTIVE;
  }

  /** Forget the state of one slot without reporting anything (a station back in service starts clean). */
  reset(slot: number): void {
    if (slot < this.phase.length) this.setPhase(slot, NORMAL);
  }

  /** An alarm of this rule a previous run left active (restored at start): the condition is active again, so the next clean sample from `clearsFrom` on clears it. */
  resumeActive(slot: number, peak: number | null, activatedAt: number, clearsFrom: number): void {
    if (slot >= this.phase.length) this.grow(slot);
    this.setPhase(slot, ACTIVE);
    this.peak[slot] = peak ?? Number.NaN;
    this.lastTs[slot] = activatedAt;
    this.resumedAt[slot] = clearsFrom;
  }

  /** Report a clear for every active slot (the rule was removed or changed) and forget all state. */
  clearAll(slots: StationIndex, out: Condition[]): void {
    for (let slot = 0; slot < this.phase.length; slot++) {
      if (this.phase[slot] === ACTIVE) {
        out.push({ ...this.condition(slots.idOf(slot), false, this.lastTs[slot] ?? 0, null), message: `${this.rule.name}: rule changed or removed` });
      }
      this.setPhase(slot, NORMAL);
    }
  }

  /** How many stations are pending (breached, waiting out pendingMs). */
  get pendingStations(): number {
    return this.pendingCount;
  }

  /** Appends this rule's pending conditions (breached, not yet active) to `out`; nothing when none is pending. */
  collectPending(slots: StationIndex, out: PendingCondition[]): void {
    if (this.pendingCount === 0) return;
    const rule = this.rule;
    const isWindow = rule.statistic !== 'value' && rule.windowMs !== null && rule.windowMs > 0;
    // A window rule evaluates at window ends only: the alarm comes at the first one at least pendingMs after the breach.
    const waitMs = isWindow ? Math.ceil(rule.pendingMs / (rule.windowMs as number)) * (rule.windowMs as number) : rule.pendingMs;
    for (let slot = 0; slot < this.phase.length; slot++) {
      if (this.phase[slot] !== PENDING) continue;
      const since = this.since[slot] as number;
      out.push({
        ruleId: rule.id,
        ruleName: rule.name,
        stationId: slots.idOf(slot),
        metric: rule.metric,
        statistic: rule.statistic,
        windowMs: isWindow ? rule.windowMs : null,
        operator: rule.operator,
        level: rule.level,
        severity: rule.severity,
        value: this.latest[slot] as number,
        since,
        dueAt: since + waitMs,
      });
    }
  }

  private condition(stationId: string, isActive: boolean, at: number, value: number | null): Condition {
    const rule = this.rule;
    // Rounded to the metric's decimals, with its unit: "43.3 °C > 40 °C", never "43.256 > 40".
    const shown = value === null ? '' : ` ${formatMeasurement(value, rule.metric)}`;
    const what = rule.statistic === 'value' ? rule.metric : `${rule.metric} ${rule.statistic} (${formatDuration(rule.windowMs ?? 0)})`;
    const message = isActive
      ? `${rule.name}: ${what}${shown} ${rule.operator} ${formatLevel(rule.level, rule.metric)}`
      : `${rule.name}: ${what}${shown}, back past ${formatLevel(rule.clearLevel, rule.metric)}`;
    return {
      ruleId: rule.id,
      stationId,
      metric: rule.metric,
      isActive,
      value,
      threshold: rule.level,
      severity: rule.severity,
      message,
      at,
      direction: this.direction,
    };
  }

  private setPhase(slot: number, next: number): void {
    const phase = this.phase[slot];
    if (phase === next) return;
    if (phase === ACTIVE) this.resumedAt[slot] = Number.NEGATIVE_INFINITY;
    if (phase === PENDING) this.pendingCount--;
    if (next === PENDING) this.pendingCount++;
    this.phase[slot] = next;
  }

  private grow(slot: number): void {
    this.phase = grown(this.phase, slot + 1, NORMAL);
    this.since = grown(this.since, slot + 1);
    this.peak = grown(this.peak, slot + 1, Number.NaN);
    this.lastTs = grown(this.lastTs, slot + 1);
    this.latest = grown(this.latest, slot + 1);
    this.resumedAt = grown(this.resumedAt, slot + 1, Number.NEGATIVE_INFINITY);
  }
}
