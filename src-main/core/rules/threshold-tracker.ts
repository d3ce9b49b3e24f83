import type { ThresholdRule } from '../../../src-shared/domain/rules';
import type { Condition, PeakDirection } from './condition';
import { directionOf, isBreach, isCleared, isWorse } from './condition';
import type { StationIndex } from '../station-index';
import { grown } from '../../../src-shared/columns/typed-array-growth';
import { formatDuration, formatNumber } from '../../../src-shared/domain/format';

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
        this.phase[slot] = NORMAL;
        out.push(this.condition(stationId, false, ts, value));
      } else if (isWorse(this.direction, value, this.peak[slot] ?? Number.NaN)) {
        this.peak[slot] = value;
        out.push(this.condition(stationId, true, ts, value));
      }
      return;
    }
    if (!isBreach(rule.operator, value, rule.level)) {
      // A dip before the pending duration elapsed restarts the wait.
      this.phase[slot] = NORMAL;
      return;
    }
    if (phase === NORMAL) {
      this.since[slot] = ts;
      this.phase[slot] = PENDING;
    }
    if (ts - (this.since[slot] ?? ts) >= rule.pendingMs) {
      this.phase[slot] = ACTIVE;
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
      this.phase[slot] = ACTIVE;
      this.peak[slot] = previous.peak[slot]!;
      this.lastTs[slot] = previous.lastTs[slot]!;
    }
    return true;
  }

  /** True while the condition is active for the slot. */
  isActive(slot: number): boolean {
    return this.phase[slot] === ACTIVE;
  }

  /** Forget the state of one slot without reporting anything (a station back in service starts clean). */
  reset(slot: number): void {
    if (slot < this.phase.length) this.phase[slot] = NORMAL;
  }

  /** Report a clear for every active slot (the rule was removed or changed) and forget all state. */
  clearAll(slots: StationIndex, out: Condition[]): void {
    for (let slot = 0; slot < this.phase.length; slot++) {
      if (this.phase[slot] === ACTIVE) {
        out.push({ ...this.condition(slots.idOf(slot), false, this.lastTs[slot] ?? 0, null), message: `${this.rule.name}: rule changed or removed` });
      }
      this.phase[slot] = NORMAL;
    }
  }

  private condition(stationId: string, isActive: boolean, at: number, value: number | null): Condition {
    const rule = this.rule;
    const shown = value === null ? '' : ` ${formatNumber(value)}`;
    const what = rule.statistic === 'value' ? rule.metric : `${rule.metric} ${rule.statistic} (${formatDuration(rule.windowMs ?? 0)})`;
    const message = isActive
      ? `${rule.name}: ${what}${shown} ${rule.operator} ${formatNumber(rule.level)}`
      : `${rule.name}: ${what}${shown}, back past ${formatNumber(rule.clearLevel)}`;
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

  private grow(slot: number): void {
    this.phase = grown(this.phase, slot + 1, NORMAL);
    this.since = grown(this.since, slot + 1);
    this.peak = grown(this.peak, slot + 1, Number.NaN);
    this.lastTs = grown(this.lastTs, slot + 1);
  }
}
