import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../src-shared/domain/alarms';
import { EscalationSettingsSchema } from '../../../src-shared/settings/escalation';
import type { EscalationSettings } from '../../../src-shared/settings/escalation';
import { EscalationPlanner, deliveryKey } from './escalation-planner';
import type { DeliveryIntent } from './escalation-planner';

const MIN = 60_000;
/** 2026-07-01 10:00 UTC = 12:00 in Amsterdam (summer time). */
const T0 = Date.UTC(2026, 6, 1, 10, 0);

function alarm(patch: Partial<Alarm> = {}): Alarm {
  return {
    id: 'heat@st-1', ruleId: 'heat', stationId: 'st-1', metric: 'temperature', kind: 'process', severity: 'critical',
    state: 'unacknowledged', isActive: true, message: 'Temperature above 35 °C', value: 36.2, peakValue: 36.2, threshold: 35,
    activatedAt: T0, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, activationCount: 1, isChattering: false,
    shelf: null, updatedAt: T0, ...patch,
  };
}

function settings(extra: Record<string, unknown> = {}): EscalationSettings {
  return EscalationSettingsSchema.parse({
    channels: [
      { kind: 'webhook', id: 'oncall', name: 'On call', url: 'http://127.0.0.1:9/hook' },
      { kind: 'webhook', id: 'chief', name: 'Chief', url: 'http://127.0.0.1:9/chief' },
    ],
    policies: [{ id: 'crit', name: 'Critical', severities: ['critical'], steps: [{ afterSeconds: 300, channelIds: ['oncall'] }, { afterSeconds: 900, channelIds: ['chief'] }], ...extra }],
  });
}

/** Runs the planner minute by minute from `from` to `to`, settling every intent as delivered; returns them with the minute they came out. */
function run(planner: EscalationPlanner, from: number, to: number, onMinute?: (now: number) => void): { at: number; intent: DeliveryIntent }[] {
  const sent: { at: number; intent: DeliveryIntent }[] = [];
  for (let now = from; now <= to; now += MIN) {
    onMinute?.(now);
    for (const intent of planner.tick(now)) {
      sent.push({ at: now, intent });
      planner.settle(intent.key);
    }
  }
  return sent;
}

