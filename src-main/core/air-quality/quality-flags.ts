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

/** Great-circle (haversine) distance in km on a sphere of radius 6371 km. */
export function distanceKm(a: { readonly latitude: number; readonly longitude: number }, b: { readonly latitude: number; readonly longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
