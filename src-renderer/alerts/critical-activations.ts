import type { Alarm } from '../../src-shared/domain/alarms';
import { isShelved } from '../alarms/alarm-sort';

/** One activation of one alarm: the same alarm raised again later is a new activation to announce. */
export function activationKey(alarm: Alarm): string {
  return `${alarm.id}@${alarm.activatedAt}`;
}

/** A critical alarm that is active, not yet acknowledged and not shelved: worth a sound and a notification. */
export function isAnnounceable(alarm: Alarm, now: number): boolean {
  return alarm.severity === 'critical' && alarm.isActive && alarm.state === 'unacknowledged' && !isShelved(alarm, now);
}

/** The activation keys of every announceable alarm in the list. */
export function announceableKeys(alarms: readonly Alarm[], now: number): Set<string> {
  const keys = new Set<string>();
  for (const alarm of alarms) if (isAnnounceable(alarm, now)) keys.add(activationKey(alarm));
  return keys;
}

/**
 * The announceable alarms whose activation is not in `known`: after a reconnect, the critical alarms
 * raised while the page was cut off, which no push announced.
 */
export function unannouncedActivations(alarms: readonly Alarm[], known: ReadonlySet<string>, now: number): Alarm[] {
  return alarms.filter((alarm) => isAnnounceable(alarm, now) && !known.has(activationKey(alarm)));
}
