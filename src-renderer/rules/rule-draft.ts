import { ThresholdRuleSchema } from '../../src-shared/domain/rules';
import type { ThresholdRule } from '../../src-shared/domain/rules';
import { metricInfo } from '../../src-shared/domain/metrics';
import { plainRuleMessage } from './rule-messages';

/** A threshold rule as the editor's form holds it: every field a string, as inputs give them. */
export interface RuleDraft {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly severity: string;
  readonly metric: string;
  readonly stationId: string;
  readonly statistic: string;
  readonly windowSec: string;
  readonly operator: string;
  readonly level: string;
  readonly clearLevel: string;
  readonly pendingSec: string;
}

/** Form values of an existing rule. */
export function draftFromRule(rule: ThresholdRule): RuleDraft {
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    severity: rule.severity,
    metric: rule.metric,
    stationId: rule.stationId ?? '',
    statistic: rule.statistic,
    windowSec: rule.windowMs === null ? '' : String(rule.windowMs / 1000),
    operator: rule.operator,
    level: String(rule.level),
    clearLevel: String(rule.clearLevel),
    pendingSec: String(rule.pendingMs / 1000),
  };
}

/** A fresh rule for a metric, with a unique id among `takenIds`. */
export function newDraft(metric: string, takenIds: readonly string[]): RuleDraft {
  let n = 1;
  while (takenIds.includes(`${metric}-rule-${n}`)) n++;
  return { id: `${metric}-rule-${n}`, name: `${metric} above level`, enabled: true, severity: 'warning', metric, stationId: '', statistic: 'mean', windowSec: '60', operator: '>', level: '', clearLevel: '', pendingSec: '60' };
}

/** Parse and validate a draft: the rule, or plain-words error messages keyed by the rule's field names. */
export function ruleFromDraft(draft: RuleDraft): { ok: true; rule: ThresholdRule } | { ok: false; errors: Record<string, string> } {
  const num = (s: string): number | null => (s.trim() === '' ? null : Number(s));
  const candidate = {
    kind: 'threshold',
    id: draft.id.trim(),
    name: draft.name.trim(),
    enabled: draft.enabled,
    severity: draft.severity,
    metric: draft.metric.trim(),
    stationId: draft.stationId.trim() === '' ? null : draft.stationId.trim(),
    statistic: draft.statistic,
    windowMs: draft.statistic === 'value' ? null : secondsToMs(num(draft.windowSec)),
    operator: draft.operator,
    level: num(draft.level),
    clearLevel: num(draft.clearLevel),
    pendingMs: secondsToMs(num(draft.pendingSec)) ?? 0,
  };
  const parsed = ThresholdRuleSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, rule: parsed.data };
  const errors: Record<string, string> = {};
  const unit = metricInfo(candidate.metric).unit;
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'rule');
    errors[field] ??= plainRuleMessage(field, draft, unit);
  }
  return { ok: false, errors };
}

function secondsToMs(s: number | null): number | null {
  return s === null || Number.isNaN(s) ? null : Math.round(s * 1000);
}
