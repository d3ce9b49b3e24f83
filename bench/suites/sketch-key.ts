// sketch.key.*NsPerValue: cost of the sketch's bucket index, exact Math.log2 (what the sketch uses)
// against DDSketch's cubically interpolated log2 from the float's bits (kept here as the comparison
// that decided it; see src-main/core/windows/key-mapping.ts).
import { positiveKey } from '../../src-main/core/windows/key-mapping';
import { median, seededRandom } from '../stats';
import type { BenchOptions, BenchResult } from '../types';

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

/** DDSketch CubicallyInterpolatedMapping's log2 approximation (little-endian word order). */
function cubicKey(x: number): number {
  scratch[0] = x;
  const high = words[1]!;
  const s = ((high & 0xfffff) * 4294967296 + words[0]!) * 2 ** -52;
  return Math.ceil(((((6 / 35) * s - 3 / 5) * s + 10 / 7) * s + ((high >>> 20) - 1023)) * 34.65);
}

function time(values: Float64Array, key: (x: number) => number, repeats: number): number {
  let sink = 0;
  const started = performance.now();
  for (let r = 0; r < repeats; r++) for (let i = 0; i < values.length; i++) sink += key(values[i]!);
  const ns = ((performance.now() - started) * 1e6) / (repeats * values.length);
  if (sink === 0) throw new Error('unreachable: keep the loop alive');
  return ns;
}

/** Runs the suite. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  const random = seededRandom(7);
  const values = Float64Array.from({ length: 1 << 18 }, () => 0.01 + random() * 2000);
  const runs = options.quick ? 3 : 9;
  const repeats = options.quick ? 4 : 16;
  const log2: number[] = [];
  const cubic: number[] = [];
  time(values, positiveKey, 2);
  time(values, cubicKey, 2);
  for (let i = 0; i < runs; i++) {
    log2.push(time(values, positiveKey, repeats));
    cubic.push(time(values, cubicKey, repeats));
  }
  return {
    'sketch.key.log2NsPerValue': { median: median(log2), unit: 'ns/value', runs },
    'sketch.key.cubicNsPerValue': { median: median(cubic), unit: 'ns/value', runs },
  };
}
