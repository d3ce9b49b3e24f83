/**
 * Value ↔ bucket key for the quantile sketch: DDSketch's logarithmic mapping (Masson, Rim & Lee,
 * "DDSketch: a fast and fully-mergeable quantile sketch with relative-error guarantees", VLDB 2019).
 * Bucket k holds (γ^(k−1), γ^k]; its representative 2γ^k/(γ+1) is within α = (γ−1)/(γ+1) of every
 * value in it. Math.log2 rather than DDSketch's float-bits cubic approximation: it is simpler and
 * exact. The cost comparison (bench/suites/sketch-key.ts) was inconclusive on the shared, overloaded
 * dev machine: 8 vs 13–22 ns in one standalone run, 30–52 vs 19–38 ns in the suite. Revisit on a quiet one.
 */

/** Stated relative error of a sketch quantile: |estimate − exact| ≤ 1 % · |exact| (see SKETCH_MIN_MAGNITUDE). */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
/** Values with |x| below this count as exactly 0, so near zero the error is absolute, at most this. */
export const SKETCH_MIN_MAGNITUDE = 1e-9;

// A hair tighter than stated, so rounding in log2/pow cannot push an estimate past the stated bound.
const INTERNAL_ACCURACY = SKETCH_RELATIVE_ACCURACY * (1 - 1e-6);
const GAMMA = (1 + INTERNAL_ACCURACY) / (1 - INTERNAL_ACCURACY);
const MULTIPLIER = 1 / Math.log2(GAMMA);
const KEY_OFFSET = Math.ceil(Math.log2(SKETCH_MIN_MAGNITUDE) * MULTIPLIER) - 1;
const MIDPOINT = 2 / (1 + GAMMA);

/** Buckets per doubling of the value (~34.7 at 1 %), for sizing stores. */
export const SKETCH_KEYS_PER_OCTAVE = MULTIPLIER;

/** Bucket key of a value ≥ SKETCH_MIN_MAGNITUDE: always ≥ 1 and non-decreasing in x. Hot path. */
export function positiveKey(x: number): number {
  return Math.ceil(Math.log2(x) * MULTIPLIER) - KEY_OFFSET;
}

/** Signed key of a finite value: > 0 for x ≥ MIN, mirrored < 0 for x ≤ −MIN, 0 between. Order-preserving. */
export function sketchKey(x: number): number {
  if (x >= SKETCH_MIN_MAGNITUDE) return positiveKey(x);
  if (x <= -SKETCH_MIN_MAGNITUDE) return -positiveKey(-x);
  return 0;
}

/** The value a bucket stands for: within SKETCH_RELATIVE_ACCURACY of every value with that key. */
export function sketchValue(key: number): number {
  if (key === 0) return 0;
  const value = 2 ** ((Math.abs(key) + KEY_OFFSET) / MULTIPLIER) * MIDPOINT;
  return key > 0 ? value : -value;
}
