import { useEffect } from 'react';
import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { Session } from '../data/session';

/** How much of the span start the rings may miss before history is asked (one smallest window and a bit). */
const TOLERANCE_MS = 15_000;

/**
 * Fill spans longer than the in-memory rings from history:query, one request per metric for the city
 * and the selected stations whose rings do not reach back far enough. Refreshed every minute.
 */
export function useBackfill(session: Session, metrics: readonly string[], stations: readonly string[], spanMs: number, isOpen: boolean): void {
  const metricsKey = metrics.join('\u0000');
  const stationsKey = stations.join('\u0000');
  useEffect(() => {
    if (!isOpen) return;
    const { live, api } = session;
    let cancelled = false;
    async function fill(): Promise<void> {
      // Event time, not the wall clock: a replay or a sped-up simulator runs ahead of or behind it.
      const to = Number.isFinite(live.newestTs) ? live.newestTs : (session.status.get()?.watermark ?? Date.now());
      const from = to - spanMs;
      for (const metric of metricsKey.split('\u0000')) {
        const ids = [CITY_STATION_ID, ...(stationsKey === '' ? [] : stationsKey.split('\u0000'))];
        const missing = ids.filter((id) => {
          const ring = id === CITY_STATION_ID ? live.cityRing(metric) : live.stationRing(id, metric);
          return ring === null || ring.length === 0 || ring.oldestTs() > from + TOLERANCE_MS;
        });
        if (missing.length === 0) continue;
        try {
          const result = await api.request('history:query', { stationIds: missing, metric, from: Math.max(0, Math.floor(from)), to: Math.ceil(to), maxPoints: 600 });
          if (cancelled) return;
          for (const s of result.series) live.setBackfill(s.stationId, metric, { ts: s.ts, mean: s.mean, min: s.min, max: s.max, stepMs: result.sizeMs });
        } catch {
          // History is an extra: with no store the live rings still draw. The health view shows store problems.
          if (cancelled) return;
        }
      }
    }
    // The first frames (10 a second) tell where event time is; fill once they have arrived.
    const first = setTimeout(() => void fill(), 1000);
    const timer = setInterval(() => void fill(), 60_000);
    return () => {
      cancelled = true;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [session, metricsKey, stationsKey, spanMs, isOpen]);
}
