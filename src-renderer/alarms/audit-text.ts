/**
 * What the audit trail says about an event: the event in words, the change it made, and the rule by its
 * current name. Shelving and out of service are flags on top of the alarm's process state (see
 * src-shared/domain/alarms.ts), so their events leave the state as it was (a shelf) or set it to normal
 * (out of service): printed as a bare state change they read "unacknowledged → unacknowledged" and
 * "unacknowledged → normal" — the latter looks like the alarm returned by itself. The change column
 * therefore names the flag these events set.
 */
import type { AlarmEvent, AlarmEventType } from '../../src-shared/domain/alarms';
import type { Rule } from '../../src-shared/domain/rules';

/** Every event type in words; a Record, so a new type fails to compile until it has its words. */
const EVENT_LABELS: Readonly<Record<AlarmEventType, string>> = {
  activated: 'activated',
  acknowledged: 'acknowledged',
  cleared: 'cleared',
  returned: 'returned to normal, not acknowledged',
  shelved: 'shelved',
  unshelved: 'unshelved',
  'out-of-service': 'out of service',
  'in-service': 'back in service',
  chattering: 'chattering',
  'notice-drafted': 'public notice drafted',
  'notice-edited': 'public notice edited',
  'notice-issued': 'public notice issued',
  'notice-withdrawn': 'public notice withdrawn',
  'notice-superseded': 'public notice superseded',
  'data-invalidated': 'data marked invalid',
  'data-invalidation-revoked': 'invalid mark revoked',
};

/** The event type as an operator says it ("out of service", not "out-of-service"). */
export function eventLabel(type: AlarmEventType): string {
  return EVENT_LABELS[type];
}

/** The change an event made, in the audit trail's "From → to" column. */
export function changeText(event: Pick<AlarmEvent, 'type' | 'fromState' | 'toState'>): string {
  if (event.type === 'shelved') return `${stateLabel(event.fromState)} → shelved`;
  if (event.type === 'unshelved') return `shelved → ${stateLabel(event.toState)}`;
  if (event.type === 'out-of-service') return `${stateLabel(event.fromState)} → out of service`;
  if (event.type === 'in-service') return `out of service → ${stateLabel(event.toState)}`;
  // A notice's transition leaves the alarm as it is: the column names the notice's new state instead.
  if (event.type.startsWith('notice-')) return `public notice → ${event.type.slice('notice-'.length)}`;
  return `${stateLabel(event.fromState)} → ${stateLabel(event.toState)}`;
}

function stateLabel(state: AlarmEvent['fromState']): string {
  return state === 'returned-unacknowledged' ? 'returned, unacknowledged' : state;
}

/** The rule an alarm id names: alarm ids are `${ruleId}@${stationId}`, and station ids hold no '@'. */
export function splitAlarmId(alarmId: string): { readonly ruleId: string; readonly stationId: string } {
  const at = alarmId.lastIndexOf('@');
  return at < 0 ? { ruleId: alarmId, stationId: '' } : { ruleId: alarmId.slice(0, at), stationId: alarmId.slice(at + 1) };
}

/** A rule as the audit trail names it. */
export interface RuleName {
  readonly name: string;
  /** The rule is no longer configured: `name` is its id. */
  readonly isDeleted: boolean;
}

/**
 * The rule's current name, looked up by id (rules are identified by id; a rule keeps its id when it is
 * renamed, e.g. when its metric changes — src-main/core/rules/rule-identity.ts), so old events show the
 * name the rule has now. A deleted rule falls back to its id. System alarms ("system:…") have no rule.
 */
export function ruleName(ruleId: string, rulesById: ReadonlyMap<string, Rule>): RuleName {
  const rule = rulesById.get(ruleId);
  if (rule !== undefined) return { name: rule.name, isDeleted: false };
  if (ruleId.startsWith('system:')) return { name: `System: ${ruleId.slice('system:'.length)}`, isDeleted: false };
  return { name: ruleId, isDeleted: true };
}
