import { useState } from 'react';
import { useObservable, useSession } from '../app-context';
import { outOfServiceFor } from '../data/out-of-service';
import { staleAfterMs } from '../map/stale-after';
import { formatAge } from '../map/station-status';
import { whySilent } from './silence-reason';
import { ServiceToggle } from './service-toggle';

/** "Why is station X silent?": pick a station, read the likely causes, put it out of service or back. */
export function SilentStation() {
  const session = useSession();
  const stations = useObservable(session.stations);
  const status = useObservable(session.status);
  const alarms = useObservable(session.alarms.all);
  const rules = useObservable(session.rules);
  const oos = useObservable(session.outOfService);
  const [stationId, setStationId] = useState('');
  const now = Date.now();
  const latest = session.live.latest.get(stationId);
  const stationOos = outOfServiceFor(oos, stationId);
  const answer = stationId === '' ? null : whySilent(stationId, latest, status, alarms, stationOos, staleAfterMs(rules), now);
  return (
    <section className="panel" aria-label="Why is a station silent" data-testid="silent-station">
      <h3>Why is a station silent?</h3>
      <select aria-label="Station" value={stationId} onChange={(e) => setStationId(e.target.value)} data-testid="silent-station-pick">
        <option value="">Pick a station…</option>
        {stations.map((s) => (
          <option key={s.id} value={s.id}>
            {s.id} – {s.name}
          </option>
        ))}
      </select>
      {answer !== null && (
        <div data-testid="silent-answer">
          <p>
            Last seen: <strong>{formatAge(latest, now)}</strong> · {answer.isSilent ? 'silent' : 'reporting'}
          </p>
          <ul className="plain-list">{answer.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
          <ServiceToggle key={stationId} stationId={stationId} isOutOfService={stationOos.includes(null)} />
        </div>
      )}
    </section>
  );
}
