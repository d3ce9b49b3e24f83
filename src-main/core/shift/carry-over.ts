/**
 * The rules of carry-over notes and handovers: a note marked carry-over is in every handover until
 * someone clears it; engine entries never carry over; a handover is confirmed once, by someone else.
 */
import type { Handover, ShiftEntry } from '../../../src-shared/domain/shift';

/** Carry-over notes not cleared yet, oldest first. */
export function openCarryOver(entries: readonly ShiftEntry[]): ShiftEntry[] {
  return entries.filter((e) => e.kind === 'note' && e.carryOver && e.clearedAt === null).sort((x, y) => x.at - y.at || x.id.localeCompare(y.id));
}

/** Why `entry` (looked up by `id`) cannot be cleared, in plain words; null when it can. */
export function clearProblem(id: string, entry: ShiftEntry | null): string | null {
  if (entry === null) return `There is no shift log entry "${id}".`;
  if (!entry.carryOver || entry.kind !== 'note') return `The entry "${id}" is not a carry-over note, so there is nothing to clear.`;
  if (entry.clearedAt !== null) return `The carry-over note "${id}" was already cleared by ${entry.clearedBy ?? 'someone'}.`;
  return null;
}

/** Why `by` cannot confirm the handover (looked up by `id`), in plain words; null when they can. */
export function confirmProblem(id: string, handover: Handover | null, by: string): string | null {
  if (handover === null) return `There is no handover "${id}".`;
  if (handover.confirmedAt !== null) return `This handover was already confirmed by ${handover.confirmedBy ?? 'someone'}.`;
  if (handover.by === by) return `${by} handed this shift over; the incoming operator confirms it.`;
  return null;
}
