import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';

/** The audit trail as alarms:history gives it: events newest first, and the alarms they belong to. */
export interface AuditTrail {
  readonly alarms: readonly Alarm[];
  readonly events: readonly AlarmEvent[];
}

/** Most events the page keeps (alarms:history's limit): the oldest go first. */
export const MAX_AUDIT_EVENTS = 10_000;

/** An event's identity, as the store's UNIQUE (alarm_id, at, type, to_state) has it. */
function eventKey(e: AlarmEvent): string {
  return JSON.stringify([e.alarmId, e.at, e.type, e.toState]);
}

/**
 * The trail with one pushed change (alarm:changed) folded in, so the page is live without asking the
 * store again: the event is added once (a push that the loaded page already holds is not doubled), in
 * newest-first order, and its alarm replaces the held copy.
 */
export function withLiveChange(trail: AuditTrail, change: { readonly alarm: Alarm; readonly event: AlarmEvent }): AuditTrail {
  const key = eventKey(change.event);
  if (trail.events.some((e) => eventKey(e) === key)) return trail;
  const at = trail.events.findIndex((e) => e.at <= change.event.at);
  const events = at < 0 ? [...trail.events, change.event] : [...trail.events.slice(0, at), change.event, ...trail.events.slice(at)];
  const alarms = [...trail.alarms.filter((a) => a.id !== change.alarm.id), change.alarm];
  return { alarms, events: events.slice(0, MAX_AUDIT_EVENTS) };
}
