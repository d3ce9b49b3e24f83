import { useObservable, useSession } from '../app-context';
import { metricInfo } from '../../src-shared/domain/metrics';
import { useNow } from '../shell/use-now';
import { pendingId } from '../data/pending-store';
import { breachText, countdownText, isPendingShown, secondsUntilDue } from './pending-text';
import type { AlarmFilter } from './alarm-sort';

/** How often the countdown re-renders (wall ms); the data clock may run faster (a sped-up simulator). */
const COUNTDOWN_EVERY_MS = 500;

/**
 * Conditions breached and waiting out their rule's pending time, above the alarm list: an operator sees
 * the alarm coming, with a live countdown to the moment it will be raised if the breach holds. The engine
 * lists them in every frame; a row ends when the alarm is raised or the value falls back.
 */
export function PendingRows(props: { readonly compact: boolean; readonly filter: AlarmFilter }) {
  const session = useSession();
  const { conditions, total } = useObservable(session.live.pending.view);
  const alarms = useObservable(session.alarms.all);
  const stations = useObservable(session.stations);
  // Lost contact: the engine can no longer say what still holds, so no countdown is claimed.
  const isStale = useObservable(session.connectionLostAt) !== null;
  const now = useNow(COUNTDOWN_EVERY_MS);
  if (conditions.length === 0) return null;
  const dataNow = session.live.dataTime(now);
  const byId = new Map(stations.map((s) => [s.id, s]));
  const names = new Map(stations.map((s) => [s.id, s.name]));
  // An alarm raised between two frames is shown once, as the alarm; the list's filter applies as to the alarms.
  const active = new Set(alarms.filter((a) => a.isActive).map((a) => a.id));
  const shown = conditions.filter((c) => !active.has(pendingId(c)) && isPendingShown(c, byId.get(c.stationId), props.filter));
  if (shown.length === 0) return null;
  return (
    <section className="pending-rows" aria-label="Pending conditions" data-testid="pending-rows" data-stale={isStale}>
      <table className="alarm-table pending-table">
        <caption>
          Pending: breached, alarm raised if it holds{total > conditions.length ? ` (soonest ${conditions.length} of ${total})` : ''}
          {isStale && ' — not live: connection to the server lost'}
        </caption>
        <tbody>
          {shown.map((c) => (
            <tr key={pendingId(c)} className="pending-row" data-testid={`pending-row-${pendingId(c)}`} data-severity={c.severity}>
              <td>
                <span className={`priority pending-priority pending-${c.severity}`}>
                  <span aria-hidden="true">◌</span> Pending {c.severity}
                </span>
              </td>
              <td className="num pending-countdown" data-testid="pending-countdown" data-seconds={secondsUntilDue(c, dataNow)}>
                {isStale ? 'not live' : countdownText(c, dataNow)}
              </td>
              <td>
                <span className="mono">{c.stationId}</span>
                {!props.compact && names.get(c.stationId) !== undefined && <span className="pending-station-name"> {names.get(c.stationId)}</span>}
              </td>
              <td>
                {metricInfo(c.metric).label} <span className="pending-statistic">{breachText(c)}</span>
              </td>
              {!props.compact && <td className="message">{c.ruleName}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
