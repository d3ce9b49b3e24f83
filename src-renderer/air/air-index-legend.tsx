import { useObservable, useSession } from '../app-context';
import { legendBands } from './air-index-store';

/** The map's legend of air-quality bands: each band the stations are in now, its colour and how many stations. */
export function AirIndexLegend() {
  const session = useSession();
  const indices = useObservable(session.live.air.byStation);
  const bands = legendBands(indices.values());
  if (bands.length === 0) return null;
  const title = bands[0]?.index === 'epa' ? 'US AQI (NowCast)' : 'European Air Quality Index';
  return (
    <div className="air-legend" data-testid="air-legend" aria-label={`${title} legend`}>
      <strong>{title}</strong>
      <ul>
        {bands.map((b) => (
          <li key={b.band} data-testid="air-legend-band">
            <span className="air-swatch" style={{ background: b.colour }} aria-hidden="true" />
            {b.band} · {b.stations} {b.stations === 1 ? 'station' : 'stations'}
          </li>
        ))}
      </ul>
    </div>
  );
}
