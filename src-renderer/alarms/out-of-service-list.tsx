import { useObservable, useSession } from '../app-context';
import { outOfServiceLabel, sortOutOfService } from '../data/out-of-service';

/**
 * What the engine has out of service (stations, or single metrics), read with stations:outOfService on
 * every (re)connect and after every change, so it survives reloads and matches other windows.
 * Collapsed to one line; nothing is shown when nothing is out of service.
 */
export function OutOfServiceList() {
  const session = useSession();
  const entries = sortOutOfService(useObservable(session.outOfService));
  if (entries.length === 0) return null;
  return (
    <details className="out-of-service" data-testid="out-of-service-list">
      <summary>
        <span aria-hidden="true">⊘ </span>
        {entries.length} out of service
      </summary>
      <ul className="plain-list">
        {entries.map((e) => (
          <li key={outOfServiceLabel(e)} data-testid={`oos-${e.stationId}${e.metric === null ? '' : `-${e.metric}`}`}>
            {outOfServiceLabel(e)}
            {e.metric === null ? ' (whole station)' : ''}
          </li>
        ))}
      </ul>
    </details>
  );
}
