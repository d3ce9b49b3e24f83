/**
 * The shift log and the shift handover (issue 19): what operators write for each other, what the engine
 * notes on its own, and the signed summary one operator hands the next.
 */
import type { AlarmState } from './alarms';
import type { Severity } from './rules';

/** 'note': written by an operator; 'auto': noted by the engine (critical alarms, shelving, outages). */
export type ShiftEntryKind = 'note' | 'auto';

/** One line of the shift log. A carry-over note stays in every handover until someone clears it. */
export interface ShiftEntry {
  readonly id: string;
  readonly at: number;
  readonly who: string;
  readonly kind: ShiftEntryKind;
  readonly text: string;
  readonly stationId: string | null;
  readonly carryOver: boolean;
  readonly clearedAt: number | null;
  readonly clearedBy: string | null;
}

/** A search of the shift log: from <= at <= to, text (case-insensitive substring) and station optional; newest first. */
export interface ShiftLogQuery {
  readonly from: number;
  readonly to: number;
  readonly text: string | null;
  readonly stationId: string | null;
  readonly limit: number;
}

/** An alarm as the handover lists it. */
export interface HandoverAlarm {
  readonly alarmId: string;
  readonly stationId: string;
  readonly severity: Severity;
  readonly state: AlarmState;
  readonly message: string;
  readonly activatedAt: number;
  readonly acknowledgedBy: string | null;
}

/** A shelved alarm: who shelved it, why, and until when. */
export interface HandoverShelf {
  readonly alarmId: string;
  readonly stationId: string;
  readonly by: string;
  readonly reason: string;
  readonly until: number;
}

/** A station (or one of its metrics) out of service. */
export interface HandoverOutOfService {
  readonly stationId: string;
  readonly metric: string | null;
  readonly since: number;
  readonly by: string;
  readonly comment: string | null;
}

/** Rules added, changed or removed since the previous handover (names, or ids of removed rules). */
export interface HandoverRuleChanges {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

/** What the outgoing operator hands over, built at `at`. */
export interface HandoverSummary {
  readonly at: number;
  /** The previous handover's time (null: none before this one). */
  readonly since: number | null;
  readonly activeAlarms: readonly HandoverAlarm[];
  readonly shelved: readonly HandoverShelf[];
  readonly outOfService: readonly HandoverOutOfService[];
  /** Stations whose stale-data alarm is active. */
  readonly staleStations: readonly string[];
  /** null: no previous handover to compare the rules with. */
  readonly ruleChanges: HandoverRuleChanges | null;
  readonly carryOver: readonly ShiftEntry[];
  /** Limit values with a yearly allowance that is used up or nearly (air quality); absent on handovers stored before it existed. */
  readonly nearAllowance?: readonly HandoverAllowance[];
}

/** A station's count against a limit value's yearly allowance, e.g. PM10 daily mean: 30 of 35 days used. */
export interface HandoverAllowance {
  readonly stationId: string;
  readonly pollutant: string;
  readonly year: number;
  /** The standard in words, e.g. "PM10 daily mean 50 µg/m³". */
  readonly standard: string;
  readonly used: number;
  readonly allowed: number;
  /** The projection to year-end at the current rate, when known. */
  readonly projected: number | null;
}

/** A stored handover: signed by the outgoing operator, confirmed (once) by the incoming one. */
export interface Handover {
  readonly id: string;
  readonly at: number;
  readonly by: string;
  readonly note: string;
  readonly summary: HandoverSummary;
  readonly confirmedAt: number | null;
  readonly confirmedBy: string | null;
}
