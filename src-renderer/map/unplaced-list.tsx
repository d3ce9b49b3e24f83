import type { Station } from '../../src-shared/domain/station';
import { unplacedStations } from './station-status';

/** Stations seen in data but without coordinates, so the operator knows the map is incomplete. */
export function UnplacedList(props: { readonly stations: readonly Station[] }) {
  const unplaced = unplacedStations(props.stations);
  if (unplaced.length === 0) return null;
  return (
    <details className="unplaced" data-testid="unplaced-stations">
      <summary>{unplaced.length} unplaced station{unplaced.length === 1 ? '' : 's'}</summary>
      <ul>
        {unplaced.map((s) => (
          <li key={s.id}>
            {s.id} {s.name !== s.id && `– ${s.name}`}
          </li>
        ))}
      </ul>
    </details>
  );
}
