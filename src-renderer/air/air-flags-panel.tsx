import { useObservable, useSession } from '../app-context';
import { formatTime } from '../time/control-room-time';
import { FLAG_KIND_NAME, pollutantName } from './air-index-store';

/**
 * The automatic data-quality flags in force (issue 18), for the health page: per station and pollutant
 * what was found, since when, the reason in plain words, and whether the hours are left out of the index
 * and the live compliance counting or only shown.
 */
export function AirFlagsPanel() {
  const flags = useObservable(useSession().live.air.flags);
  return (
    <section className="panel" aria-label="Air-quality data flags" data-testid="health-air-flags">
      <h3>Air-quality data flags</h3>
      {flags.length === 0 ? (
        <p className="empty">No pollutant hour is flagged: every station's latest hour passed the range, stuck, spike and neighbour checks.</p>
      ) : (
        <table className="data-table">
          <thead><tr><th>Station</th><th>Pollutant</th><th>Flag</th><th>Since</th><th className="num">Hours</th><th>Counted</th><th>Why</th></tr></thead>
          <tbody>
            {flags.map((f) => (
              <tr key={`${f.stationId}:${f.pollutant}`} data-testid="air-flag-row" data-station={f.stationId} data-kind={f.kind}>
                <td>{f.stationId}</td>
                <td>{pollutantName(f.pollutant)}</td>
                <td className={f.isExcluded ? 'abnormal' : ''}>{FLAG_KIND_NAME[f.kind]}</td>
                <td className="mono">{formatTime(f.sinceMs)}</td>
                <td className="num">{f.hours}</td>
                <td>{f.isExcluded ? 'left out' : 'counted'}</td>
                <td>{f.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">Left-out hours count as missing in the index, the live compliance figures and the threshold alarms; a short disagreement with the neighbours is shown but counted, since it may be a real local event.</p>
    </section>
  );
}
