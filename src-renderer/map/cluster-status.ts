import type { StationLook } from './station-status';

/**
 * What a cluster of stations shows: the worst status inside it. Order: alarm (critical over warning) >
 * pending (critical over warning) > stale > normal > out of service (deliberately silenced, so it never
 * hides a normal station's "all clear").
 */
export type ClusterStatus = 'alarm-critical' | 'alarm-warning' | 'pending-critical' | 'pending-warning' | 'stale' | 'normal' | 'out-of-service';

const RANK: Readonly<Record<ClusterStatus, number>> = { 'out-of-service': 0, normal: 1, stale: 2, 'pending-warning': 3, 'pending-critical': 4, 'alarm-warning': 5, 'alarm-critical': 6 };

/** The status one station contributes to its cluster. */
export function stationClusterStatus(look: StationLook): ClusterStatus {
  if (look.isOutOfService) return 'out-of-service';
  if (look.severity !== null) return `alarm-${look.severity}`;
  if (look.pending !== null) return `pending-${look.pending}`;
  return look.isStale ? 'stale' : 'normal';
}

/** The worst status of the stations in a cluster; 'normal' for an empty one. */
export function worstClusterStatus(looks: Iterable<StationLook>): ClusterStatus {
  let worst: ClusterStatus | null = null;
  for (const look of looks) {
    const status = stationClusterStatus(look);
    if (worst === null || RANK[status] > RANK[worst]) worst = status;
  }
  return worst ?? 'normal';
}

/** Words for a cluster, so colour is never the only signal. */
export function clusterStatusLabel(status: ClusterStatus): string {
  switch (status) {
    case 'alarm-critical':
      return 'critical alarm inside';
    case 'alarm-warning':
      return 'warning inside';
    case 'pending-critical':
      return 'pending critical inside';
    case 'pending-warning':
      return 'pending warning inside';
    case 'stale':
      return 'stale data inside';
    case 'normal':
      return 'all normal';
    case 'out-of-service':
      return 'all out of service';
  }
}
