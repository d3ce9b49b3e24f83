import { useState } from 'react';
import type { Station } from '../../src-shared/domain/station';
import { StationImport } from './station-import';
import { unplacedStations } from './station-status';

/**
 * Stations seen in data but without coordinates, so the operator knows the map is incomplete, with the
 * station file import that places them. After an import from here the box stays (with its outcome and
 * any unreadable rows) even when nothing is left unplaced, until dismissed.
 */
export function UnplacedList(props: { readonly stations: readonly Station[] }) {
  const unplaced = unplacedStations(props.stations);
  const [keepOpen, setKeepOpen] = useState(false);
  if (unplaced.length === 0 && !keepOpen) return null;
  return (
    <details className="unplaced" data-testid="unplaced-stations" data-count={unplaced.length} open={keepOpen || undefined}>
      <summary>{unplaced.length === 0 ? 'All stations placed' : `${unplaced.length} unplaced station${unplaced.length === 1 ? '' : 's'}`}</summary>
      <ul>
        {unplaced.map((s) => (
          <li key={s.id} data-testid={`unplaced-${s.id}`}>
            {s.id} {s.name !== s.id && `– ${s.name}`}
          </li>
        ))}
      </ul>
      <StationImport onImported={() => setKeepOpen(true)} />
      {keepOpen && (
        <button type="button" className="link-button" onClick={() => setKeepOpen(false)} data-testid="unplaced-dismiss">
          Close
        </button>
      )}
    </details>
  );
}
