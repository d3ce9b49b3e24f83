import { useCallback, useEffect, useState } from 'react';
import type { RequestResult } from '../../src-shared/ipc/contract';
import { useSession } from '../app-context';

/** The last 7 days of alarms and their audit trail from the store. */
export const HISTORY_DAYS = 7;

/** Load alarms:history for the last `days`; `reload` fetches again. */
export function useAlarmHistory(days = HISTORY_DAYS): { data: RequestResult<'alarms:history'> | null; error: string | null; from: number; to: number; reload: () => void } {
  const { api } = useSession();
  const [range, setRange] = useState(() => ({ to: Date.now(), from: Date.now() - days * 86_400_000 }));
  const [data, setData] = useState<RequestResult<'alarms:history'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    api.request('alarms:history', { from: Math.floor(range.from), to: Math.ceil(range.to), limit: 10_000 }).then(
      (result) => !cancelled && (setData(result), setError(null)),
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, range]);
  const reload = useCallback(() => setRange({ to: Date.now(), from: Date.now() - days * 86_400_000 }), [days]);
  return { data, error, from: range.from, to: range.to, reload };
}
