/** Which incident a shift-log entry leads to (issue 19): a saved one it names, or the critical alarm it records. */
import type { ShiftEntry } from '../../src-shared/domain/shift';
import { incidentRange } from '../../src-shared/domain/replay';

/** What "Open incident" on a shift-log entry replays; null: the entry records no incident. */
export type ShiftEntryIncident =
  | { readonly kind: 'saved'; readonly id: string }
  | { readonly kind: 'alarm'; readonly title: string; readonly from: number; readonly to: number };

const SAVED = /\[incident:([^\]\s]+)\]/;

export function shiftEntryIncident(entry: Pick<ShiftEntry, 'kind' | 'text' | 'at'>): ShiftEntryIncident | null {
  if (entry.kind !== 'auto') return null;
  const saved = SAVED.exec(entry.text);
  if (saved !== null) return { kind: 'saved', id: saved[1]! };
  // The engine notes a critical alarm when it is raised, at its activation (core/shift/auto-entry.ts).
  if (entry.text.startsWith('Critical alarm raised')) return { kind: 'alarm', title: entry.text, ...incidentRange({ activatedAt: entry.at, clearedAt: null }) };
  return null;
}
