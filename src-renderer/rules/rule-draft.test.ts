import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import type { ThresholdRule } from '../../src-shared/domain/rules';
import { draftFromRule, newDraft, ruleFromDraft } from './rule-draft';

describe('rule drafts', () => {
  it('round-trips a default rule through the form', () => {
    const rule = DEFAULT_RULES.find((r) => r.id === 'temperature-high') as ThresholdRule;
    const back = ruleFromDraft(draftFromRule(rule));
    expect(back).toEqual({ ok: true, rule });
  });

  it('reports the hysteresis error on the clear level field and missing numbers', () => {
    const draft = { ...newDraft('temperature', []), level: '30', clearLevel: '31' };
    const result = ruleFromDraft(draft);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.clearLevel).toMatch(/clear level must be at or below the level \(30 °C\)/);
    const empty = ruleFromDraft(newDraft('temperature', []));
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(Object.keys(empty.errors)).toEqual(expect.arrayContaining(['level', 'clearLevel']));
  });

  it('drops the window for raw values and picks unused ids', () => {
    const result = ruleFromDraft({ ...newDraft('noise_level', ['noise_level-rule-1']), statistic: 'value', windowSec: '', level: '80', clearLevel: '75', stationId: ' st-02 ' });
    expect(result.ok && result.rule).toMatchObject({ id: 'noise_level-rule-2', windowMs: null, stationId: 'st-02', pendingMs: 60_000 });
  });
});
