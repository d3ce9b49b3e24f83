/** Incident replay over the memory store's windows and alarm trail: the same answer as the SQL seek (adapters/sql/replay-reads.ts). */
import type { Alarm, AlarmEvent } from '../../../src-shared/domain/alarms';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import type { Incident, ReplaySnapshot } from '../../../src-shared/domain/replay';
import { replayLookbackMs } from '../../../src-shared/domain/replay';
import type { IncidentWrite, ReplaySeek } from '../../core/replay/replay-store';
import { alarmAt } from '../../core/replay/alarm-at';
import type { AlarmMoment } from '../../core/replay/alarm-at';

/** The console at `seek.at` from windows and events held in memory (a scan: memory stores are small). */
export function memoryReplaySeek(windows: Iterable<WindowAggregate>, alarms: ReadonlyMap<string, Alarm>, events: readonly AlarmEvent[], seek: ReplaySeek): ReplaySnapshot {
  const all = [...windows];
  const finest = new Map<string, number>();
  for (const w of all) finest.set(w.metric, Math.min(finest.get(w.metric) ?? Infinity, w.sizeMs));
  const newest = new Map<string, WindowAggregate>();
  const city: WindowAggregate[] = [];
  for (const w of all) {
    if (w.sizeMs !== finest.get(w.metric) || w.start + w.sizeMs > seek.at) continue;
    if (w.stationId === CITY_STATION_ID) {
      if (w.start >= seek.from) city.push(w);
      continue;
    }
    if (w.start < seek.at - replayLookbackMs(w.sizeMs)) continue;
    const key = `${w.metric}\u0000${w.stationId}`;
    if ((newest.get(key)?.start ?? -Infinity) < w.start) newest.set(key, w);
  }
  city.sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : a.start - b.start));
  const latest = [...newest.values()];
  return {
    at: seek.at,
    from: seek.from,
    latest: { stationId: latest.map((w) => w.stationId), metric: latest.map((w) => w.metric), start: latest.map((w) => w.start), sizeMs: latest.map((w) => w.sizeMs), mean: latest.map((w) => w.mean) },
    city: { metric: city.map((w) => w.metric), start: city.map((w) => w.start), sizeMs: city.map((w) => w.sizeMs), mean: city.map((w) => w.mean), min: city.map((w) => w.min), max: city.map((w) => w.max), p95: city.map((w) => w.p95) },
    alarms: [...alarms.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).flatMap((alarm) => {
      const moment = momentOf(events, alarm.id, seek.at);
      const past = moment === null ? null : alarmAt(alarm, moment, seek.at);
      return past === null ? [] : [past];
    }),
  };
}

/** Events are held in arrival order: the newest of each kind is the last one at or before `at`. */
function momentOf(events: readonly AlarmEvent[], alarmId: string, at: number): AlarmMoment | null {
  let last: AlarmEvent | null = null;
  let activation: AlarmEvent | null = null;
  let acknowledgement: AlarmEvent | null = null;
  let shelving: AlarmEvent | null = null;
  for (const e of events) {
    if (e.alarmId !== alarmId || e.at > at) continue;
    if (last === null || e.at >= last.at) last = e;
    if (e.type === 'activated' && (activation === null || e.at >= activation.at)) activation = e;
    if (e.type === 'acknowledged' && (acknowledgement === null || e.at >= acknowledgement.at)) acknowledgement = e;
    if ((e.type === 'shelved' || e.type === 'unshelved') && (shelving === null || e.at >= shelving.at)) shelving = e;
  }
  if (last === null) return null;
  return {
    last: { type: last.type, at: last.at, who: last.who, toState: last.toState },
    activation: activation === null ? null : { at: activation.at, value: activation.value },
    acknowledgement: acknowledgement === null ? null : { at: acknowledgement.at, who: acknowledgement.who },
    shelving: shelving === null ? null : { type: shelving.type as 'shelved' | 'unshelved', at: shelving.at, who: shelving.who, comment: shelving.comment },
  };
}

/** Applies an incident write to the memory store's map (a save keeps who created it and when). */
export function applyIncidentWrite(incidents: Map<string, Incident>, write: IncidentWrite): void {
  if (write.kind === 'delete') {
    incidents.delete(write.id);
    return;
  }
  const stored = incidents.get(write.incident.id);
  incidents.set(write.incident.id, stored === undefined ? write.incident : { ...write.incident, createdBy: stored.createdBy, createdAt: stored.createdAt });
}

/** Newest start first. */
export function listIncidents(incidents: ReadonlyMap<string, Incident>, limit: number): Incident[] {
  return [...incidents.values()].sort((a, b) => b.from - a.from || (a.id < b.id ? -1 : 1)).slice(0, limit);
}
