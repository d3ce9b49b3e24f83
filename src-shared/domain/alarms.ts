import type { Severity } from './rules';

/**
 * ISA-18.2 alarm states. Shelving and out-of-service are separate flags on top of these, because an
 * alarm keeps its process state while shelved (it returns in the state it has when the shelf expires).
 */
export type AlarmState = 'normal' | 'unacknowledged' | 'acknowledged' | 'returned-unacknowledged';

/** Process alarms come from rules; system alarms from the app itself (no data, broker down, buffer full). */
export type AlarmKind = 'process' | 'system';

export interface Shelf {
  readonly by: string;
  readonly reason: string;
  /** Wall-clock epoch ms at which the alarm unshelves itself. */
  readonly until: number;
}

/** The one alarm of a (rule, station) pair. */
export interface Alarm {
  /** `${ruleId}@${stationId}` */
  readonly id: string;
  readonly ruleId: string;
  readonly stationId: string;
  readonly metric: string | null;
  readonly kind: AlarmKind;
  readonly severity: Severity;
  readonly state: AlarmState;
  /** True while the condition holds (unacknowledged or acknowledged). */
  readonly isActive: boolean;
  readonly message: string;
  readonly value: number | null;
  /** Worst value while active: highest for '>' rules, lowest for '<' rules. */
  readonly peakValue: number | null;
  readonly threshold: number | null;
  /** Event time (epoch ms) of the latest activation. */
  readonly activatedAt: number;
  readonly clearedAt: number | null;
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
  /** Activations folded into this alarm since it was created. */
  readonly activationCount: number;
  /** 3 or more activations within 60 s of event time. */
  readonly isChattering: boolean;
  readonly shelf: Shelf | null;
  readonly updatedAt: number;
}

export type AlarmEventType =
  | 'activated'
  | 'acknowledged'
  | 'cleared'
  | 'returned'
  | 'shelved'
  | 'unshelved'
  | 'out-of-service'
  | 'in-service'
  | 'chattering'
  // Public notices of air-quality threshold alarms (issue 18): recorded on the notice's alarm, its state unchanged.
  | 'notice-drafted'
  | 'notice-edited'
  | 'notice-issued'
  | 'notice-withdrawn'
  | 'notice-superseded'
  // Data quality (issue 18): an operator marked a period of a station's metric invalid; recorded on `quality:<station>:<metric>`.
  | 'data-invalidated'
  // ... and revoked that mark (its hours count again); on the same `quality:<station>:<metric>`.
  | 'data-invalidation-revoked';

/** One line of the audit trail: every state change with who, when and an optional comment. */
export interface AlarmEvent {
  readonly alarmId: string;
  readonly type: AlarmEventType;
  readonly at: number;
  readonly who: string;
  readonly comment: string | null;
  readonly fromState: AlarmState;
  readonly toState: AlarmState;
  readonly value: number | null;
}

/** Who acts when the app itself changes an alarm (activation, clearing, shelf expiry). */
export const SYSTEM_ACTOR = 'system';

/** Build an alarm id from its rule and station. */
export function alarmId(ruleId: string, stationId: string): string {
  return `${ruleId}@${stationId}`;
}
