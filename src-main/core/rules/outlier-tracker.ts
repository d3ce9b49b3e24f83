import type { OutlierRule } from '../../../src-shared/domain/rules';
import type { Condition } from './condition';
import { formatMeasurement, formatNumber } from '../../../src-shared/domain/format';
import type { StationIndex } from '../station-index';
import { grown } from '../../../src-shared/columns/typed-array-growth';

/**
 * An outlier rule with raiseAlarm: its condition for a station becomes active on a reading more than
 * k expected standard deviations from the expected mean, and clears on the next ordinary reading of
 * the same metric. (Rules without raiseAlarm only count outliers; they need no state.)
 */
export class OutlierTracker {
  /** Replaced by rename() when only the rule's name changed. */
  rule: OutlierRule;
  private active = new Uint8Array(0);
  /** The metric whose outlier activated the condition, per slot. */
  private readonly activeMetric: (string | undefined)[] = [];
  private lastTs = new Float64Array(0);
  /** Per slot: the activation's sign (1 high, -1 low), so a clear reports the direction the alarm was raised in. */
  private activeSign = new Int8Array(0);
  /** Per slot: the event time a resumed alarm was raised at (resumeActive); an ordinary reading before it clears nothing. */
  private resumedAt = new Float64Array(0);

  constructor(rule: OutlierRule) {
    this.rule = rule;
  }

  /** Evaluate a reading whose signed z = (value - mean) / sigma is already known; changes go to `out`. */
  evaluate(slot: number, stationId: string, metric: string, ts: number, value: number, z: number, out: Condition[]): void {
    if (slot >= this.active.length) this.grow(slot);
    this.lastTs[slot] = ts;
    const isOutlier = Math.abs(z) > this.rule.k;
    if (this.active[slot] === 0) {
      if (!isOutlier) return;
      this.active[slot] = 1;
      this.activeMetric[slot] = metric;
      this.activeSign[slot] = z >= 0 ? 1 : -1;
      this.resumedAt[slot] = Number.NEGATIVE_INFINITY;
      out.push(this.condition(stationId, metric, true, ts, value, z));
    } else if (!isOutlier && this.activeMetric[slot] === metric && ts >= (this.resumedAt[slot] ?? Number.NEGATIVE_INFINITY)) {
      this.active[slot] = 0;
      this.resumedAt[slot] = Number.NEGATIVE_INFINITY;
      out.push({ ...this.condition(stationId, metric, false, ts, value, z), direction: (this.activeSign[slot] ?? 1) >= 0 ? 'high' : 'low' });
    }
  }

  private grow(slot: number): void {
    this.active = grown(this.active, slot + 1);
    this.lastTs = grown(this.lastTs, slot + 1);
    this.activeSign = grown(this.activeSign, slot + 1);
    this.resumedAt = grown(this.resumedAt, slot + 1, Number.NEGATIVE_INFINITY);
  }

  /** Takes a new version of the rule whose meaning is unchanged (a new name). */
  rename(rule: OutlierRule): void {
    this.rule = rule;
  }

  /** An alarm of this rule a previous run left active on `metric` (restored at start): the next ordinary reading of it clears it. */
  resumeActive(slot: number, metric: string, activatedAt: number, clearsFrom: number, isHigh: boolean): void {
    if (slot >= this.active.length) this.grow(slot);
    this.active[slot] = 1;
    this.activeMetric[slot] = metric;
    this.activeSign[slot] = isHigh ? 1 : -1;
    this.lastTs[slot] = activatedAt;
    this.resumedAt[slot] = clearsFrom;
  }

  /** Forget one slot without reporting (back in service starts clean); metric null = whatever metric is active. */
  reset(slot: number, metric: string | null): void {
    if (slot >= this.active.length) return;
    if (metric === null || this.activeMetric[slot] === metric) this.active[slot] = 0;
  }

  /** Report a clear for every active slot (the rule was removed or changed) and forget all state. */
  clearAll(slots: StationIndex, out: Condition[]): void {
    for (let slot = 0; slot < this.active.length; slot++) {
      if (this.active[slot] === 1) {
        const metric = this.activeMetric[slot] ?? null;
        out.push({ ...this.condition(slots.idOf(slot), metric, false, this.lastTs[slot] ?? 0, null, 0), message: `${this.rule.name}: rule changed or removed` });
      }
      this.active[slot] = 0;
    }
  }

  private condition(stationId: string, metric: string | null, isActive: boolean, at: number, value: number | null, z: number): Condition {
    const rule = this.rule;
    const message = isActive
      ? `${rule.name}: ${metric ?? 'value'} ${metric === null ? formatNumber(value ?? 0) : formatMeasurement(value ?? 0, metric)} is ${(Math.abs(z)).toFixed(1)}σ from expected (k = ${formatNumber(rule.k)})`
      : `${rule.name}: ${metric ?? 'value'} back within ${formatNumber(rule.k)}σ`;
    return { ruleId: rule.id, stationId, metric, isActive, value, threshold: rule.k, severity: rule.severity, message, at, direction: z >= 0 ? 'high' : 'low' };
  }
}
