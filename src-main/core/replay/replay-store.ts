/** What the store offers incident replay (issue 19): a seek to a past moment and the saved incidents. */
import type { Incident } from '../../../src-shared/domain/replay';

/** The console at `at`; city windows from `from` (the charts' span). */
export interface ReplaySeek {
  readonly at: number;
  readonly from: number;
}

/** A saved incident stored (inserted or replaced by id) or deleted. */
export type IncidentWrite = { readonly kind: 'save'; readonly incident: Incident } | { readonly kind: 'delete'; readonly id: string };
