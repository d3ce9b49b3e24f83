import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src-shared/domain/rules';
import type { HistoryResult } from '../../src-shared/ipc/contract';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import { drillDownPlan, trendOf } from './drill-down-plan';
import { makeAlarm } from './test-alarm';

const rulesById = new Map<string, Rule>(DEFAULT_RULES.map((r) => [r.id, r]));
const T = 1_800_000_000_000;

describe('drillDownPlan', () => {
  it("asks for the rule's 10-s means around the activation and draws both limits and both activations", () => {
    const warning = makeAlarm({ id: 'temperature-high@st-03', severity: 'warning', threshold: 35, activatedAt: T });
    const critical = makeAlarm({ id: 'temperature-extreme@st-03', severity: 'critical', threshold: 40, activatedAt: T + 20_000 });
    const plan = drillDownPlan([critical, warning], rulesById, T + 120_000);
    expect(plan).not.toBeNull();
    expect(plan!.statisticLabel).toBe('10-s mean');
    expect(plan!.column).toBe('mean');
    // 5 minutes before the first activation, up to now, one point per 10-s window.
    expect(plan!.query).toEqual({ stationIds: ['st-03'], metric: 'temperature', from: T - 300_000, to: T + 120_000, maxPoints: 42 });
    expect(plan!.limits).toEqual([{ severity: 'critical', level: 40 }, { severity: 'warning', level: 35 }]);
    expect(plan!.marks).toEqual([{ kind: 'activated', severity: 'warning', at: T }, { kind: 'activated', severity: 'critical', at: T + 20_000 }]);
  });

  it('marks the clearing and ends a while after it once every alarm of the row cleared', () => {
    const warning = makeAlarm({ id: 'temperature-high@st-03', severity: 'warning', threshold: 35, activatedAt: T, isActive: false, clearedAt: T + 600_000, state: 'returned-unacknowledged' });
    const plan = drillDownPlan([warning], rulesById, T + 10_000_000)!;
    // 10 windows (100 s) past the clearing.
    expect(plan.query.to).toBe(T + 700_000);
    expect(plan.marks.map((m) => m.kind)).toEqual(['activated', 'cleared']);
  });

  it('has nothing to draw for a silent station or a system alarm', () => {
    expect(drillDownPlan([makeAlarm({ id: 'station-stale@st-01', metric: null })], rulesById, T)).toBeNull();
    expect(drillDownPlan([makeAlarm({ id: 'system:no-data@*', kind: 'system' })], rulesById, T)).toBeNull();
  });

  it('trendOf takes the planned column and drops gaps', () => {
    const plan = drillDownPlan([makeAlarm({ id: 'temperature-high@st-03', activatedAt: T })], rulesById, T + 60_000)!;
    const f = (xs: number[]) => Float64Array.from(xs);
    const result: HistoryResult = { sizeMs: 10_000, metric: 'temperature', series: [{ stationId: 'st-03', ts: f([T, T + 10_000, T + 20_000]), mean: f([36, Number.NaN, 41]), min: f([30, 30, 30]), max: f([50, 50, 50]), count: f([10, 0, 10]) }] };
    expect(trendOf(result, plan)).toEqual({ ts: [T, T + 20_000], values: [36, 41], sizeMs: 10_000 });
  });
});
