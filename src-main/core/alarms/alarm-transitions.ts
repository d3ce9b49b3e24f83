import type { Alarm, AlarmEvent, AlarmEventType, AlarmKind, AlarmState } from '../../../src-shared/domain/alarms';
import { ContractError } from '../../../src-shared/ipc/contract-error';
import { SYSTEM_ACTOR, alarmId } from '../../../src-shared/domain/alarms';
import type { Condition, PeakDirection } from '../rules/condition';
import { isWorse } from '../rules/condition';

/** One step of an alarm's life: the alarm after the step and the audit event that records it. */
export interface AlarmChange {
  readonly alarm: Alarm;
  readonly event: AlarmEvent;
}

type AlarmPatch = { -readonly [K in keyof Alarm]?: Alarm[K] };

/** Apply a patch and record the step as an audit event (from the old state to the new one). */
export function step(alarm: Alarm, type: AlarmEventType, patch: AlarmPatch, at: number, who: string, comment: string | null): AlarmChange {
  const next: Alarm = { ...alarm, ...patch, updatedAt: at };
  const event: AlarmEvent = { alarmId: alarm.id, type, at, who, comment, fromState: alarm.state, toState: next.state, value: next.value };
  return { alarm: next, event };
}

/** A fresh, normal alarm for a condition that has never raised one. */
export function newAlarm(c: Condition, kind: AlarmKind): Alarm {
  return {
    id: alarmId(c.ruleId, c.stationId),
    ruleId: c.ruleId,
    stationId: c.stationId,
    metric: c.metric,
    kind,
    severity: c.severity,
    state: 'normal',
    isActive: false,
    message: c.message,
    value: c.value,
    peakValue: null,
    threshold: c.threshold,
    activatedAt: c.at,
    clearedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    activationCount: 0,
    isChattering: false,
    shelf: null,
    updatedAt: c.at,
  };
}

/**
 * The condition became active: normal or returned-unacknowledged → unacknowledged, one more
 * activation. The peak covers the time since the alarm was last normal, so a return the operator
 * has not acknowledged yet keeps its worst value.
 */
export function activate(alarm: Alarm, c: Condition, isChattering: boolean): AlarmChange {
  const keepsPeak = alarm.state === 'returned-unacknowledged';
  return step(alarm, 'activated', {
    state: 'unacknowledged',
    isActive: true,
    metric: c.metric,
    severity: c.severity,
    message: c.message,
    value: c.value,
    peakValue: keepsPeak ? worse(c.direction, alarm.peakValue, c.value) : c.value,
    threshold: c.threshold,
    activatedAt: c.at,
    clearedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    activationCount: alarm.activationCount + 1,
    isChattering,
  }, c.at, SYSTEM_ACTOR, null);
}

/**
 * The active condition reported a new value: fold it in (value, peak, message, and the limit, which a rule
 * changed while the alarm was active moves); no state change.
 */
export function foldValue(alarm: Alarm, c: Condition): Alarm {
  return { ...alarm, value: c.value, peakValue: worse(c.direction, alarm.peakValue, c.value), message: c.message, threshold: c.threshold ?? alarm.threshold, updatedAt: c.at };
}

/**
 * The condition cleared: unacknowledged → returned-unacknowledged, acknowledged → normal. The limit is the
 * rule's as it cleared (a changed rule's), and the clearing value counts for the peak: after a rule change it
 * may be worse than any value before (a row said "peak 63.0 %" beside "back past 75 % at 63.3 %").
 */
export function clear(alarm: Alarm, c: Condition): AlarmChange {
  const state: AlarmState = alarm.state === 'acknowledged' ? 'normal' : 'returned-unacknowledged';
  // Only a condition that says which way is worse can move the peak (a clock set back has none: its peak is the most negative skew).
  const peakValue = c.direction === undefined ? alarm.peakValue : worse(c.direction, alarm.peakValue, c.value);
  const patch: AlarmPatch = { state, isActive: false, value: c.value ?? alarm.value, peakValue, threshold: c.threshold ?? alarm.threshold, clearedAt: c.at, message: c.message };
  return step(alarm, state === 'normal' ? 'cleared' : 'returned', patch, c.at, SYSTEM_ACTOR, null);
}

/** An operator acknowledges: unacknowledged → acknowledged, returned-unacknowledged → normal. */
export function acknowledge(alarm: Alarm, who: string, comment: string | null, nowMs: number): AlarmChange {
  if (alarm.state !== 'unacknowledged' && alarm.state !== 'returned-unacknowledged') {
    throw new ContractError('invalid-arguments', `Alarm ${alarm.id} has nothing to acknowledge (it is ${alarm.state})`);
  }
  const state: AlarmState = alarm.state === 'unacknowledged' ? 'acknowledged' : 'normal';
  return step(alarm, 'acknowledged', { state, acknowledgedAt: nowMs, acknowledgedBy: who }, nowMs, who, comment);
}

/** Taken out of service: whatever it was, the alarm returns to normal and loses its shelf. */
export function takeOutOfService(alarm: Alarm, who: string, comment: string | null, nowMs: number): AlarmChange {
  const clearedAt = alarm.isActive ? nowMs : alarm.clearedAt;
  return step(alarm, 'out-of-service', { state: 'normal', isActive: false, clearedAt, shelf: null, isChattering: false }, nowMs, who, comment);
}

function worse(direction: PeakDirection | undefined, peak: number | null, value: number | null): number | null {
  if (value === null) return peak;
  if (peak === null) return value;
  return isWorse(direction ?? 'high', value, peak) ? value : peak;
}
