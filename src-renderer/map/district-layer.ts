import L from 'leaflet';
import type { FeatureCollection } from 'geojson';
import districtsText from '../../resources/map/districts.geojson?raw';

/**
 * The offline base layer: district outlines of the default simulated city, bundled into the app so
 * the map works with no network. Labels are permanent tooltips in the muted text colour.
 */
export function addDistrictLayer(map: L.Map): L.GeoJSON {
  const data = JSON.parse(districtsText) as FeatureCollection;
  return L.geoJSON(data, {
    style: () => ({ className: 'district', weight: 1, fillOpacity: 1 }),
    interactive: false,
    onEachFeature: (feature, layer) => {
      const name = (feature.properties as { name?: string } | null)?.name;
      if (name !== undefined) layer.bindTooltip(name, { permanent: true, direction: 'center', className: 'district-label' });
    },
  }).addTo(map);
}
