import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src-shared/domain/rules';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import { alarmsToAcknowledge, alarmsToShelve, groupAlarms, isGroupUnacknowledged } from './alarm-groups';
import { NO_FILTER, visibleAlarms } from './alarm-sort';
import { makeAlarm } from './test-alarm';

const rules = new Map<string, Rule>(DEFAULT_RULES.map((r) => [r.id, r]));

describe('groupAlarms', () => {
  const warning = makeAlarm({ id: 'temperature-high@st-03', severity: 'warning', state: 'acknowledged', activatedAt: 100 });
  const critical = makeAlarm({ id: 'temperature-extreme@st-03', severity: 'critical', activatedAt: 200 });
  const otherStation = makeAlarm({ id: 'temperature-high@st-04', severity: 'warning', activatedAt: 300 });
  const dust = makeAlarm({ id: 'pm-high@st-03', metric: 'particulate_matter', activatedAt: 400 });
  const silent = makeAlarm({ id: 'station-stale@st-03', metric: null, activatedAt: 500 });
  const gone = makeAlarm({ id: 'deleted-rule@st-03', activatedAt: 600 });

  it('puts the warning and the critical alarm of one condition on one row showing the critical one', () => {
    const groups = groupAlarms(visibleAlarms([warning, critical, otherStation, dust, silent, gone], NO_FILTER, 0), rules);
    const heat = groups.find((g) => g.worst.id === critical.id);
    expect(heat?.members.map((a) => a.id)).toEqual([critical.id, warning.id]);
    // Every other alarm is a row of its own: another station, another metric, a silent station, a rule that is gone.
    expect(groups.map((g) => g.members.length)).toEqual([2, 1, 1, 1, 1]);
    expect(groups[0]?.worst.id).toBe(critical.id);
  });

  it('acknowledging the row acknowledges every unacknowledged alarm of the condition', () => {
    const both = groupAlarms([critical, { ...warning, state: 'unacknowledged' }], rules);
    expect(both).toHaveLength(1);
    expect(isGroupUnacknowledged(both[0]!)).toBe(true);
    expect(alarmsToAcknowledge(both).map((a) => a.id)).toEqual([critical.id, warning.id]);
    // An acknowledged member is not acknowledged again.
    expect(alarmsToAcknowledge(groupAlarms([critical, warning], rules)).map((a) => a.id)).toEqual([critical.id]);
  });

  it('shelving the row shelves every alarm of it; unshelving takes only the shelved ones off', () => {
    const shelf = { by: 'op', reason: 'mast repair', until: 10_000 };
    const groups = groupAlarms([{ ...critical, shelf }, warning], rules);
    expect(alarmsToShelve(groups, false).map((a) => a.id)).toEqual([critical.id, warning.id]);
    expect(alarmsToShelve(groups, true).map((a) => a.id)).toEqual([critical.id]);
  });

  it('keeps "above" and "below" limits of one metric apart', () => {
    const cold: Rule = { kind: 'threshold', id: 'frost', name: 'Frost', enabled: true, severity: 'critical', metric: 'temperature', stationId: null, statistic: 'mean', windowMs: 60_000, operator: '<', level: 0, clearLevel: 1, pendingMs: 0 };
    const groups = groupAlarms([makeAlarm({ id: 'frost@st-03', severity: 'critical' }), warning], new Map([...rules, ['frost', cold]]));
    expect(groups).toHaveLength(2);
  });
});
