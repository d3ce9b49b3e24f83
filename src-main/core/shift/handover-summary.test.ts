import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../src-shared/domain/alarms';
import type { ShiftEntry } from '../../../src-shared/domain/shift';
import { DEFAULT_RULES } from '../../../src-shared/settings/default-rules';
import { buildHandoverSummary, diffRules } from './handover-summary';

const AT = 1_800_000_000_000;
const staleRule = DEFAULT_RULES.find((r) => r.kind === 'stale')!;
const thresholdRule = DEFAULT_RULES.find((r) => r.kind !== 'stale')!;

function alarm(over: Partial<Alarm> & Pick<Alarm, 'ruleId' | 'stationId'>): Alarm {
  return {
    id: `${over.ruleId}@${over.stationId}`, metric: null, kind: 'process', severity: 'warning', state: 'unacknowledged', isActive: true, message: 'm',
    value: null, peakValue: null, threshold: null, activatedAt: AT - 1000, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null,
    activationCount: 1, isChattering: false, shelf: null, updatedAt: AT - 1000, ...over,
  };
}

function note(id: string, at: number, over: Partial<ShiftEntry> = {}): ShiftEntry {
  return { id, at, who: 'Ana', kind: 'note', text: id, stationId: null, carryOver: true, clearedAt: null, clearedBy: null, ...over };
}

describe('buildHandoverSummary', () => {
  const alarms: Alarm[] = [
    alarm({ ruleId: thresholdRule.id, stationId: 'st-02', severity: 'warning', activatedAt: AT - 500 }),
    alarm({ ruleId: thresholdRule.id, stationId: 'st-01', severity: 'critical', state: 'acknowledged', acknowledgedBy: 'Ana', activatedAt: AT - 100 }),
    alarm({ ruleId: thresholdRule.id, stationId: 'st-03', isActive: false, state: 'normal' }),
    alarm({ ruleId: thresholdRule.id, stationId: 'st-04', shelf: { by: 'Ana', reason: 'calibration', until: AT + 60_000 } }),
    alarm({ ruleId: thresholdRule.id, stationId: 'st-05', isActive: false, state: 'normal', shelf: { by: 'Ana', reason: 'expired', until: AT - 1 } }),
    alarm({ ruleId: staleRule.id, stationId: 'st-06' }),
  ];
  const input = {
    at: AT, alarms, rules: DEFAULT_RULES,
    outOfService: [{ stationId: 'st-09', metric: null, since: AT - 9000, by: 'Bram', comment: 'mast replaced' }],
    entries: [note('later', AT - 10), note('earlier', AT - 20), note('cleared', AT - 30, { clearedAt: AT - 5, clearedBy: 'Bram' }), note('plain', AT - 40, { carryOver: false })],
    previous: null,
  };

  it('lists active alarms (acknowledged or not) critical first, shelved ones with expiry, and stale stations apart', () => {
    const summary = buildHandoverSummary(input);
    expect(summary.activeAlarms.map((a) => [a.stationId, a.severity, a.state, a.acknowledgedBy])).toEqual([
      ['st-01', 'critical', 'acknowledged', 'Ana'],
      ['st-02', 'warning', 'unacknowledged', null],
    ]);
    expect(summary.shelved).toEqual([{ alarmId: `${thresholdRule.id}@st-04`, stationId: 'st-04', by: 'Ana', reason: 'calibration', until: AT + 60_000 }]);
    expect(summary.staleStations).toEqual(['st-06']);
    expect(summary.outOfService).toEqual([{ stationId: 'st-09', metric: null, since: AT - 9000, by: 'Bram', comment: 'mast replaced' }]);
  });

  it('carries over only notes marked carry-over and not cleared, oldest first', () => {
    expect(buildHandoverSummary(input).carryOver.map((e) => e.id)).toEqual(['earlier', 'later']);
    const auto = note('auto', AT - 1, { kind: 'auto' });
    expect(buildHandoverSummary({ ...input, entries: [auto] }).carryOver).toEqual([]);
  });

  it('reports rule changes only against a previous handover', () => {
    expect(buildHandoverSummary(input).ruleChanges).toBeNull();
    expect(buildHandoverSummary(input).since).toBeNull();
    const edited = { ...thresholdRule, name: 'Renamed' };
    const before = DEFAULT_RULES;
    const after = [...DEFAULT_RULES.filter((r) => r.id !== thresholdRule.id && r.id !== staleRule.id), edited, { ...staleRule, id: 'new-stale', name: 'New stale' }];
    const summary = buildHandoverSummary({ ...input, rules: after, previous: { at: AT - 3_600_000, rules: before } });
    expect(summary.since).toBe(AT - 3_600_000);
    expect(summary.ruleChanges).toEqual({ added: ['New stale'], changed: ['Renamed'], removed: [staleRule.id] });
  });
});

describe('diffRules', () => {
  it('sees no change in a rule whose keys come back in another order (jsonb)', () => {
    const reordered = Object.fromEntries(Object.entries(thresholdRule).reverse()) as typeof thresholdRule;
    expect(diffRules([thresholdRule], [reordered])).toEqual({ added: [], changed: [], removed: [] });
  });
});
