import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src-shared/domain/rules';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import { changeText, eventLabel, ruleName, splitAlarmId } from './audit-text';

describe('audit trail text', () => {
  it('names shelving and out of service as such, not as raw ids or a return to normal', () => {
    expect(eventLabel('shelved')).toBe('shelved');
    expect(eventLabel('out-of-service')).toBe('out of service');
    expect(eventLabel('in-service')).toBe('back in service');
    // The manager records a shelf as unacknowledged → unacknowledged and out of service as → normal.
    expect(changeText({ type: 'shelved', fromState: 'unacknowledged', toState: 'unacknowledged' })).toBe('unacknowledged → shelved');
    expect(changeText({ type: 'unshelved', fromState: 'acknowledged', toState: 'acknowledged' })).toBe('shelved → acknowledged');
    expect(changeText({ type: 'out-of-service', fromState: 'unacknowledged', toState: 'normal' })).toBe('unacknowledged → out of service');
    expect(changeText({ type: 'in-service', fromState: 'normal', toState: 'normal' })).toBe('out of service → normal');
    expect(changeText({ type: 'returned', fromState: 'unacknowledged', toState: 'returned-unacknowledged' })).toBe('unacknowledged → returned, unacknowledged');
  });

  it('splits an alarm id at its last @ (rule ids may hold one, station ids do not)', () => {
    expect(splitAlarmId('temperature-high@st-03')).toEqual({ ruleId: 'temperature-high', stationId: 'st-03' });
    expect(splitAlarmId('team@ops-rule@st-03')).toEqual({ ruleId: 'team@ops-rule', stationId: 'st-03' });
  });

  it("names a rule by its current name, looked up by id; a deleted rule falls back to its id", () => {
    const renamed: Rule[] = DEFAULT_RULES.map((r) => (r.id === 'temperature-high' && r.kind === 'threshold' ? { ...r, metric: 'humidity', name: 'Humidity: 10-s mean high' } : r));
    const byId = new Map(renamed.map((r) => [r.id, r]));
    expect(ruleName('temperature-high', byId)).toEqual({ name: 'Humidity: 10-s mean high', isDeleted: false });
    expect(ruleName('temperature-extreme', byId)).toEqual({ name: 'Heat: 10-s mean temperature extreme', isDeleted: false });
    expect(ruleName('gone-rule', byId)).toEqual({ name: 'gone-rule', isDeleted: true });
    expect(ruleName('system:no-data', byId)).toEqual({ name: 'System: no-data', isDeleted: false });
  });
});
