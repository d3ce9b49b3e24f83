/**
 * The engine's own shift-log entries: it listens to alarm changes (critical alarms, shelving, the
 * source) and status pushes (the database lost and back) and writes what matters (core/shift/auto-entry.ts).
 */
import { autoEntryFor, databaseEntry } from '../../core/shift/auto-entry';
import { SYSTEM_ACTOR } from '../../../src-shared/domain/alarms';
import type { EngineContext } from './engine-context';
import { addAutoEntry } from './shift-requests';

/** Starts listening; returns the function that stops. */
export function startShiftJournal(context: EngineContext): () => void {
  let storeState: string | null = null;
  const stopAlarms = context.hub.subscribe('alarm:changed', ({ alarm, event }) => {
    const auto = autoEntryFor(alarm, event);
    if (auto !== null) addAutoEntry(context, auto, event.who, event.at);
  });
  const stopStatus = context.hub.subscribe('status:changed', (status) => {
    const auto = storeState === null ? null : databaseEntry(storeState, status.store.state, status.store.detail);
    storeState = status.store.state;
    if (auto !== null) addAutoEntry(context, auto, SYSTEM_ACTOR, status.at);
  });
  return () => {
    stopAlarms();
    stopStatus();
  };
}
