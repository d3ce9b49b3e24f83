import type { Alarm } from '../../src-shared/domain/alarms';

/** An alarm with plausible defaults, for tests. */
export function makeAlarm(overrides: Partial<Alarm> & { readonly id: string }): Alarm {
  return {
    ruleId: overrides.id.split('@')[0] ?? 'rule',
    stationId: overrides.id.split('@')[1] ?? 'st-01',
    metric: 'temperature',
    kind: 'process',
    severity: 'warning',
    state: 'unacknowledged',
    isActive: true,
    message: 'Heat',
    value: 36,
    peakValue: 37,
    threshold: 35,
    activatedAt: 0,
    clearedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    activationCount: 1,
    isChattering: false,
    shelf: null,
    updatedAt: 0,
    ...overrides,
  };
}
