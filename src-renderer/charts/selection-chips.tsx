import { useObservable, useSession } from '../app-context';
import { themeColours } from './chart-options';

/** The stations drawn as lines, each with its line colour and a remove button. */
export function SelectionChips() {
  const session = useSession();
  const selection = useObservable(session.selection);
  if (selection.length === 0) return <span className="hint">City mean with its 5th–95th percentile band (min–max fainter). Click a station on the map to add its line.</span>;
  const colours = themeColours().stations;
  return (
    <ul className="chips" aria-label="Selected stations" data-testid="selected-stations">
      {selection.map((id, i) => (
        <li key={id} className="chip">
          <span className="chip-swatch" style={{ background: colours[i % colours.length] }} aria-hidden="true" />
          {id}
          <button type="button" className="chip-remove" aria-label={`Remove ${id} from charts`} onClick={() => session.toggleStation(id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
