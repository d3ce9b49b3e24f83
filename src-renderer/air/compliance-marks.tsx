import type { QualityInvalidation } from '../../src-shared/domain/air-quality';
import type { StationwatchApi } from '../../src-shared/ipc/contract';
import { formatDateTime, instantOfWallClock } from '../time/control-room-time';
import { isPollutant, pollutantName } from './air-index-store';
import { RevokeMark } from './revoke-mark';

/** The standing invalid marks of local year `year` in `zone` on pollutants: what the page lists and the report prints. */
export async function yearMarks(api: StationwatchApi, year: number, zone: string): Promise<readonly QualityInvalidation[]> {
  const from = instantOfWallClock(`${String(year).padStart(4, '0')}-01-01T00:00`, zone);
  const to = instantOfWallClock(`${String(year + 1).padStart(4, '0')}-01-01T00:00`, zone);
  if (from === null || to === null) return [];
  const list = await api.request('quality:invalidations', { stationId: null, metric: null, from: Math.max(0, from), to });
  return list.filter((i) => isPollutant(i.metric));
}

/**
 * Under the Compliance table: the periods of the year operators marked invalid (they count neither as
 * exceedance nor as compliance), each with who marked it and a Revoke action.
 */
export function ComplianceMarks({ year, marks, onRevoked }: { readonly year: number; readonly marks: readonly QualityInvalidation[]; readonly onRevoked: () => void }) {
  return (
    <section className="compliance-marks" aria-label="Periods marked invalid" data-testid="compliance-marks">
      <h3>Periods marked invalid in {year} ({marks.length})</h3>
      {marks.length === 0 ? (
        <p className="hint">No period of a pollutant is marked invalid this year. Mark one under the History chart.</p>
      ) : (
        <ul>
          {marks.map((i) => (
            <li key={i.id} className="invalid-period" data-testid="compliance-mark" data-station={i.stationId} data-metric={i.metric}>
              <strong>{i.stationId}</strong> {pollutantName(i.metric)} {formatDateTime(i.fromMs)} – {formatDateTime(i.toMs)}: {i.reason} <span className="hint">(marked by {i.by}, {formatDateTime(i.at)})</span>{' '}
              <RevokeMark invalidation={i} onRevoked={onRevoked} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
