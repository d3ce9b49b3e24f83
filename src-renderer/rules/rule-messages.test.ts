import { describe, expect, it } from 'vitest';
import { newDraft, ruleFromDraft } from './rule-draft';
import type { RuleDraft } from './rule-draft';
import { plainRuleMessage } from './rule-messages';

const draft = (patch: Partial<RuleDraft>): RuleDraft => ({ ...newDraft('temperature', []), level: '35', clearLevel: '33', ...patch });
const errors = (patch: Partial<RuleDraft>): Record<string, string> => {
  const result = ruleFromDraft(draft(patch));
  return result.ok ? {} : result.errors;
};

describe('plain-words rule messages', () => {
  it('a valid draft has no errors', () => {
    expect(errors({})).toEqual({});
  });

  it('ask for missing numbers with the unit and an example, never the schema text', () => {
    const e = errors({ level: '', clearLevel: '' });
    expect(e.level).toBe('Enter the level in °C that raises the alarm, e.g. 35.');
    expect(e.clearLevel).toBe('Enter the clear level in °C, where the alarm ends, e.g. 33.');
    for (const message of Object.values(e)) expect(message).not.toMatch(/expected|received|invalid_type|NaN|null/i);
  });

  it('explain the hysteresis in words for both directions', () => {
    expect(errors({ clearLevel: '40' }).clearLevel).toBe('For an alarm above a limit, the clear level must be at or below the level (35 °C), so the alarm does not flicker on and off at the limit.');
    expect(errors({ operator: '<', level: '5', clearLevel: '2' }).clearLevel).toBe('For an alarm below a limit, the clear level must be at or above the level (5 °C), so the alarm does not flicker on and off at the limit.');
  });

  it('name the window, pending time and name problems plainly', () => {
    expect(errors({ windowSec: '' }).windowMs).toBe('Enter the window length in seconds, e.g. 60.');
    expect(errors({ windowSec: '0' }).windowMs).toBe('The window must be longer than 0 seconds.');
    expect(errors({ pendingSec: '-5' }).pendingMs).toBe('The pending time cannot be negative; 0 raises the alarm at once.');
    expect(errors({ name: '  ' }).name).toBe('Give the rule a name.');
  });

  it('falls back to a plain sentence for a field it does not know', () => {
    expect(plainRuleMessage('something-new', draft({}), '°C')).toBe('This value is not valid.');
  });
});
