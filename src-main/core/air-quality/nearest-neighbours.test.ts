import { describe, expect, it } from 'vitest';
import { nearestNeighbours, type NeighbourSite } from './nearest-neighbours';
import { distanceKm } from './quality-flags';
import { seededRandom } from './compliance-reference.test-support';

/** The reference: every pair compared, a stable sort by distance (ties in registry order). */
function everyPair(sites: readonly NeighbourSite[], radiusKm: number, k: number): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const site of sites) {
    const near = sites
      .filter((o) => o.id !== site.id && o.type === site.type)
      .map((o) => ({ id: o.id, km: distanceKm(site, o) }))
      .filter((o) => o.km <= radiusKm)
      .sort((a, b) => a.km - b.km)
      .slice(0, k);
    out.set(site.id, near.map((o) => o.id));
  }
  return out;
}

const TYPES = ['traffic', 'urban-background', 'industrial'];

function city(seed: number, count: number, spanDeg: number, latitude: number): NeighbourSite[] {
  const next = seededRandom(seed);
  const sites: NeighbourSite[] = [];
  for (let i = 0; i < count; i++) {
    // Every seventh station shares the place of an earlier one: equal distances, where the order of ties shows.
    const twin = i % 7 === 6 ? sites[Math.floor(next() * sites.length)] : undefined;
    sites.push({
      id: `s${i}`,
      type: TYPES[Math.floor(next() * TYPES.length)]!,
      latitude: twin?.latitude ?? latitude + (next() - 0.5) * spanDeg,
      longitude: twin?.longitude ?? 10 + (next() - 0.5) * spanDeg,
    });
  }
  return sites;
}

describe('nearestNeighbours', () => {
  it('gives what comparing every pair gives: cities dense and sparse, near the equator and far north, radius and k varied', () => {
    const cases = [
      { seed: 1, count: 300, spanDeg: 0.3, latitude: 52, radiusKm: 20, k: 8 },
      { seed: 2, count: 300, spanDeg: 2, latitude: 52, radiusKm: 20, k: 8 },
      { seed: 3, count: 200, spanDeg: 1, latitude: 0.2, radiusKm: 5, k: 3 },
      { seed: 4, count: 200, spanDeg: 1, latitude: 78, radiusKm: 30, k: 12 },
      { seed: 5, count: 150, spanDeg: 0.05, latitude: -34, radiusKm: 1, k: 1 },
      { seed: 6, count: 120, spanDeg: 5, latitude: 45, radiusKm: 50, k: 0 },
    ];
    for (const c of cases) {
      const sites = city(c.seed, c.count, c.spanDeg, c.latitude);
      expect(Object.fromEntries(nearestNeighbours(sites, c.radiusKm, c.k)), `seed ${c.seed}`).toEqual(Object.fromEntries(everyPair(sites, c.radiusKm, c.k)));
    }
  });

  it('answers for a station with no one of its type in reach with an empty list', () => {
    const sites: NeighbourSite[] = [
      { id: 'a', type: 'traffic', latitude: 52, longitude: 4 },
      { id: 'b', type: 'industrial', latitude: 52, longitude: 4.001 },
      { id: 'c', type: 'traffic', latitude: 53, longitude: 4 },
    ];
    expect(Object.fromEntries(nearestNeighbours(sites, 20, 8))).toEqual({ a: [], b: [], c: [] });
  });
});
