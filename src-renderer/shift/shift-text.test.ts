import { describe, expect, it } from 'vitest';
import { describeRuleChanges, formatMoment, fromInputValue, toInputValue } from './shift-text';
import { setControlRoomZone } from '../time/control-room-time';

describe('shift text', () => {
  it('words rule changes, and says when there is nothing to compare with', () => {
    expect(describeRuleChanges(null)).toBe('No earlier handover to compare the rules with.');
    expect(describeRuleChanges({ added: [], changed: [], removed: [] })).toBe('No rule changes since the last handover.');
    expect(describeRuleChanges({ added: ['Heat'], changed: ['Noise', 'PM'], removed: ['old-rule'] })).toBe('Rules added: Heat; changed: Noise, PM; removed: old-rule.');
  });

  it('prints moments as local date and 24-hour time, and reads them back from an input', () => {
    const ms = new Date(2026, 11, 6, 7, 5).getTime();
    expect(formatMoment(ms)).toBe('2026-12-06 07:05');
    expect(fromInputValue(toInputValue(ms))).toBe(ms);
    expect(fromInputValue('')).toBeNull();
  });

  it('prints and reads moments in the control-room zone', () => {
    setControlRoomZone('America/New_York');
    try {
      const ms = Date.UTC(2026, 11, 6, 12, 5);
      expect(formatMoment(ms)).toBe('2026-12-06 07:05');
      expect(toInputValue(ms)).toBe('2026-12-06T07:05');
      expect(fromInputValue('2026-12-06T07:05')).toBe(ms);
    } finally {
      setControlRoomZone(null);
    }
  });
});
