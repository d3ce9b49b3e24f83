import { useCallback, useEffect, useState } from 'react';
import type { RequestResult } from '../../src-shared/ipc/contract';
import { useSession } from '../app-context';
import { alarmHistoryRange } from './alarm-history-range';
import type { AlarmHistoryRange } from './alarm-history-range';

/** The last 7 days of alarms and their audit trail from the store. */
export const HISTORY_DAYS = 7;

/** Load alarms:history for the last `days` of both the wall and the data clock; `reload` fetches again. */
export function useAlarmHistory(days = HISTORY_DAYS): { data: RequestResult<'alarms:history'> | null; error: string | null; range: AlarmHistoryRange; reload: () => void } {
  const { api, live } = useSession();
  const [range, setRange] = useState(() => alarmHistoryRange(Date.now(), live.dataTime(Date.now()), days));
  const [data, setData] = useState<RequestResult<'alarms:history'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    api.request('alarms:history', { from: range.from, to: range.to, limit: 10_000 }).then(
      (result) => !cancelled && (setData(result), setError(null)),
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, range]);
  const reload = useCallback(() => setRange(alarmHistoryRange(Date.now(), live.dataTime(Date.now()), days)), [days, live]);
  return { data, error, range, reload };
}
