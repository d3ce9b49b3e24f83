import { describe, expect, it } from 'vitest';
import { MAX_CLUSTER_ZOOM, StationClusterIndex } from './cluster-index';

/** A city of `count` stations scattered over ~20 km, from a fixed seed (a small LCG, so runs repeat). */
function city(count: number): { id: string; lat: number; lon: number }[] {
  let seed = 17;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  return Array.from({ length: count }, (_, i) => ({ id: `st-${String(i + 1).padStart(4, '0')}`, lat: 52.3 + next() * 0.18, lon: 4.8 + next() * 0.3 }));
}

describe('StationClusterIndex', () => {
  const stations = city(2000);
  const index = new StationClusterIndex(stations);

  it('puts every station in at most one cluster at every zoom, and the clustered set is exactly the clusters\' leaves', () => {
    for (let zoom = 0; zoom <= MAX_CLUSTER_ZOOM; zoom++) {
      const { list, clustered } = index.at(zoom);
      const leaves = list.flatMap((c) => c.leaves);
      expect(new Set(leaves).size).toBe(leaves.length);
      expect(new Set(leaves)).toEqual(clustered);
      for (const c of list) expect(c.leaves.length).toBeGreaterThan(1);
    }
    // Far out the whole city is a handful of clusters; at the closest zoom every station stands alone.
    expect(index.at(8).clustered.size).toBe(stations.length);
    expect(index.at(8).list.length).toBeLessThan(10);
    expect(index.at(MAX_CLUSTER_ZOOM).list).toEqual([]);
  });

  it('works a zoom out once: asking again gives the same answer without walking the index', () => {
    expect(index.at(12)).toBe(index.at(12));
    expect(index.at(11)).not.toBe(index.at(12));
  });

  it('splits a cluster at its expansion zoom', () => {
    const zoom = 10;
    for (const cluster of index.at(zoom).list) {
      const expansion = index.expansionZoom(cluster.id);
      expect(expansion).toBeGreaterThan(zoom);
      // At the expansion zoom no cluster holds all of this one's stations any more.
      const inside = new Set(cluster.leaves);
      const whole = index.at(Math.floor(expansion)).list.some((c) => c.leaves.length >= inside.size && cluster.leaves.every((id) => c.leaves.includes(id)));
      expect(whole).toBe(false);
    }
  });
});
