/**
 * A station's usual relation to each of its neighbours, for the data-quality neighbour check (issue 18). The
 * relation of an hour is ln((value + f) / (neighbour + f)), f a small per-pollutant offset so clean air near zero
 * does not swing it. Each pair keeps, over its agreeing hours, an exponentially weighted mean of the relation and
 * of its absolute deviation (three numbers per pair in one Float64Array per series: count, mean, deviation;
 * plain averages while young). An hour's move on a pair is (relation − mean) / deviation: a drifting sensor
 * moves on every pair, an honest station only on the pair with the drifting one, so the flagger takes the
 * median over the pairs.
 */

const FIELDS = 3;
/** How many usual deviations from its mean a learnt relation may lie. */
const CLIP = 2;

/** Room for the usual relations of `maxNeighbours` pairs, all unknown. */
export function newPairs(maxNeighbours: number): Float64Array {
  return new Float64Array(maxNeighbours * FIELDS);
}

/** The relation of an hour's value to a neighbour's (negative values count as 0). */
export function relationOf(value: number, neighbour: number, f: number): number {
  return Math.log((Math.max(0, value) + f) / (Math.max(0, neighbour) + f));
}

/** The move of pair `k`'s relation from its usual level, in usual deviations (at least `floor`); NaN while the pair has fewer than `minHours` hours. */
export function pairMove(pairs: Float64Array, k: number, relation: number, floor: number, minHours: number): number {
  const at = k * FIELDS;
  if ((pairs[at] as number) < minHours) return Number.NaN;
  return (relation - (pairs[at + 1] as number)) / Math.max(pairs[at + 2] as number, floor);
}

/** The value pair `k`'s usual relation gives for a neighbour reading `neighbour`. */
export function expectedFrom(pairs: Float64Array, k: number, neighbour: number, f: number): number {
  return (Math.max(0, neighbour) + f) * Math.exp(pairs[k * FIELDS + 1] as number) - f;
}

/**
 * Learns an agreeing hour's relations (`relations[k]` for pair k; NaN: no value that hour), weighting the last
 * `hours` most. Once a pair is known (`minHours`), a relation is taken at most CLIP usual deviations (at least
 * `floor`) from its mean: a neighbour's own event, or a drift creeping up too slowly to disagree yet, moves the
 * usual relation only a little.
 */
export function learnPairs(pairs: Float64Array, relations: Float64Array, hours: number, floor: number, minHours: number): void {
  const count = pairs.length / FIELDS;
  for (let k = 0; k < count; k++) {
    const raw = relations[k] as number;
    if (!Number.isFinite(raw)) continue;
    const at = k * FIELDS;
    const n = (pairs[at] as number) + 1;
    const weight = 1 / Math.min(n, hours);
    const known = pairs[at + 1] as number;
    const limit = CLIP * Math.max(pairs[at + 2] as number, floor);
    const relation = n > minHours ? Math.min(known + limit, Math.max(known - limit, raw)) : raw;
    const mean = known + weight * (relation - known);
    pairs[at] = n;
    pairs[at + 1] = mean;
    pairs[at + 2] = (pairs[at + 2] as number) + weight * (Math.abs(relation - mean) - (pairs[at + 2] as number));
  }
}

/** Whether two neighbour lists name the same stations in the same order. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
