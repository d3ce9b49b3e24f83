import type { Operator, Severity } from '../../../src-shared/domain/rules';

/**
 * A change of a rule's condition for one station, as the rule engine reports it. The alarm manager
 * turns conditions into ISA-18.2 alarms; the engine itself knows nothing about acknowledgement.
 * An active condition is reported again whenever its value reaches a new worst (the alarm's peak).
 */
export interface Condition {
  readonly ruleId: string;
  readonly stationId: string;
  /** The metric the condition is about; null for station-level rules (stale). */
  readonly metric: string | null;
  readonly isActive: boolean;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly severity: Severity;
  readonly message: string;
  /** Event time (threshold and outlier rules) or wall-clock time (stale rules), epoch ms. */
  readonly at: number;
  /** Which way is worse, for the alarm's peak value: 'high' keeps the maximum, 'low' the minimum. Default 'high'. */
  readonly direction?: PeakDirection;
}

/** 'high' for '>'/'>=' rules (peak = maximum), 'low' for '<'/'<=' rules (peak = minimum). */
export type PeakDirection = 'high' | 'low';

/** True when `value operator level` holds, i.e. the rule's condition is breached. */
export function isBreach(operator: Operator, value: number, level: number): boolean {
  switch (operator) {
    case '>':
      return value > level;
    case '>=':
      return value >= level;
    case '<':
      return value < level;
    case '<=':
      return value <= level;
  }
}

/**
 * True when an active condition may clear: the value is past clearLevel on the normal side. Values
 * between clearLevel and level keep it active (hysteresis); with clearLevel = level this is !isBreach.
 */
export function isCleared(operator: Operator, value: number, clearLevel: number): boolean {
  return !isBreach(operator, value, clearLevel);
}

/** The direction in which values get worse for an operator. */
export function directionOf(operator: Operator): PeakDirection {
  return operator === '>' || operator === '>=' ? 'high' : 'low';
}

/** True when `value` is worse than `peak` in `direction` (NaN peak = nothing seen yet). */
export function isWorse(direction: PeakDirection, value: number, peak: number): boolean {
  if (Number.isNaN(peak)) return true;
  return direction === 'high' ? value > peak : value < peak;
}
