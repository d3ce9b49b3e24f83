/**
 * Builds the shift handover summary from values: the alarms, out-of-service entries and rules in force,
 * the open carry-over notes, the previous handover (its time and the rules then in force), and this
 * year's air-quality compliance (the limit values near their yearly allowance).
 */
import type { Alarm } from '../../../src-shared/domain/alarms';
import type { Rule } from '../../../src-shared/domain/rules';
import type { HandoverAlarm, HandoverRuleChanges, HandoverSummary, ShiftEntry } from '../../../src-shared/domain/shift';
import type { OutOfServiceEntry } from '../ports';
import type { AirComplianceResult } from '../../../src-shared/domain/air-quality';
import { openCarryOver } from './carry-over';
import { nearAllowance } from './near-allowance';
import { isSameValue } from './same-value';

/** What the summary is built from; `previous` is null before the first handover. */
export interface SummaryInput {
  readonly at: number;
  readonly alarms: readonly Alarm[];
  readonly outOfService: readonly OutOfServiceEntry[];
  readonly rules: readonly Rule[];
  readonly entries: readonly ShiftEntry[];
  readonly previous: { readonly at: number; readonly rules: readonly Rule[] } | null;
  /** This year's air-quality compliance figures; null when there are none to read. */
  readonly compliance?: AirComplianceResult | null;
}

/** The summary the outgoing operator signs. Lists are sorted so two builds of the same state read alike. */
export function buildHandoverSummary(input: SummaryInput): HandoverSummary {
  const staleRuleIds = new Set(input.rules.filter((r) => r.kind === 'stale').map((r) => r.id));
  const active = input.alarms.filter((a) => a.isActive && a.shelf === null);
  return {
    at: input.at,
    since: input.previous?.at ?? null,
    activeAlarms: active.filter((a) => !staleRuleIds.has(a.ruleId)).map(toHandoverAlarm).sort(bySeverityThenTime),
    shelved: input.alarms
      .filter((a) => a.shelf !== null && a.shelf.until > input.at)
      .map((a) => ({ alarmId: a.id, stationId: a.stationId, by: a.shelf!.by, reason: a.shelf!.reason, until: a.shelf!.until }))
      .sort((x, y) => x.until - y.until || x.alarmId.localeCompare(y.alarmId)),
    outOfService: [...input.outOfService]
      .sort((x, y) => x.stationId.localeCompare(y.stationId) || (x.metric ?? '').localeCompare(y.metric ?? ''))
      .map((e) => ({ stationId: e.stationId, metric: e.metric, since: e.since, by: e.by, comment: e.comment })),
    staleStations: [...new Set(active.filter((a) => staleRuleIds.has(a.ruleId)).map((a) => a.stationId))].sort(),
    ruleChanges: input.previous === null ? null : diffRules(input.previous.rules, input.rules),
    carryOver: openCarryOver(input.entries),
    nearAllowance: nearAllowance(input.compliance ?? null),
  };
}

/** Rules added, changed (same id, different content) and removed between two rule lists. */
export function diffRules(before: readonly Rule[], after: readonly Rule[]): HandoverRuleChanges {
  const old = new Map(before.map((r) => [r.id, r]));
  const now = new Set(after.map((r) => r.id));
  return {
    added: after.filter((r) => !old.has(r.id)).map((r) => r.name),
    changed: after.filter((r) => old.has(r.id) && !isSameValue(old.get(r.id), r)).map((r) => r.name),
    removed: before.filter((r) => !now.has(r.id)).map((r) => r.id),
  };
}

const SEVERITY_ORDER: Readonly<Record<string, number>> = { critical: 0, warning: 1, info: 2 };

function bySeverityThenTime(x: HandoverAlarm, y: HandoverAlarm): number {
  return (SEVERITY_ORDER[x.severity] ?? 9) - (SEVERITY_ORDER[y.severity] ?? 9) || x.activatedAt - y.activatedAt || x.alarmId.localeCompare(y.alarmId);
}

function toHandoverAlarm(a: Alarm): HandoverAlarm {
  return { alarmId: a.id, stationId: a.stationId, severity: a.severity, state: a.state, message: a.message, activatedAt: a.activatedAt, acknowledgedBy: a.acknowledgedBy };
}
