import type { Reading } from '../../../src-shared/domain/reading';

/** Why the decoder refused a message; the pipeline counts by reason and the quarantine keeps it. */
export type RejectReason =
  | 'not-json'
  /** A Python-literal shape got something else: code (a name, a call, an operator) or broken syntax. Nothing is evaluated. */
  | 'not-literal'
  | 'not-object'
  | 'no-station'
  | 'invalid-station'
  | 'bad-time'
  | 'no-metric'
  | 'non-finite'
  /** A metric value beyond ±MAX_MAGNITUDE: no measurement, and its square would overflow the windows' statistics. */
  | 'out-of-range'
  | 'oversize'
  | 'too-many-metrics'
  | 'future-time'
  | 'station-cap'
  | 'metric-cap'
  | 'empty';

/** Every reason, in a stable order (counters and the health view list them like this). */
export const REJECT_REASONS: readonly RejectReason[] = [
  'empty',
  'oversize',
  'not-json',
  'not-literal',
  'not-object',
  'no-station',
  'invalid-station',
  'bad-time',
  'future-time',
  'no-metric',
  'non-finite',
  'out-of-range',
  'too-many-metrics',
  'station-cap',
  'metric-cap',
];

/** A reading, or a rejection with a human-readable explanation. */
export type DecodeResult =
  | { readonly ok: true; readonly reading: Reading }
  | { readonly ok: false; readonly reason: RejectReason; readonly detail: string };

/** A rejection: why a message was not taken. */
export type DecodeFailure = Extract<DecodeResult, { readonly ok: false }>;

/** Builds a rejection result. */
export function reject(reason: RejectReason, detail: string): DecodeFailure {
  return { ok: false, reason, detail };
}
