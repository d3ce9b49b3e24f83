import { useObservable, useSession } from '../app-context';
import { StationImport } from '../map/station-import';
import { DistrictImport } from '../map/district-import';
import { unplacedStations } from '../map/station-status';

/** The station registry at a glance (how many, how many the map cannot place) and the station file import. */
export function StationRegistry() {
  const stations = useObservable(useSession().stations);
  const unplaced = unplacedStations(stations).length;
  return (
    <section className="panel" aria-label="Station registry" data-testid="station-registry">
      <h3>Station registry</h3>
      <p data-testid="station-registry-counts" data-stations={stations.length} data-unplaced={unplaced}>
        {stations.length} stations · {unplaced === 0 ? 'all placed on the map' : `${unplaced} without coordinates (unplaced)`}
      </p>
      <p className="hint">CSV with id,name,district,lat,lon or a GeoJSON FeatureCollection of Points; known ids are updated.</p>
      <StationImport />
      <p className="hint">Districts: a GeoJSON FeatureCollection of Polygon/MultiPolygon features with a name property; they replace the demo ring on the map.</p>
      <DistrictImport />
    </section>
  );
}
