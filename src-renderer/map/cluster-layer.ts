import L from 'leaflet';
import type { StationLook } from './station-status';
import { clusterStatusLabel, worstClusterStatus } from './cluster-status';
import { StationClusterIndex } from './cluster-index';

/**
 * Clusters station markers that would overlap (supercluster over the placed stations). Stations in a
 * cluster have their own marker taken off the map (kept, with its handlers and focus wiring, for when the
 * cluster opens); each cluster is one marker showing the count and the worst status inside, and clicking
 * it or pressing Enter on it zooms in until it splits.
 */
export class StationClusters {
  private readonly index: StationClusterIndex;
  private readonly shown = new Map<number, { marker: L.Marker; key: string }>();
  /** The zoom and marker count the station markers were last placed for (NaN: never). */
  private placedZoom = Number.NaN;
  private placedMarkers = 0;
  /** Between Leaflet's zoomstart and zoomend: a zoom asked for now would be dropped (see openCluster). */
  private isZooming = false;
  /** The cluster opening asked for during a zoom, run when it ends (the latest ask wins). */
  private openAfterZoom: (() => void) | null = null;
  private readonly onZoomStart = (): void => {
    this.isZooming = true;
  };
  private readonly onZoomEnd = (): void => {
    this.isZooming = false;
    const open = this.openAfterZoom;
    this.openAfterZoom = null;
    open?.();
  };

  constructor(
    private readonly map: L.Map,
    stations: readonly { readonly id: string; readonly lat: number; readonly lon: number }[],
  ) {
    this.index = new StationClusterIndex(stations);
    map.on('zoomstart', this.onZoomStart);
    map.on('zoomend', this.onZoomEnd);
  }

  /**
   * Shows the clusters of the current zoom and puts every unclustered station's marker on the map.
   * `markers` are the stations' own markers; `lookOf` their current look. Returns the stations whose
   * marker was put back (Leaflet gives it a new element). The whole world is clustered, not just the
   * view, so panning needs no update; which stations each zoom clusters is kept per zoom
   * (cluster-index.ts), so a refresh only re-ranks each cluster's looks, redraws a cluster whose count or
   * worst status changed, and moves station markers only when the zoom changed.
   */
  update(markers: ReadonlyMap<string, L.Marker>, lookOf: (id: string) => StationLook | undefined): string[] {
    const zoom = Math.floor(this.map.getZoom());
    const clusters = this.index.at(zoom);
    const seen = new Set<number>();
    const looks: StationLook[] = [];
    for (const cluster of clusters.list) {
      looks.length = 0;
      for (const leaf of cluster.leaves) {
        const look = lookOf(leaf);
        if (look !== undefined) looks.push(look);
      }
      this.showCluster(cluster.id, cluster.lat, cluster.lon, cluster.leaves.length, worstClusterStatus(looks));
      seen.add(cluster.id);
    }
    for (const [id, entry] of this.shown) {
      if (seen.has(id)) continue;
      entry.marker.remove();
      this.shown.delete(id);
    }
    // Station markers move on or off the map only when the zoom changed or markers were added since.
    if (zoom === this.placedZoom && markers.size === this.placedMarkers) return [];
    this.placedZoom = zoom;
    this.placedMarkers = markers.size;
    const added: string[] = [];
    for (const [stationId, marker] of markers) {
      const isOnMap = this.map.hasLayer(marker);
      if (clusters.clustered.has(stationId)) {
        if (isOnMap) marker.remove();
      } else if (!isOnMap) {
        marker.addTo(this.map);
        added.push(stationId);
      }
    }
    return added;
  }

  /** Removes every cluster marker (the stations' markers are the caller's) and stops following the zoom. */
  remove(): void {
    for (const { marker } of this.shown.values()) marker.remove();
    this.shown.clear();
    this.map.off('zoomstart', this.onZoomStart);
    this.map.off('zoomend', this.onZoomEnd);
    this.openAfterZoom = null;
  }

  /**
   * Zooms in on a cluster until it splits. Leaflet silently drops a zoom asked for while another one is
   * still animating (Map._tryAnimatedZoom returns early), and the clusters of the new zoom are drawn before
   * that animation ends — a click on one of them then did nothing. Such a click waits for the zoom's end.
   */
  private openCluster(id: number, lat: number, lon: number): void {
    const zoomIn = (): void => {
      this.map.setView([lat, lon], Math.min(this.index.expansionZoom(id), this.map.getMaxZoom()));
    };
    if (this.isZooming) this.openAfterZoom = zoomIn;
    else zoomIn();
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
      this.openCluster(id, lat, lon);
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
