/**
 * An alarm as it stood at a past moment, rebuilt from its audit trail (issue 19, incident replay). Pure:
 * the store hands over the alarm as it is now and the few events that decide its state then.
 */
import type { Alarm, AlarmEventType, AlarmState } from '../../../src-shared/domain/alarms';

/** The events of one alarm the rebuild needs, each the newest of its kind at or before the moment. */
export interface AlarmMoment {
  /** The newest event of any kind: its `toState` is the process state then. */
  readonly last: { readonly type: AlarmEventType; readonly at: number; readonly who: string; readonly toState: AlarmState };
  /** The newest activation, or null (an alarm restored without one in the trail). */
  readonly activation: { readonly at: number; readonly value: number | null } | null;
  /** The newest acknowledgement, or null. */
  readonly acknowledgement: { readonly at: number; readonly who: string } | null;
  /** The newest shelving or unshelving, or null. */
  readonly shelving: { readonly type: 'shelved' | 'unshelved'; readonly at: number; readonly who: string; readonly comment: string | null } | null;
}

/** States in which the condition still holds. */
const ACTIVE_STATES: ReadonlySet<AlarmState> = new Set<AlarmState>(['unacknowledged', 'acknowledged']);

/**
 * `current` as it was at `at`; null when it was normal and not shelved then (the alarm list shows none).
 * The peak is the activation's value: the trail records values only at transitions. A shelf's expiry is
 * not in the trail; the replay shows it shelved until its unshelving event, so `until` is the current
 * shelf's when it is the same shelf, else one hour after the moment.
 */
export function alarmAt(current: Alarm, moment: AlarmMoment, at: number): Alarm | null {
  const state = moment.last.toState;
  const isShelved = moment.shelving?.type === 'shelved';
  if (state === 'normal' && !isShelved) return null;
  const activation = moment.activation;
  const activatedAt = activation?.at ?? current.activatedAt;
  const isActive = ACTIVE_STATES.has(state);
  const clearedAt = isActive ? null : moment.last.type === 'cleared' || moment.last.type === 'returned' ? moment.last.at : current.clearedAt;
  const acknowledgement = moment.acknowledgement !== null && moment.acknowledgement.at >= activatedAt ? moment.acknowledgement : null;
  const shelving = isShelved ? moment.shelving! : null;
  const sameShelf = shelving !== null && current.shelf !== null && current.shelf.by === shelving.who;
  return {
    ...current,
    state,
    isActive,
    value: activation?.value ?? current.value,
    peakValue: activation?.value ?? current.peakValue,
    activatedAt,
    clearedAt: clearedAt !== null && clearedAt <= at ? clearedAt : null,
    acknowledgedAt: acknowledgement?.at ?? null,
    acknowledgedBy: acknowledgement?.who ?? null,
    shelf: shelving === null ? null : { by: shelving.who, reason: shelving.comment ?? '', until: sameShelf ? current.shelf!.until : at + 3_600_000 },
    updatedAt: moment.last.at,
  };
}
