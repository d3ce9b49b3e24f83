import Supercluster from 'supercluster';

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
export const MAX_CLUSTER_ZOOM = 17;

interface StationPoint {
  readonly id: string;
}

/** One cluster at one zoom: where it is drawn and the stations inside it. */
export interface ClusterAtZoom {
  readonly id: number;
  readonly lat: number;
  readonly lon: number;
  readonly leaves: readonly string[];
}

/** Every cluster of one zoom level, and the set of stations they hold. */
export interface ZoomClusters {
  readonly list: readonly ClusterAtZoom[];
  readonly clustered: ReadonlySet<string>;
}

/**
 * Which stations cluster together at each zoom (supercluster over the placed stations, the whole world).
 * The stations are fixed for the index's life, so each zoom's answer is worked out once and kept: the
 * map asks every second, and walking every cluster's leaves again each time was most of a refresh at
 * thousands of stations.
 */
export class StationClusterIndex {
  private readonly index: Supercluster<StationPoint, object>;
  private readonly byZoom = new Map<number, ZoomClusters>();

  constructor(stations: readonly { readonly id: string; readonly lat: number; readonly lon: number }[]) {
    this.index = new Supercluster<StationPoint, object>({ radius: clusterRadiusPx(stations.length), extent: TILE_PX, maxZoom: MAX_CLUSTER_ZOOM - 1 });
    this.index.load(stations.map((s) => ({ type: 'Feature', properties: { id: s.id }, geometry: { type: 'Point', coordinates: [s.lon, s.lat] } })));
  }

  /** The clusters of an integer zoom level and the stations inside them. */
  at(zoom: number): ZoomClusters {
    const cached = this.byZoom.get(zoom);
    if (cached !== undefined) return cached;
    const list: ClusterAtZoom[] = [];
    const clustered = new Set<string>();
    for (const item of this.index.getClusters([-180, -85, 180, 85], zoom)) {
      const props = item.properties as { cluster?: boolean; cluster_id?: number };
      if (props.cluster !== true) continue;
      const id = props.cluster_id!;
      const leaves = this.index.getLeaves(id, Infinity).map((leaf) => leaf.properties.id);
      for (const leaf of leaves) clustered.add(leaf);
      const [lon, lat] = item.geometry.coordinates as [number, number];
      list.push({ id, lat, lon, leaves });
    }
    const atZoom = { list, clustered };
    this.byZoom.set(zoom, atZoom);
    return atZoom;
  }

  /** The zoom at which a cluster splits. */
  expansionZoom(clusterId: number): number {
    return this.index.getClusterExpansionZoom(clusterId);
  }
}
