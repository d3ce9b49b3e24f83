import { useEffect, useMemo, useState } from 'react';
import type { NotificationDelivery } from '../../src-shared/ipc/contract';
import type { Rule } from '../../src-shared/domain/rules';
import type { Station } from '../../src-shared/domain/station';
import { activeProfile } from '../../src-shared/settings/schema';
import { useObservable, useSession } from '../app-context';
import { formatDateTime } from '../time/control-room-time';
import { deliveryRows, NO_DELIVERY_FILTER, outcomeLabel } from './delivery-rows';
import type { DeliveryFilter } from './delivery-rows';

/** How often the open log asks again: deliveries happen in the engine, with no event of their own. */
const REFRESH_MS = 2_000;

/**
 * The escalation delivery log: every message sent (or being sent, or given up on) to a channel for an
 * unacknowledged alarm, with its step, attempts, outcome and last error; filterable by outcome, channel and text.
 */
export function DeliveryLog() {
  const session = useSession();
  const settings = useObservable(session.settings);
  const rules = useObservable(session.rules);
  const stations = useObservable(session.stations);
  const [deliveries, setDeliveries] = useState<readonly NotificationDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<DeliveryFilter>(NO_DELIVERY_FILTER);
  useEffect(() => {
    let cancelled = false;
    const load = (): void => {
      session.api.request('notify:deliveries', { limit: 1000 }).then(
        (list) => !cancelled && (setDeliveries(list), setError(null)),
        (err: unknown) => !cancelled && setError(`The delivery log could not be read: ${err instanceof Error ? err.message : String(err)}`),
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [session.api]);
  const escalation = settings === null ? undefined : activeProfile(settings.settings).escalation;
  const names = useMemo(
    () => ({ rules: new Map<string, Rule>(rules.map((r) => [r.id, r])), stations: new Map<string, Station>(stations.map((s) => [s.id, s])), escalation }),
    [rules, stations, escalation],
  );
  const rows = deliveryRows(deliveries ?? [], filter, names);
  return (
    <section className="panel delivery-log" aria-label="Escalation deliveries" data-testid="delivery-log">
      <div className="filter-bar">
        <input type="search" placeholder="Filter alarm, station, channel, error…" aria-label="Filter deliveries" value={filter.text} data-testid="delivery-filter-text" onChange={(e) => setFilter({ ...filter, text: e.target.value })} />
        <select aria-label="Outcome" value={filter.outcome} data-testid="delivery-filter-outcome" onChange={(e) => setFilter({ ...filter, outcome: e.target.value as DeliveryFilter['outcome'] })}>
          <option value="all">Every outcome</option>
          <option value="delivered">Delivered</option>
          <option value="failed">Failed</option>
          <option value="sending">Sending</option>
        </select>
        <select aria-label="Channel" value={filter.channelId} data-testid="delivery-filter-channel" onChange={(e) => setFilter({ ...filter, channelId: e.target.value })}>
          <option value="all">Every channel</option>
          {(escalation?.channels ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
        <span className="count" data-testid="delivery-count">{rows.length} of {deliveries?.length ?? 0} deliveries</span>
      </div>
      {error !== null && <p className="form-error" role="alert">{error}</p>}
      <div className="scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Alarm</th>
              <th>Station</th>
              <th>Policy, step</th>
              <th>Channel</th>
              <th className="num">Attempts</th>
              <th>Outcome</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ delivery: d, ruleName, stationName, channelName, policyName }) => (
              <tr key={d.key} data-testid="delivery-row" data-alarm-id={d.alarmId} data-channel-id={d.channelId} data-step={d.step} data-status={d.status}>
                <td className="mono"><time dateTime={new Date(d.createdAt).toISOString()}>{formatDateTime(d.createdAt)}</time></td>
                <td title={d.alarmId}>{ruleName}</td>
                <td>{stationName}</td>
                <td>{policyName}, step {d.step}</td>
                <td data-testid="delivery-channel">{channelName}</td>
                <td className="num" data-testid="delivery-attempts">{d.attempts}</td>
                <td data-testid="delivery-outcome" className={d.status === 'failed' ? 'outcome-failed' : d.status === 'delivered' ? 'outcome-delivered' : undefined}>{outcomeLabel(d.status)}</td>
                <td data-testid="delivery-error">{d.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {deliveries !== null && rows.length === 0 && (
          <p className="empty" data-testid="delivery-empty">{deliveries.length === 0 ? 'Nothing escalated yet: no unacknowledged alarm has reached a policy step.' : 'No delivery matches the filter.'}</p>
        )}
      </div>
    </section>
  );
}
