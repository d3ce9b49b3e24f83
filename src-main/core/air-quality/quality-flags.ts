/**
 * Data-quality checks on one station's closed windows (pure; the caller keeps the recent values).
 * Each answers with the evidence, so a flag can say why. MAD is the median absolute deviation
 * (unscaled); `minScale` keeps a perfectly flat history (MAD 0) from flagging every small change.
 */

/** A plausible physical range of a metric (engineering bounds, not legal values). */
export interface PhysicalRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Default plausible ranges (µg/m³; CO mg/m³): a small negative value is instrument noise around zero,
 * above the maximum no ambient monitor reads (the EEA index's own table ends at 800–1250 µg/m³).
 */
export const DEFAULT_RANGES: Readonly<Record<'pm10' | 'pm25' | 'no2' | 'o3' | 'so2' | 'co', PhysicalRange>> = {
  pm10: { min: -5, max: 5000 },
  pm25: { min: -5, max: 3000 },
  no2: { min: -5, max: 2000 },
  o3: { min: -5, max: 1000 },
  so2: { min: -5, max: 3000 },
  co: { min: -0.5, max: 100 },
};

/** True when `value` is not a number or lies outside `range`. */
export function isOutOfRange(value: number, range: PhysicalRange): boolean {
  return !Number.isFinite(value) || value < range.min || value > range.max;
}

/** True when the last `count` values are all within `tolerance` of each other (a stuck sensor). False with fewer values. */
export function isStuck(values: readonly number[], count: number, tolerance = 0): boolean {
  if (count < 2 || values.length < count) return false;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = values.length - count; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min <= tolerance;
}

/** The median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The median absolute deviation of `values` from their median. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const centre = median(values);
  return median(values.map((v) => Math.abs(v - centre)));
}

/** A spike check's verdict and its evidence. */
export interface SpikeCheck {
  readonly isSpike: boolean;
  /** The latest change and the typical change it is compared with. */
  readonly change: number;
  readonly scale: number;
}

/**
 * A spike: the latest change (last value minus the one before) is beyond `k` × MAD of the earlier
 * changes in `values` (oldest first). Needs at least 4 values (3 changes); fewer answer "no spike".
 */
export function checkSpike(values: readonly number[], k: number, minScale: number): SpikeCheck {
  if (values.length < 4) return { isSpike: false, change: 0, scale: minScale };
  const changes: number[] = [];
  for (let i = 1; i < values.length; i++) changes.push((values[i] as number) - (values[i - 1] as number));
  const latest = changes.pop() as number;
  const centre = median(changes);
  const scale = Math.max(medianAbsoluteDeviation(changes), minScale);
  return { isSpike: Math.abs(latest - centre) > k * scale, change: latest, scale };
}

/** A neighbour check's verdict and its evidence. */
export interface NeighbourCheck {
  readonly isDisagreeing: boolean;
  /** The neighbours' median, the MAD scale used, and the station's deviation in units of that scale (signed). */
  readonly neighbourMedian: number;
  readonly scale: number;
  readonly deviation: number;
}

/**
 * Disagreement with neighbours of the same type: the station's value is beyond `k` × MAD of the
 * neighbours' values from their median. Null with fewer than 3 neighbours (no robust median).
 * A lasting disagreement while the neighbours agree among themselves points to a drifting sensor;
 * a short one in step with its own history (no spike, no stuck flag) is more likely a local event.
 */
export function checkNeighbours(value: number, neighbourValues: readonly number[], k: number, minScale: number): NeighbourCheck | null {
  const finite = neighbourValues.filter((v) => Number.isFinite(v));
  if (finite.length < 3 || !Number.isFinite(value)) return null;
  const centre = median(finite);
  const scale = Math.max(medianAbsoluteDeviation(finite), minScale);
  const deviation = (value - centre) / scale;
  return { isDisagreeing: Math.abs(deviation) > k, neighbourMedian: centre, scale, deviation };
}

/** A station's place and type, for choosing neighbours. */
export interface StationSite {
  readonly id: string;
  readonly type: string;
  readonly latitude: number;
  readonly longitude: number;
}

/** Stations of the same type as `station` within `maxKm` (great-circle distance), nearest first, the station itself left out. */
export function neighboursOf(station: StationSite, sites: readonly StationSite[], maxKm: number): StationSite[] {
  return sites
    .filter((s) => s.id !== station.id && s.type === station.type)
    .map((s) => ({ site: s, km: distanceKm(station, s) }))
    .filter((n) => n.km <= maxKm)
    .sort((a, b) => a.km - b.km)
    .map((n) => n.site);
}

/** Great-circle (haversine) distance in km on a sphere of radius 6371 km. */
export function distanceKm(a: Pick<StationSite, 'latitude' | 'longitude'>, b: Pick<StationSite, 'latitude' | 'longitude'>): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** What a run of neighbour checks suggests. */
export type DisagreementPattern = 'agrees' | 'local-event' | 'possible-drift';

/**
 * Reads the latest neighbour checks of one station (oldest first, null where no check was possible):
 * disagreeing on the same side for at least `persistentHours` checks in a row suggests a drifting
 * sensor (calibration due); a shorter run is more likely a real local event. A heuristic for the
 * operator, never a reason to discard data on its own.
 */
export function disagreementPattern(checks: readonly (NeighbourCheck | null)[], persistentHours: number): DisagreementPattern {
  const latest = checks[checks.length - 1];
  if (latest === undefined || latest === null || !latest.isDisagreeing) return 'agrees';
  const side = Math.sign(latest.deviation);
  let run = 0;
  for (let i = checks.length - 1; i >= 0; i--) {
    const check = checks[i];
    if (check === null || check === undefined || !check.isDisagreeing || Math.sign(check.deviation) !== side) break;
    run++;
  }
  return run >= persistentHours ? 'possible-drift' : 'local-event';
}
