import type { OutOfServiceView } from '../../src-shared/ipc/contract';

/** Stations wholly out of service (an entry without a metric). */
export function stationsOutOfService(entries: readonly OutOfServiceView[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const e of entries) if (e.metric === null) out.add(e.stationId);
  return out;
}

/** What of one station is out of service: null = the whole station, else metric ids; empty when nothing. */
export function outOfServiceFor(entries: readonly OutOfServiceView[], stationId: string): readonly (string | null)[] {
  return entries.filter((e) => e.stationId === stationId).map((e) => e.metric);
}

/** "st-04" or "st-04 · noise_level", for lists. */
export function outOfServiceLabel(entry: OutOfServiceView): string {
  return entry.metric === null ? entry.stationId : `${entry.stationId} · ${entry.metric}`;
}

/** Sorted by station, whole-station entries first. */
export function sortOutOfService(entries: readonly OutOfServiceView[]): OutOfServiceView[] {
  return [...entries].sort((a, b) => a.stationId.localeCompare(b.stationId) || (a.metric ?? '').localeCompare(b.metric ?? ''));
}
