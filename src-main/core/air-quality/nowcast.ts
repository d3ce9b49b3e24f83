/**
 * The EPA NowCast: a weighted mean of the latest hours that leans on the recent ones when levels change.
 *
 * PM2.5 and PM10 (EPA "PM NowCast" fact sheet, and AirNow's technical description): the last 12 hours;
 * weight factor w = min/max of them, raised to 0.5 when lower (the minimum weight factor);
 * NowCast = Σ wⁱ·cᵢ / Σ wⁱ over the hours present, i = hours ago (0 = the latest).
 * O3 (AirNow, "Ozone NowCast", April 2016): the last 8 hours, w = min/max with no minimum.
 * Both: at least 2 of the 3 most recent hours must be present, or there is no NowCast.
 *
 * Since 2019 AirNow first tries a regression ("partial least squares") ozone NowCast trained on two
 * weeks of data and falls back to this weighted one; Stationwatch uses the weighted method only.
 */
export type NowcastKind = 'pm' | 'o3';

const HOURS: Readonly<Record<NowcastKind, number>> = { pm: 12, o3: 8 };
const MIN_WEIGHT: Readonly<Record<NowcastKind, number>> = { pm: 0.5, o3: 0 };

/**
 * The NowCast of `recentFirst` (hourly means, index 0 = the latest closed hour; null or NaN for a
 * missing or invalid hour). Null when fewer than 2 of the 3 latest hours are present.
 */
export function nowcast(kind: NowcastKind, recentFirst: readonly (number | null)[]): number | null {
  const span = Math.min(HOURS[kind], recentFirst.length);
  let recentPresent = 0;
  for (let i = 0; i < Math.min(3, span); i++) if (isPresent(recentFirst[i])) recentPresent++;
  if (recentPresent < 2) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < span; i++) {
    const c = recentFirst[i];
    if (!isPresent(c)) continue;
    if (c < min) min = c;
    if (c > max) max = c;
  }
  const rawWeight = max > 0 ? 1 - (max - min) / max : 1;
  const weight = Math.min(1, Math.max(MIN_WEIGHT[kind], rawWeight));
  let numerator = 0;
  let denominator = 0;
  let factor = 1;
  for (let i = 0; i < span; i++) {
    const c = recentFirst[i];
    if (isPresent(c)) {
      numerator += factor * c;
      denominator += factor;
    }
    factor *= weight;
  }
  return denominator > 0 ? numerator / denominator : null;
}

function isPresent(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}
