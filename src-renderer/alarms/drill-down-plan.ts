/**
 * What the drill-down of an alarm row draws: the statistic its rule evaluates, from stored windows of the
 * rule's window size around the activation, with the limits of the row's alarms and their activation and
 * clearing. Pure: the component asks history:query with `query` and draws `trendOf(result)`.
 */
import type { Alarm } from '../../src-shared/domain/alarms';
import type { Rule, Severity, ThresholdRule } from '../../src-shared/domain/rules';
import type { HistoryResult, RequestArgs } from '../../src-shared/ipc/contract';

/** A horizontal limit line. */
export interface DrillLimit {
  readonly severity: Severity;
  readonly level: number;
}

/** A vertical marker: when an alarm of the row was raised, or cleared. */
export interface DrillMark {
  readonly kind: 'activated' | 'cleared';
  readonly severity: Severity;
  readonly at: number;
}

export interface DrillDownPlan {
  readonly metric: string;
  readonly stationId: string;
  /** The history column drawn: the rule's statistic where the store keeps it. */
  readonly column: 'mean' | 'min' | 'max';
  /** The rule's statistic and window, in words ("10-s mean"). */
  readonly statisticLabel: string;
  readonly windowMs: number | null;
  readonly query: RequestArgs<'history:query'>;
  readonly limits: readonly DrillLimit[];
  readonly marks: readonly DrillMark[];
}

/** Time shown before the first activation: 30 windows, at least 5 minutes. */
const BEFORE_WINDOWS = 30;
const MIN_BEFORE_MS = 5 * 60_000;
/** Time shown after the clearing: 10 windows, at least 1 minute. */
const AFTER_WINDOWS = 10;
const MIN_AFTER_MS = 60_000;

/**
 * The plan for a row's alarms (warning and critical of one condition share a row), or null when the row
 * has no measured value to draw (a silent station, a system alarm). `dataNow` ends the span of an alarm
 * still active. Asking the store for span / window points makes it answer with windows of the rule's size
 * when it keeps them (src-main/core/history-resolution.ts: the largest size giving that many points).
 */
export function drillDownPlan(alarms: readonly Alarm[], rulesById: ReadonlyMap<string, Rule>, dataNow: number): DrillDownPlan | null {
  const measured = alarms.filter((a) => a.metric !== null && a.kind === 'process');
  const first = measured[0];
  if (first === undefined || first.metric === null) return null;
  const rules = measured.map((a) => rulesById.get(a.ruleId)).filter((r): r is ThresholdRule => r !== undefined && r.kind === 'threshold');
  const rule = rules.find((r) => r.id === first.ruleId) ?? rules[0];
  const windowMs = rule === undefined || rule.statistic === 'value' ? null : rule.windowMs;
  const statistic = rule?.statistic ?? 'mean';
  const column = statistic === 'min' ? 'min' : statistic === 'max' || statistic === 'p95' ? 'max' : 'mean';
  const step = windowMs ?? 10_000;
  const firstActivation = Math.min(...measured.map((a) => a.activatedAt));
  const cleared = measured.every((a) => !a.isActive && a.clearedAt !== null) ? Math.max(...measured.map((a) => a.clearedAt as number)) : null;
  const from = Math.max(0, Math.floor(firstActivation - Math.max(MIN_BEFORE_MS, BEFORE_WINDOWS * step)));
  const to = Math.ceil(cleared === null ? Math.max(dataNow, firstActivation + step) : cleared + Math.max(MIN_AFTER_MS, AFTER_WINDOWS * step));
  const maxPoints = Math.min(20_000, Math.max(10, Math.floor((to - from) / step)));
  const limits = measured
    .filter((a) => a.threshold !== null)
    .map((a) => ({ severity: a.severity, level: a.threshold as number }))
    .filter((l, i, all) => all.findIndex((o) => o.severity === l.severity && o.level === l.level) === i);
  const marks: DrillMark[] = [];
  for (const a of measured) {
    marks.push({ kind: 'activated', severity: a.severity, at: a.activatedAt });
    if (!a.isActive && a.clearedAt !== null) marks.push({ kind: 'cleared', severity: a.severity, at: a.clearedAt });
  }
  marks.sort((a, b) => a.at - b.at);
  return {
    metric: first.metric,
    stationId: first.stationId,
    column,
    statisticLabel: statisticLabel(statistic, windowMs),
    windowMs,
    query: { stationIds: [first.stationId], metric: first.metric, from, to, maxPoints },
    limits,
    marks,
  };
}

function statisticLabel(statistic: ThresholdRule['statistic'], windowMs: number | null): string {
  if (statistic === 'value' || windowMs === null) return 'reading';
  const size = windowMs % 3_600_000 === 0 ? `${windowMs / 3_600_000}-h` : windowMs % 60_000 === 0 ? `${windowMs / 60_000}-min` : `${windowMs / 1000}-s`;
  const name = statistic === 'p95' ? 'max (the store keeps no p95; the rule uses p95)' : statistic;
  return `${size} ${name}`;
}

/** The drawn series: window starts (ms) and the chosen column, finite values only. */
export function trendOf(result: HistoryResult, plan: DrillDownPlan): { readonly ts: number[]; readonly values: number[]; readonly sizeMs: number } {
  const series = result.series.find((s) => s.stationId === plan.stationId);
  const ts: number[] = [];
  const values: number[] = [];
  if (series !== undefined) {
    const column = series[plan.column];
    for (let i = 0; i < series.ts.length; i++) {
      const v = column[i] as number;
      if (Number.isFinite(v)) {
        ts.push(series.ts[i] as number);
        values.push(v);
      }
    }
  }
  return { ts, values, sizeMs: result.sizeMs };
}
