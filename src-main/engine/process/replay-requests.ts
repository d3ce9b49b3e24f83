/**
 * The incident-replay requests (issue 19): request handlers route here. A saved incident is noted in the
 * shift log, so the next shift finds it there.
 */
import { randomUUID } from 'node:crypto';
import type { ValidRequestArgs } from '../../../src-shared/ipc/contract';
import type { Incident, ReplaySnapshot } from '../../../src-shared/domain/replay';
import { formatIncidentRange } from '../../core/replay/incident-text';
import type { EngineContext } from './engine-context';
import { addAutoEntry } from './shift-requests';

/** The console at `args.at`, with the charts' span before it. */
export function seekReplay(context: EngineContext, args: ValidRequestArgs<'replay:seek'>): Promise<ReplaySnapshot> {
  return context.store.replaySeek({ at: args.at, from: Math.max(0, args.at - args.spanMs) });
}

/** Stores a new incident, or replaces an existing one's title, range and notes. */
export async function saveIncident(context: EngineContext, args: ValidRequestArgs<'incident:save'>, who: string): Promise<Incident> {
  const now = context.now();
  const existing = args.id === null ? undefined : (await context.store.readIncidents(1000)).find((i) => i.id === args.id);
  if (args.id !== null && existing === undefined) throw new Error(`No saved incident "${args.id}".`);
  const incident: Incident = {
    id: existing?.id ?? randomUUID(),
    title: args.title.trim(),
    from: args.from,
    to: args.to,
    notes: args.notes.trim(),
    alarmId: existing?.alarmId ?? args.alarmId,
    createdBy: existing?.createdBy ?? who,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await context.store.writeIncident({ kind: 'save', incident });
  if (existing === undefined) addAutoEntry(context, { text: `Incident saved: ${incident.title} (${formatIncidentRange(incident.from, incident.to)}) [incident:${incident.id}]`, stationId: null }, who, now);
  return incident;
}

/** Deletes a saved incident; deleting one that is not there says so rather than failing. */
export async function deleteIncident(context: EngineContext, args: ValidRequestArgs<'incident:delete'>): Promise<{ readonly id: string; readonly isDeleted: boolean }> {
  const isKnown = (await context.store.readIncidents(1000)).some((i) => i.id === args.id);
  if (isKnown) await context.store.writeIncident({ kind: 'delete', id: args.id });
  return { id: args.id, isDeleted: isKnown };
}
