import { useEffect, useRef, useState } from 'react';
import { useObservable, useSession } from '../app-context';
import { alarmHistoryRange } from './alarm-history-range';
import type { AlarmHistoryRange } from './alarm-history-range';
import { MAX_AUDIT_EVENTS, withLiveChange } from './audit-events';
import type { AuditTrail } from './audit-events';

/** The last 7 days of alarms and their audit trail from the store. */
export const HISTORY_DAYS = 7;

/**
 * alarms:history for the last `days` of both the wall and the data clock, kept live: every alarm:changed
 * push is folded in as it comes (no Refresh button), and the trail is loaded again after a reconnect,
 * since pushes made while the socket was down are lost.
 */
export function useAlarmHistory(days = HISTORY_DAYS): { data: AuditTrail | null; error: string | null; range: AlarmHistoryRange } {
  const { api, live, transport } = useSession();
  const connection = useObservable(transport);
  const [range, setRange] = useState(() => alarmHistoryRange(Date.now(), live.dataTime(Date.now()), days));
  const [data, setData] = useState<AuditTrail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const wasOpen = useRef(connection === 'open');
  useEffect(() => {
    // Back after a loss: load again (the first load is the initial range's).
    if (connection === 'open' && !wasOpen.current) setRange(alarmHistoryRange(Date.now(), live.dataTime(Date.now()), days));
    wasOpen.current = connection === 'open';
  }, [connection, days, live]);

  useEffect(() => {
    let cancelled = false;
    // Pushes that come while the load is under way are kept and folded into its answer.
    const early: Parameters<typeof withLiveChange>[1][] = [];
    let loaded = false;
    const off = api.subscribe('alarm:changed', (change) => {
      if (!loaded) early.push(change);
      else setData((trail) => (trail === null ? trail : withLiveChange(trail, change)));
    });
    api.request('alarms:history', { from: range.from, to: range.to, limit: MAX_AUDIT_EVENTS }).then(
      (result) => {
        if (cancelled) return;
        loaded = true;
        setData(early.reduce(withLiveChange, result as AuditTrail));
        setError(null);
      },
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [api, range]);
  return { data, error, range };
}
