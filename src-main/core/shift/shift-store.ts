/** What the store keeps for the shift log: writes as plain data (they pass the outage buffer) and reads. */
import type { Rule } from '../../../src-shared/domain/rules';
import type { Handover, ShiftEntry, ShiftLogQuery } from '../../../src-shared/domain/shift';

/** A stored handover with the rules in force when it was signed (the next handover lists changes against them). */
export interface HandoverRecord extends Handover {
  readonly rules: readonly Rule[];
}

/** One shift-log write; each is idempotent, so replaying it after an outage is harmless. */
export type ShiftWrite =
  | { readonly kind: 'entry'; readonly entry: ShiftEntry }
  | { readonly kind: 'clear'; readonly id: string; readonly at: number; readonly by: string }
  | { readonly kind: 'handover'; readonly handover: HandoverRecord }
  | { readonly kind: 'confirm'; readonly id: string; readonly at: number; readonly by: string };

/** A shift-log read: a search, or (openCarryOverOnly) every carry-over note not cleared, or (id) one entry. */
export interface ShiftLogRead extends ShiftLogQuery {
  readonly openCarryOverOnly: boolean;
  readonly id: string | null;
}

/** Handovers newest first; `id` picks one. */
export interface HandoverRead {
  readonly id: string | null;
  readonly limit: number;
}
