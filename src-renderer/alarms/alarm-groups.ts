/**
 * One row per condition in the alarm list: the warning and the critical alarm of one quantity at one
 * station (e.g. "1-min mean temperature above 35 °C" and "above 40 °C" at st-03) are one thing going
 * wrong, so they share a row that shows the worse of them, and acting on the row acts on both.
 */
import type { Alarm } from '../../src-shared/domain/alarms';
import type { Rule } from '../../src-shared/domain/rules';
import { isUnacknowledged } from './alarm-sort';

/** The alarms of one condition, worst first (the order of compareAlarms). */
export interface AlarmGroup {
  readonly key: string;
  /** The alarm the row shows: the highest priority, unacknowledged before acknowledged, newest. */
  readonly worst: Alarm;
  readonly members: readonly Alarm[];
}

/**
 * Which condition an alarm belongs to. Threshold rules on the same metric at the same station that
 * look the same way (both "above" or both "below") are one condition whatever their statistic, so a
 * warning and a critical level share a row; silent-station alarms of one station are one condition.
 * Other alarms, and alarms whose rule is gone, are a condition of their own.
 */
export function conditionKey(alarm: Alarm, rule: Rule | undefined): string {
  if (rule?.kind === 'threshold') {
    const direction = rule.operator.startsWith('>') ? 'high' : 'low';
    return `${alarm.stationId}|threshold|${rule.metric}|${direction}`;
  }
  if (rule?.kind === 'stale') return `${alarm.stationId}|stale`;
  return alarm.id;
}

/** Group alarms already in list order (visibleAlarms); groups keep the order of their worst alarm. */
export function groupAlarms(sorted: readonly Alarm[], rulesById: ReadonlyMap<string, Rule>): AlarmGroup[] {
  const byKey = new Map<string, Alarm[]>();
  for (const alarm of sorted) {
    const key = conditionKey(alarm, rulesById.get(alarm.ruleId));
    const members = byKey.get(key);
    if (members === undefined) byKey.set(key, [alarm]);
    else members.push(alarm);
  }
  return [...byKey].map(([key, members]) => ({ key, worst: members[0] as Alarm, members }));
}

/** True when any alarm of the group waits for an acknowledgement. */
export function isGroupUnacknowledged(group: AlarmGroup): boolean {
  return group.members.some(isUnacknowledged);
}

/** The alarms an acknowledgement of these rows acknowledges: every unacknowledged member. */
export function alarmsToAcknowledge(groups: readonly AlarmGroup[]): Alarm[] {
  return groups.flatMap((g) => g.members.filter(isUnacknowledged));
}

/** The alarms shelving these rows shelves (all members), or unshelving unshelves (the shelved ones). */
export function alarmsToShelve(groups: readonly AlarmGroup[], isUnshelve: boolean): Alarm[] {
  return groups.flatMap((g) => g.members.filter((a) => !isUnshelve || a.shelf !== null));
}
