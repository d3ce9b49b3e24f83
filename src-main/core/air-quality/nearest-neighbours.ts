/**
 * For every station, the nearest stations of its own type within a radius (the data-quality checks'
 * neighbours). Comparing every pair took ~3 s of the engine's start for a 2,000-station city and grows with
 * the square of the city. Here the stations are sorted by latitude and each one scans outwards from its own
 * place, stopping in each direction once the latitude difference alone puts a station farther than the
 * radius or than its k-th nearest so far: a great-circle distance is never less than the distance along the
 * meridian, R·|Δφ|, so nothing nearer is skipped. Same answer as comparing every pair, ties in registry order
 * (nearest-neighbours.test.ts).
 */
import { distanceKm } from './quality-flags';

const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

/** A placed station as the search needs it. */
export interface NeighbourSite {
  readonly id: string;
  readonly type: string;
  readonly latitude: number;
  readonly longitude: number;
}

/** Station id → ids of its nearest same-type stations within `radiusKm`, nearest first, at most `k`. */
export function nearestNeighbours(sites: readonly NeighbourSite[], radiusKm: number, k: number): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  if (!(k > 0)) {
    for (const site of sites) out.set(site.id, []);
    return out;
  }
  const byType = new Map<string, number[]>();
  sites.forEach((site, i) => {
    const list = byType.get(site.type);
    if (list === undefined) byType.set(site.type, [i]);
    else list.push(i);
  });
  for (const members of byType.values()) {
    // Registry order breaks ties, as a stable sort of every pair would.
    const order = [...members].sort((a, b) => sites[a]!.latitude - sites[b]!.latitude || a - b);
    for (let at = 0; at < order.length; at++) {
      const self = sites[order[at]!]!;
      const best = new NearestList(k);
      for (const step of [-1, 1]) {
        for (let j = at + step; j >= 0 && j < order.length; j += step) {
          const index = order[j]!;
          const other = sites[index]!;
          const floorKm = EARTH_RADIUS_KM * Math.abs(other.latitude - self.latitude) * RAD;
          if (floorKm > radiusKm || floorKm > best.worstKm()) break;
          const km = distanceKm(self, other);
          if (km <= radiusKm) best.offer(km, index);
        }
      }
      out.set(self.id, best.indices().map((i) => sites[i]!.id));
    }
  }
  return out;
}

/** The k nearest offered so far, ordered by distance, then registry index. */
class NearestList {
  private readonly km: number[] = [];
  private readonly index: number[] = [];

  constructor(private readonly k: number) {}

  /** The k-th nearest distance so far; Infinity until there are k. */
  worstKm(): number {
    return this.km.length < this.k ? Number.POSITIVE_INFINITY : this.km[this.km.length - 1]!;
  }

  offer(km: number, index: number): void {
    let at = this.km.length;
    while (at > 0 && (this.km[at - 1]! > km || (this.km[at - 1] === km && this.index[at - 1]! > index))) at--;
    if (at >= this.k) return;
    this.km.splice(at, 0, km);
    this.index.splice(at, 0, index);
    if (this.km.length > this.k) {
      this.km.pop();
      this.index.pop();
    }
  }

  indices(): readonly number[] {
    return this.index;
  }
}
