/**
 * A station's usual relation to each of its neighbours, for the data-quality neighbour check (issue 18). The
 * relation of an hour is ln((value + f) / (neighbour + f)), f a small per-pollutant offset so clean air near zero
 * does not swing it. Each pair keeps, over its agreeing hours, an exponentially weighted mean of the relation and
 * of its absolute deviation (three numbers per pair in one Float64Array per series: count, mean, deviation;
 * plain averages while young). An hour's move on a pair is (relation − mean) / deviation: a drifting sensor
 * moves on every pair, an honest station only on the pair with the drifting one, so the flagger takes the
 * median over the pairs.
 */

import { LearntHours } from './learnt-hours';

const FIELDS = 3;
/** How many usual deviations from its mean a learnt relation may lie… */
const CLIP = 2;
/** …once the pair has this many hours (before, every hour is taken as it is). */
const CLIP_FROM = 12;

/** Room for the usual relations of `maxNeighbours` pairs, all unknown. */
export function newPairs(maxNeighbours: number): Float64Array {
  return new Float64Array(maxNeighbours * FIELDS);
}

/** An hour's value on the relations' scale, ln(value + f) (negative values count as 0): a relation is the difference of two. */
export function levelOf(value: number, f: number): number {
  return Math.log(Math.max(0, value) + f);
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
 * Learns an agreeing hour's relations (`relations[k]` for pair k; NaN: no value that hour): a plain average over
 * a pair's first `minHours` hours, then weighted over about the last `hours`. From its CLIP_FROM-th hour on, a
 * relation is taken at most CLIP usual deviations (at least `floor`) from its mean: an odd day while the pair is
 * young, a neighbour's own event, or a drift creeping up too slowly to disagree yet moves the usual relation only
 * a little.
 */
export function learnPairs(pairs: Float64Array, relations: Float64Array, hours: number, floor: number, minHours: number): void {
  const count = pairs.length / FIELDS;
  for (let k = 0; k < count; k++) {
    const raw = relations[k] as number;
    if (!Number.isFinite(raw)) continue;
    const at = k * FIELDS;
    const n = (pairs[at] as number) + 1;
    const weight = n > minHours ? 1 / hours : 1 / n;
    const known = pairs[at + 1] as number;
    const deviation = pairs[at + 2] as number;
    const limit = CLIP * Math.max(deviation, floor);
    const relation = n > CLIP_FROM ? Math.min(known + limit, Math.max(known - limit, raw)) : raw;
    const mean = known + weight * (relation - known);
    const residual = Math.abs(relation - mean);
    pairs[at] = n;
    pairs[at + 1] = mean;
    // The same weight both ways: a faster shrink settles the deviation at about half its true size (honest pairs
    // then flagged as drifting); the clip from CLIP_FROM already keeps an odd day in the warm-up from inflating it.
    pairs[at + 2] = deviation + weight * (residual - deviation);
  }
}

/** Puts saved relations into `pairs` (the rest unknown); false, changing nothing, when they do not fit its shape. */
export function restorePairs(pairs: Float64Array, saved: SavedRelations): boolean {
  if (saved.pairs.length !== saved.neighbourIds.length * FIELDS || saved.pairs.length > pairs.length) return false;
  pairs.fill(0);
  pairs.set(saved.pairs);
  return true;
}

/** Reorders `pairs`, learnt for the neighbour list `from`, to the list `to`: a pair kept by id, a new one unknown. */
export function remapPairs(pairs: Float64Array, from: readonly string[], to: readonly string[]): void {
  const old = pairs.slice();
  pairs.fill(0);
  to.forEach((id, k) => {
    const j = from.indexOf(id);
    if (j >= 0) pairs.set(old.subarray(j * FIELDS, (j + 1) * FIELDS), k * FIELDS);
  });
}

/** Drops what pair `neighbourId` (in the list `ids`) learnt, if the list has it. */
export function forgetPair(pairs: Float64Array, ids: readonly string[], neighbourId: string): void {
  const k = ids.indexOf(neighbourId);
  if (k >= 0) pairs.fill(0, k * FIELDS, (k + 1) * FIELDS);
}

/** Whether two neighbour lists name the same stations in the same order. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** One series' learnt relations, as kept across a restart (state key AIR_RELATIONS_KEY). */
export interface SavedRelations {
  readonly stationId: string;
  readonly pollutant: string;
  /** The neighbour list the pairs were learnt for, in pair order. */
  readonly neighbourIds: readonly string[];
  /** Per pair: hours learnt, mean, deviation. */
  readonly pairs: readonly number[];
  /** Where the series' run of disagreement began, when it began with a jump that held (a local event): see Series.jumpRunFrom. */
  readonly jumpRunFrom?: number;
  /** The start of the newest hour judged for learning (texts saved before it have none: their series learn no primed hour). */
  readonly learntThrough?: number;
  /** The runs of hours judged for learning (LearntHours.saved; texts saved before them have none: all hours up to learntThrough count). */
  readonly learntSpans?: readonly (number | null)[];
}

/** The store's state key of the saved relations. */
export const AIR_RELATIONS_KEY = 'airQuality.neighbourRelations';

/** The saved form: JSON, numbers to 6 significant digits (the relations move far slower than that). */
export function encodeRelations(list: readonly SavedRelations[]): string {
  // The newest hour judged comes sixth, after the jump run's start (null when none), and the runs of hours judged
  // seventh: a build before them reads the first five, or six.
  const tail = (r: SavedRelations): unknown[] => {
    if (r.learntThrough === undefined) return r.jumpRunFrom !== undefined ? [r.jumpRunFrom] : [];
    return [r.jumpRunFrom ?? null, r.learntThrough, ...(r.learntSpans !== undefined ? [r.learntSpans] : [])];
  };
  return JSON.stringify({ v: 1, series: list.map((r) => [r.stationId, r.pollutant, r.neighbourIds, r.pairs.map((x) => Number(x.toPrecision(6))), ...tail(r)]) });
}

/** Reads encodeRelations' text; throws an Error naming what is wrong when it is not that form. */
export function decodeRelations(text: string): SavedRelations[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('the saved neighbour relations are not JSON');
  }
  const series = (parsed as { v?: unknown; series?: unknown } | null)?.series;
  if ((parsed as { v?: unknown } | null)?.v !== 1 || !Array.isArray(series)) throw new Error('the saved neighbour relations are not in the version 1 form');
  return series.map((entry: unknown, i) => {
    const [stationId, pollutant, ids, pairs, jumpRunFrom, learntThrough, learntSpans] = Array.isArray(entry) ? (entry as unknown[]) : [];
    const isIds = Array.isArray(ids) && ids.every((id) => typeof id === 'string');
    const isPairs = Array.isArray(pairs) && pairs.every((x) => typeof x === 'number' && Number.isFinite(x));
    if (typeof stationId !== 'string' || typeof pollutant !== 'string' || !isIds || !isPairs) throw new Error(`saved neighbour relation ${i + 1} is malformed`);
    // A jump run's hour that is not a whole number is dropped alone: the pairs, three days' learning, stay.
    return {
      stationId,
      pollutant,
      neighbourIds: ids as string[],
      pairs: pairs as number[],
      ...(Number.isSafeInteger(jumpRunFrom) ? { jumpRunFrom: jumpRunFrom as number } : {}),
      ...(Number.isSafeInteger(learntThrough) ? { learntThrough: learntThrough as number } : {}),
      // Runs that are not the saved form, or end elsewhere than the sixth field, are dropped alone: then every hour up to learntThrough counts as judged.
      ...(Number.isSafeInteger(learntThrough) && LearntHours.isSavedForm(learntSpans) && learntSpans.at(-1) === learntThrough ? { learntSpans } : {}),
    };
  });
}
