import L from 'leaflet';
import Supercluster from 'supercluster';
import type { StationLook } from './station-status';
import { clusterStatusLabel, worstClusterStatus } from './cluster-status';

/**
 * Markers closer than this (screen pixels) join a cluster: a little wider than the largest icon the city
 * can need — an 18-px station marker or a cluster of up to 99 (26 px) in a small city, a cluster of hundreds
 * (36 px) in a large one — so nothing drawn covers another, and a small city's stations that merely sit
 * near each other stay apart.
 */
function clusterRadiusPx(placedStations: number): number {
  return placedStations < 100 ? 22 : 40;
}
/** Leaflet's tile size: supercluster's radius is in units of its `extent` (default 512) per tile. */
const TILE_PX = 256;
/** At this zoom and closer every station is shown on its own. */
const MAX_CLUSTER_ZOOM = 17;

interface StationPoint {
  readonly id: string;
}

/**
 * Clusters station markers that would overlap (supercluster over the placed stations). Stations in a
 * cluster have their own marker taken off the map (kept, with its handlers and focus wiring, for when the
 * cluster opens); each cluster is one marker showing the count and the worst status inside, and clicking
 * it or pressing Enter on it zooms in until it splits.
 */
export class StationClusters {
  private readonly index: Supercluster<StationPoint, object>;
  private readonly shown = new Map<number, { marker: L.Marker; key: string }>();

  constructor(
    private readonly map: L.Map,
    stations: readonly { readonly id: string; readonly lat: number; readonly lon: number }[],
  ) {
    this.index = new Supercluster<StationPoint, object>({ radius: clusterRadiusPx(stations.length), extent: TILE_PX, maxZoom: MAX_CLUSTER_ZOOM - 1 });
    this.index.load(stations.map((s) => ({ type: 'Feature', properties: { id: s.id }, geometry: { type: 'Point', coordinates: [s.lon, s.lat] } })));
  }

  /**
   * Shows the clusters of the current zoom and puts every unclustered station's marker on the map.
   * `markers` are the stations' own markers; `lookOf` their current look. Returns the stations whose
   * marker was put back (Leaflet gives it a new element). The whole world is clustered, not just the
   * view: a city's few thousand points take well under a millisecond, and panning needs no update.
   */
  update(markers: ReadonlyMap<string, L.Marker>, lookOf: (id: string) => StationLook | undefined): string[] {
    const map = this.map;
    const zoom = Math.floor(map.getZoom());
    const items = this.index.getClusters([-180, -85, 180, 85], zoom);
    const clustered = new Set<string>();
    const seen = new Set<number>();
    for (const item of items) {
      const props = item.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; id?: string };
      if (props.cluster !== true) continue;
      const id = props.cluster_id!;
      const leaves = this.index.getLeaves(id, Infinity).map((leaf) => leaf.properties.id);
      for (const leaf of leaves) clustered.add(leaf);
      const status = worstClusterStatus(leaves.map(lookOf).filter((l): l is StationLook => l !== undefined));
      const [lon, lat] = item.geometry.coordinates as [number, number];
      this.showCluster(id, lat, lon, leaves.length, status);
      seen.add(id);
    }
    for (const [id, entry] of this.shown) {
      if (seen.has(id)) continue;
      entry.marker.remove();
      this.shown.delete(id);
    }
    const added: string[] = [];
    for (const [stationId, marker] of markers) {
      const isOnMap = map.hasLayer(marker);
      if (clustered.has(stationId)) {
        if (isOnMap) marker.remove();
      } else if (!isOnMap) {
        marker.addTo(map);
        added.push(stationId);
      }
    }
    return added;
  }

  /** Removes every cluster marker (the stations' markers are the caller's). */
  remove(): void {
    for (const { marker } of this.shown.values()) marker.remove();
    this.shown.clear();
  }

  private showCluster(id: number, lat: number, lon: number, count: number, status: ReturnType<typeof worstClusterStatus>): void {
    const key = `${count}|${status}|${lat}|${lon}`;
    const existing = this.shown.get(id);
    if (existing?.key === key) return;
    existing?.marker.remove();
    const size = count < 10 ? 22 : count < 100 ? 26 : 36;
    const label = `${count} stations, ${clusterStatusLabel(status)} — press Enter or click to zoom in`;
    const icon = L.divIcon({ className: `cluster-marker cluster-${status}`, html: `<span>${count}</span>`, iconSize: [size, size] });
    const marker = L.marker([lat, lon], { icon, keyboard: true, title: label, riseOnHover: true, zIndexOffset: status.startsWith('alarm') ? 1000 : 0 });
    const open = (): void => {
      const zoom = Math.min(this.index.getClusterExpansionZoom(id), this.map.getMaxZoom());
      this.map.setView([lat, lon], zoom);
    };
    marker.on('click', open);
    marker.on('keypress', (e: L.LeafletKeyboardEvent) => {
      if (e.originalEvent.key === 'Enter') open();
    });
    marker.addTo(this.map);
    const el = marker.getElement();
    if (el !== undefined) {
      el.dataset.testid = 'station-cluster';
      el.dataset.status = status;
      el.dataset.count = String(count);
      el.setAttribute('aria-label', label);
    }
    this.shown.set(id, { marker, key });
  }
}
