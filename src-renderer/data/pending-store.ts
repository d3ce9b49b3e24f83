import type { PendingCondition, StreamFrame } from '../../src-shared/ipc/frame';
import { Observable } from './observable';

/** What the engine says is pending now: every frame carries the whole (short) list, so the last one wins. */
export interface PendingView {
  readonly conditions: readonly PendingCondition[];
  /** All pending conditions, when the frame listed only the soonest due. */
  readonly total: number;
}

const NONE: PendingView = { conditions: [], total: 0 };

/**
 * The pending conditions of the latest frame, outside React. The observable changes only when the list
 * does (a condition starts or ends, or its value moves), not on every frame, so screens re-render rarely.
 */
export class PendingStore {
  readonly view = new Observable<PendingView>(NONE);
  private key = '';

  /** Take the pending list of one frame (absent = none pending). */
  ingest(frame: StreamFrame): void {
    const conditions = frame.pending ?? [];
    const key = keyOf(conditions, frame.pendingTotal ?? conditions.length);
    if (key === this.key) return;
    this.key = key;
    this.view.set(conditions.length === 0 ? NONE : { conditions, total: Math.max(conditions.length, frame.pendingTotal ?? 0) });
  }

  /** Forget the list (e.g. the connection was lost: the engine can no longer say what is pending). */
  clear(): void {
    this.key = '';
    this.view.set(NONE);
  }
}

/** The pending conditions of one station, soonest due first (the list comes sorted so). */
export function pendingOfStation(view: PendingView, stationId: string): PendingCondition[] {
  return view.conditions.filter((c) => c.stationId === stationId);
}

/** Stable id of a pending condition, the same as the alarm it would become: `rule@station`. */
export function pendingId(condition: PendingCondition): string {
  return `${condition.ruleId}@${condition.stationId}`;
}

function keyOf(conditions: readonly PendingCondition[], total: number): string {
  let key = String(total);
  for (const c of conditions) key += `|${c.ruleId}@${c.stationId}:${c.since}:${c.value}:${c.dueAt}`;
  return key;
}
