import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../src-shared/domain/alarms';
import { incidentRange } from '../../../src-shared/domain/replay';
import { alarmAt } from './alarm-at';
import type { AlarmMoment } from './alarm-at';
import { formatIncidentRange } from './incident-text';

const T = Date.UTC(2026, 6, 20, 14);
// The alarm as it is now: cleared and acknowledged long after the moments replayed below.
const now: Alarm = {
  id: 'heat@st-03', ruleId: 'heat', stationId: 'st-03', metric: 'temperature', kind: 'process', severity: 'critical', state: 'normal', isActive: false,
  message: 'Temperature above 40 °C', value: 33, peakValue: 44, threshold: 40, activatedAt: T + 3_600_000, clearedAt: T + 7_200_000,
  acknowledgedAt: T + 3_700_000, acknowledgedBy: 'Bram', activationCount: 2, isChattering: false, shelf: null, updatedAt: T + 7_200_000,
};
const activated = { type: 'activated' as const, at: T, who: 'system', toState: 'unacknowledged' as const };
const moment = (over: Partial<AlarmMoment>): AlarmMoment => ({ last: activated, activation: { at: T, value: 41.5 }, acknowledgement: null, shelving: null, ...over });

describe('an alarm at a past moment', () => {
  it('is active and unacknowledged right after its activation, with the activation value and no later acknowledgement', () => {
    const past = alarmAt(now, moment({}), T + 60_000);
    expect(past).toMatchObject({ state: 'unacknowledged', isActive: true, activatedAt: T, value: 41.5, peakValue: 41.5, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, shelf: null, updatedAt: T });
  });

  it('is acknowledged by whoever acknowledged that activation, and an acknowledgement of an earlier activation does not count', () => {
    const acked = alarmAt(now, moment({ last: { type: 'acknowledged', at: T + 120_000, who: 'Ana', toState: 'acknowledged' }, acknowledgement: { at: T + 120_000, who: 'Ana' } }), T + 180_000);
    expect(acked).toMatchObject({ state: 'acknowledged', isActive: true, acknowledgedAt: T + 120_000, acknowledgedBy: 'Ana' });
    const older = alarmAt(now, moment({ acknowledgement: { at: T - 60_000, who: 'Cas' } }), T + 60_000);
    expect(older).toMatchObject({ acknowledgedAt: null, acknowledgedBy: null });
  });

  it('shows as returned-unacknowledged, no longer active, once the condition cleared before anyone acknowledged', () => {
    const past = alarmAt(now, moment({ last: { type: 'returned', at: T + 300_000, who: 'system', toState: 'returned-unacknowledged' } }), T + 400_000);
    expect(past).toMatchObject({ state: 'returned-unacknowledged', isActive: false, clearedAt: T + 300_000 });
  });

  it('is absent once back to normal, unless shelved then', () => {
    const normal = { type: 'cleared' as const, at: T + 300_000, who: 'system', toState: 'normal' as const };
    expect(alarmAt(now, moment({ last: normal }), T + 400_000)).toBeNull();
    const shelved = alarmAt(now, moment({ last: normal, shelving: { type: 'shelved', at: T + 350_000, who: 'Ana', comment: 'Sensor swap' } }), T + 400_000);
    expect(shelved?.shelf).toEqual({ by: 'Ana', reason: 'Sensor swap', until: T + 400_000 + 3_600_000 });
    expect(alarmAt(now, moment({ last: normal, shelving: { type: 'unshelved', at: T + 360_000, who: 'Ana', comment: null } }), T + 400_000)).toBeNull();
  });
});

describe('an incident range', () => {
  it('opens two minutes before the activation and runs to the clearing, at least ten minutes', () => {
    expect(incidentRange({ activatedAt: T, clearedAt: null })).toEqual({ from: T - 120_000, to: T + 600_000 });
    expect(incidentRange({ activatedAt: T, clearedAt: T + 3_600_000 })).toEqual({ from: T - 120_000, to: T + 3_600_000 });
    expect(incidentRange({ activatedAt: T, clearedAt: T + 60_000 })).toEqual({ from: T - 120_000, to: T + 600_000 });
  });

  it('is written in UTC for the shift log, the end day only when it differs', () => {
    expect(formatIncidentRange(T - 120_000, T + 600_000)).toBe('2026-07-20 13:58–14:10 UTC');
    expect(formatIncidentRange(T, T + 86_400_000)).toBe('2026-07-20 14:00–2026-07-21 14:00 UTC');
  });
});