describe('EscalationPlanner', () => {
  it('sends step 1 after 5 minutes and step 2 after 15, each once', () => {
    const planner = new EscalationPlanner(settings());
    planner.observe(alarm());
    const sent = run(planner, T0, T0 + 30 * MIN);
    expect(sent.map((s) => [(s.at - T0) / MIN, s.intent.step, s.intent.channelId])).toEqual([[5, 1, 'oncall'], [15, 2, 'chief']]);
    expect(sent[0]?.intent.key).toBe(deliveryKey('heat@st-1', T0, 'crit', 1, 'oncall'));
  });

  it('stops once the alarm is acknowledged, returns, is shelved or taken out of service', () => {
    const stops: Partial<Alarm>[] = [
      { state: 'acknowledged', acknowledgedAt: T0 + 7 * MIN, acknowledgedBy: 'ana' },
      { state: 'returned-unacknowledged', isActive: false, clearedAt: T0 + 7 * MIN },
      { shelf: { by: 'ana', reason: 'maintenance', until: T0 + 60 * MIN } },
      { state: 'normal', isActive: false },
    ];
    for (const patch of stops) {
      const planner = new EscalationPlanner(settings());
      planner.observe(alarm());
      const sent = run(planner, T0, T0 + 30 * MIN, (now) => { if (now === T0 + 7 * MIN) planner.observe(alarm(patch)); });
      expect(sent.map((s) => s.intent.step)).toEqual([1]);
    }
  });

  it('does not resend after a restart mid-escalation, and carries on with the steps still due', () => {
    const first = new EscalationPlanner(settings());
    first.observe(alarm());
    const before = run(first, T0, T0 + 8 * MIN);
    expect(before.map((s) => s.intent.step)).toEqual([1]);
    // The engine restarts at minute 8: the delivery log hands back what it recorded as sent.
    const second = new EscalationPlanner(settings(), before.map((s) => s.intent.key));
    second.observe(alarm());
    const after = run(second, T0 + 9 * MIN, T0 + 30 * MIN);
    expect(after.map((s) => [(s.at - T0) / MIN, s.intent.step])).toEqual([[15, 2]]);
  });

  it('resends after a restart when the send had not been settled (it was in flight)', () => {
    const first = new EscalationPlanner(settings());
    first.observe(alarm());
    expect(first.tick(T0 + 5 * MIN)).toHaveLength(1);
    expect(first.tick(T0 + 6 * MIN)).toHaveLength(0);
    const second = new EscalationPlanner(settings(), []);
    second.observe(alarm());
    expect(second.tick(T0 + 6 * MIN).map((i) => i.step)).toEqual([1]);
  });

  it('emits a released intent again on the next tick', () => {
    const planner = new EscalationPlanner(settings());
    planner.observe(alarm());
    const [intent] = planner.tick(T0 + 5 * MIN);
    planner.release(intent?.key ?? '');
    expect(planner.tick(T0 + 6 * MIN).map((i) => i.key)).toEqual([intent?.key]);
  });

  it('escalates a new activation of the same alarm afresh', () => {
    const planner = new EscalationPlanner(settings());
    planner.observe(alarm());
    run(planner, T0, T0 + 20 * MIN);
    const again = T0 + 60 * MIN;
    planner.observe(alarm({ activatedAt: again, activationCount: 2 }));
    const sent = run(planner, again, again + 20 * MIN);
    expect(sent.map((s) => [(s.at - again) / MIN, s.intent.step])).toEqual([[5, 1], [15, 2]]);
  });

  it('routes by severity: a warning does not reach a critical-only policy', () => {
    const planner = new EscalationPlanner(settings());
    planner.observe(alarm({ severity: 'warning' }));
    expect(run(planner, T0, T0 + 30 * MIN)).toEqual([]);
  });

  it('routes by rule when the policy lists rules', () => {
    const planner = new EscalationPlanner(settings({ ruleIds: ['flood'] }));
    planner.observe(alarm());
    planner.observe(alarm({ id: 'flood@st-2', ruleId: 'flood', stationId: 'st-2' }));
    expect(new Set(run(planner, T0, T0 + 30 * MIN).map((s) => s.intent.alarm.id))).toEqual(new Set(['flood@st-2']));
  });

  it('holds a warning during quiet hours and sends it when they end; critical goes out anyway', () => {
    // Quiet 12:00–12:20 Amsterdam = 10:00–10:20 UTC on T0's day.
    const quietHours = { start: '12:00', end: '12:20', zone: 'Europe/Amsterdam', allowSeverities: ['critical'] };
    const warningPlanner = new EscalationPlanner(settings({ severities: ['warning', 'critical'], quietHours }));
    warningPlanner.observe(alarm({ severity: 'warning' }));
    const warned = run(warningPlanner, T0, T0 + 30 * MIN);
    expect(warned.map((s) => [(s.at - T0) / MIN, s.intent.step])).toEqual([[20, 1], [20, 2]]);
    const criticalPlanner = new EscalationPlanner(settings({ severities: ['warning', 'critical'], quietHours }));
    criticalPlanner.observe(alarm());
    expect(run(criticalPlanner, T0, T0 + 30 * MIN).map((s) => (s.at - T0) / MIN)).toEqual([5, 15]);
  });

  it('ignores disabled policies and forgotten alarms', () => {
    const disabled = new EscalationPlanner(settings({ enabled: false }));
    disabled.observe(alarm());
    expect(run(disabled, T0, T0 + 30 * MIN)).toEqual([]);
    const forgotten = new EscalationPlanner(settings());
    forgotten.observe(alarm());
    forgotten.forget('heat@st-1');
    expect(run(forgotten, T0, T0 + 30 * MIN)).toEqual([]);
  });
});

describe('EscalationPlanner clock', () => {
  it('starts the clock when it first sees an activation that lies in the future (a sped-up simulator)', () => {
    const planner = new EscalationPlanner(settings());
    planner.observe(alarm({ activatedAt: T0 + 60 * MIN }));
    const sent = run(planner, T0, T0 + 30 * MIN);
    expect(sent.map((s) => [(s.at - T0) / MIN, s.intent.step, s.intent.since])).toEqual([[5, 1, T0], [15, 2, T0]]);
  });

  it('measures from the activation when the planner sees it late (a restart), so overdue steps go out at once', () => {
    const planner = new EscalationPlanner(settings());
    planner.observe(alarm());
    const sent = run(planner, T0 + 20 * MIN, T0 + 21 * MIN);
    expect(sent.map((s) => [(s.at - T0) / MIN, s.intent.step])).toEqual([[20, 1], [20, 2]]);
  });
});
