/** Plain words for the shift log and the handover report. */
import type { HandoverRuleChanges, ShiftEntry } from '../../src-shared/domain/shift';
import { dateInZone, instantOfWallClock } from '../time/control-room-time';

/** A moment as the report prints it: control-room date and 24-hour time, e.g. "2026-12-06 14:05". */
export function formatMoment(ms: number): string {
  const d = dateInZone(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The rule changes in a sentence; null changes (no earlier handover) say so. */
export function describeRuleChanges(changes: HandoverRuleChanges | null): string {
  if (changes === null) return 'No earlier handover to compare the rules with.';
  const parts = [
    changes.added.length > 0 ? `added: ${changes.added.join(', ')}` : null,
    changes.changed.length > 0 ? `changed: ${changes.changed.join(', ')}` : null,
    changes.removed.length > 0 ? `removed: ${changes.removed.join(', ')}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? 'No rule changes since the last handover.' : `Rules ${parts.join('; ')}.`;
}

/** Who wrote an entry, and that the engine did when it did. */
export function entryAuthor(entry: ShiftEntry): string {
  return entry.kind === 'auto' ? `${entry.who} (automatic)` : entry.who;
}

/** The search range: the last `days` days up to `now`, as the shift log first shows it. */
export function defaultRange(now: number, days = 7): { readonly from: number; readonly to: number } {
  return { from: Math.max(0, now - days * 86_400_000), to: now + 60_000 };
}

/** A datetime-local input's value for a moment, and back (empty or invalid: null). */
export function toInputValue(ms: number): string {
  return formatMoment(ms).replace(' ', 'T');
}
export function fromInputValue(value: string): number | null {
  return instantOfWallClock(value);
}
