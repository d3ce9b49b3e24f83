/**
 * Seeded pseudo-random streams, one per station, kept in typed arrays so that thousands of stations
 * cost no objects. Each stream is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, passes
 * PractRand); giving every station its own stream means a scenario that silences one station does
 * not change the numbers any other station draws.
 */

/** Mixes a 32-bit value (splitmix32 finaliser); used to derive independent stream seeds. */
export function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Independent seeded generators indexed 0..count-1; stream i depends only on (seed, salt, i). */
export class RandomStreams {
  private readonly state: Uint32Array;
  /** Box–Muller produces normals in pairs; the second waits here. */
  private readonly spare: Float64Array;
  private readonly hasSpare: Uint8Array;

  constructor(count: number, seed: number, salt = 0) {
    this.state = new Uint32Array(count * 4);
    this.spare = new Float64Array(count);
    this.hasSpare = new Uint8Array(count);
    const base = mix32(mix32(seed | 0) ^ mix32(salt | 0));
    for (let i = 0; i < count; i++) {
      const s = mix32(base ^ mix32(i));
      const o = i * 4;
      this.state[o] = s;
      this.state[o + 1] = mix32(s + 1);
      this.state[o + 2] = mix32(s + 2);
      this.state[o + 3] = 1;
      // Warm up: sfc32 needs a few rounds before seeds that differ in one bit diverge.
      for (let k = 0; k < 12; k++) this.uniform(i);
    }
  }

  /** Uniform in [0, 1) from stream i. */
  uniform(i: number): number {
    const s = this.state;
    const o = i * 4;
    const a = s[o] as number;
    const b = s[o + 1] as number;
    const c = s[o + 2] as number;
    const d = s[o + 3] as number;
    const t = (((a + b) | 0) + d) | 0;
    s[o + 3] = d + 1;
    s[o] = b ^ (b >>> 9);
    s[o + 1] = c + (c << 3);
    s[o + 2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Standard normal from stream i (Marsaglia's polar method). */
  normal(i: number): number {
    if (this.hasSpare[i] === 1) {
      this.hasSpare[i] = 0;
      return this.spare[i] as number;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.uniform(i) - 1;
      v = 2 * this.uniform(i) - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare[i] = v * factor;
    this.hasSpare[i] = 1;
    return u * factor;
  }

  /**
   * How many draws until the next success of a Bernoulli(p) trial, counting this one as 0
   * (geometric distribution). Lets rare events (outliers) cost one counter per value, not one draw.
   */
  geometric(i: number, p: number): number {
    if (p <= 0) return Number.POSITIVE_INFINITY;
    if (p >= 1) return 0;
    return Math.floor(Math.log(1 - this.uniform(i)) / Math.log(1 - p));
  }
}
