import L from 'leaflet';
import type { FeatureCollection } from 'geojson';
import { validateDistricts, type DistrictCollection } from '../../src-shared/map/districts';
import type { Station } from '../../src-shared/domain/station';
import districtsText from '../../resources/map/districts.geojson?raw';
import { districtLabelPosition } from './label-placement';

const LABEL_PANE = 'district-labels';
let builtIn: DistrictCollection | null | undefined;

/**
 * The district layer: the admin's imported districts (settings ui.districts), else the outlines of the
 * default simulated city bundled into the app so the map works with no network. Drawn translucent, so a
 * street basemap or tile server underneath stays readable. Each name is placed inside its district away
 * from the stations (label-placement.ts), in a pane below the markers, in the muted text colour: markers
 * stay off the labels, and where one still meets a label the marker is on top.
 */
export function addDistrictLayer(map: L.Map, districts: DistrictCollection | null, stations: readonly Pick<Station, 'lat' | 'lon'>[]): L.LayerGroup {
  if (builtIn === undefined) {
    const parsed = validateDistricts(JSON.parse(districtsText));
    builtIn = parsed.ok ? parsed.districts : null;
  }
  const data = districts ?? builtIn;
  if (map.getPane(LABEL_PANE) === undefined) {
    // Above the district outlines (overlayPane 400), below markers (600) and station tooltips (650).
    const pane = map.createPane(LABEL_PANE);
    pane.style.zIndex = '450';
    pane.style.pointerEvents = 'none';
  }
  const group = L.layerGroup().addTo(map);
  if (data === null) return group;
  L.geoJSON(data as unknown as FeatureCollection, { style: () => ({ className: 'district', weight: 1, fillOpacity: 0.25 }), interactive: false }).addTo(group);
  for (const feature of data.features) {
    const label = L.tooltip({ permanent: true, direction: 'center', className: 'district-label', pane: LABEL_PANE, interactive: false });
    label.setLatLng(districtLabelPosition(feature, stations) as [number, number]).setContent(feature.properties.name);
    group.addLayer(label);
  }
  return group;
}
