import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import type { Rule, ThresholdRule } from '../../src-shared/domain/rules';
import { draftFromRule, ruleFromDraft } from './rule-draft';
import { hasUnsavedRuleChanges, isDraftEdited } from './unsaved-rules';

const saved: readonly Rule[] = DEFAULT_RULES;
const threshold = saved.find((r) => r.id === 'temperature-high') as ThresholdRule;

/** The rule with its keys in reverse order: the same rule, another JSON text. */
function reordered<T extends object>(rule: T): T {
  return Object.fromEntries(Object.entries(rule).reverse()) as T;
}

function applied(rule: ThresholdRule): ThresholdRule {
  const result = ruleFromDraft(draftFromRule(rule));
  if (!result.ok) throw new Error('draft did not parse');
  return result.rule;
}

describe('hasUnsavedRuleChanges', () => {
  it('is false for the saved list, for copies with their keys in another order, and for rules in another order', () => {
    expect(hasUnsavedRuleChanges(saved, saved)).toBe(false);
    expect(JSON.stringify(saved.map(reordered))).not.toBe(JSON.stringify(saved));
    expect(hasUnsavedRuleChanges(saved.map(reordered), saved)).toBe(false);
    expect(hasUnsavedRuleChanges([...saved].reverse(), saved)).toBe(false);
    // Through the editor and back, unchanged: the editor builds its own object with its own key order.
    expect(hasUnsavedRuleChanges(saved.map((r) => (r.id === threshold.id ? applied(threshold) : r)), saved)).toBe(false);
    // A key present as undefined is the same as a key left out.
    expect(hasUnsavedRuleChanges(saved.map((r) => ({ ...r, extra: undefined })), saved)).toBe(false);
  });

  it('is true for a changed limit, a rename, a toggled rule, an added rule and a removed rule', () => {
    const change = (patch: Partial<ThresholdRule>) => saved.map((r) => (r.id === threshold.id ? { ...threshold, ...patch } : r));
    expect(hasUnsavedRuleChanges(change({ level: threshold.level + 1 }), saved)).toBe(true);
    expect(hasUnsavedRuleChanges(change({ name: `${threshold.name} (night)` }), saved)).toBe(true);
    expect(hasUnsavedRuleChanges(change({ enabled: !threshold.enabled }), saved)).toBe(true);
    expect(hasUnsavedRuleChanges([...saved, { ...threshold, id: 'temperature-rule-1' }], saved)).toBe(true);
    expect(hasUnsavedRuleChanges(saved.slice(1), saved)).toBe(true);
    // Same length, one rule swapped for another id.
    expect(hasUnsavedRuleChanges([...saved.slice(1), { ...threshold, id: 'temperature-rule-1' }], saved)).toBe(true);
  });
});

describe('isDraftEdited', () => {
  it('is true only once a field of the form differs', () => {
    const draft = draftFromRule(threshold);
    expect(isDraftEdited(draft, { ...draft })).toBe(false);
    expect(isDraftEdited(draft, { ...draft, level: '41' })).toBe(true);
    expect(isDraftEdited(draft, { ...draft, enabled: !draft.enabled })).toBe(true);
  });
});
