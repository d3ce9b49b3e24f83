/**
 * Seeded random inputs for fuzz tests: hostile strings, arbitrary JSON, and mutations of a valid value
 * (truncated, oversized, wrongly typed, with prototype keys). Deterministic for a given `Random`, so a
 * failure names its seed and case and reproduces exactly.
 */

/** A source of uniform numbers in [0, 1), e.g. seededRandom(seed). */
export type Random = () => number;

/** An integer in [low, high]. */
export function integer(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** One element of `items`. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** True with probability `p`. */
export function chance(random: Random, p: number): boolean {
  return random() < p;
}

/** Pieces that break parsers: escapes, separators, controls, invisible and direction-changing characters, lone surrogates. */
export const NASTY_PIECES: readonly string[] = [
  '%', '%%', '%zz', '%E0%A4%A', '%00', '%ff', '%c0%af', '%2e%2e', '%2f', '%5c', '%0d%0a', '..', '.', '/', '//', '\\', ';', ',', '=', '?', '#', '&', '"', "'", '<script>', '${x}',
  '\u0000', '\u0001', '\u007f', '\u0085', '\u00ad', '\u202e', '\u2028', '\ufeff', '\uffff', '\ud800', '\udfff', '😀', 'é', '中文', ' ', '\t',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'null', 'undefined', 'NaN', '-1', '1e309', '0x10',
];

/** A random string of up to `maxLength` code units, mostly plain characters with nasty pieces mixed in. */
export function randomString(random: Random, maxLength: number): string {
  const target = integer(random, 0, maxLength);
  let text = '';
  while (text.length < target) {
    if (chance(random, 0.25)) text += pick(random, NASTY_PIECES);
    else text += String.fromCharCode(chance(random, 0.9) ? integer(random, 0x20, 0x7e) : integer(random, 0, 0xffff));
  }
  return text.slice(0, Math.max(target, 0));
}

/** Numbers at the edges of every numeric check: zero, negatives, fractions, huge, beyond safe integers. */
export const EDGE_NUMBERS: readonly number[] = [0, -0, -1, 1, 0.5, -0.5, 2 ** 31, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, Number.MIN_VALUE, 1e21, 8.64e15, 8.64e15 + 1];

/** Any JSON value, nested up to `depth`. */
export function randomJson(random: Random, depth = 3): unknown {
  const kind = integer(random, 0, depth > 0 ? 7 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return chance(random, 0.5);
    case 2:
      return pick(random, EDGE_NUMBERS);
    case 3:
      return integer(random, -1000, 1_000_000);
    case 4:
    case 5:
      return randomString(random, 40);
    case 6:
      return Array.from({ length: integer(random, 0, 5) }, () => randomJson(random, depth - 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = integer(random, 0, 5); i > 0; i--) object[chance(random, 0.2) ? pick(random, NASTY_PIECES) : randomString(random, 12)] = randomJson(random, depth - 1);
      return object;
    }
  }
}

/** How a valid value was spoiled, for the report of a failing case. */
export type MutationKind = 'valid' | 'random' | 'truncated' | 'oversized' | 'wrong-type' | 'prototype-keys' | 'empty';

/** Paths to every value inside `value` (objects and arrays), the root included as []. */
function paths(value: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [[...prefix]];
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...paths(item, [...prefix, index])));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
  return out;
}

/** A deep copy of `value` with the value at `path` replaced by what `replace` returns (undefined deletes it). */
function replaceAt(value: unknown, path: readonly (string | number)[], replace: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replace(value);
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    const next = replaceAt(copy[head as number], rest, replace);
    if (next === undefined) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const next = replaceAt(copy[head as string], rest, replace);
  if (next === undefined) delete copy[head as string];
  else copy[head as string] = next;
  return copy;
}

/** A value of another JSON type than `old`. */
function wrongType(random: Random, old: unknown): unknown {
  const candidates: unknown[] = [null, true, 12345, -1, 0.25, '', 'text', [], [old], {}, { value: old }, randomString(random, 20)];
  return pick(random, candidates.filter((candidate) => typeof candidate !== typeof old || Array.isArray(candidate) !== Array.isArray(old)));
}

/** `old` made huge: a long string or array, or a number far out of range. */
function oversized(random: Random, old: unknown): unknown {
  if (typeof old === 'string' || old === null) return pick(random, ['x', 'é', '\u0000', '%']).repeat(pick(random, [1_001, 70_000, 300_000]));
  if (typeof old === 'number') return pick(random, [1e308, -1e308, 2 ** 53 + 2, 1e21]);
  if (Array.isArray(old)) return Array.from({ length: pick(random, [1_001, 20_000]) }, (_, index) => old[index % Math.max(old.length, 1)] ?? index);
  return Object.fromEntries(Array.from({ length: 2_000 }, (_, index) => [`k${index}`, old]));
}

/** `valid` spoiled in one way, chosen at random; 'valid' leaves it as it is. */
export function mutate(random: Random, valid: unknown): { readonly kind: MutationKind; readonly value: unknown } {
  const kind = pick<MutationKind>(random, ['valid', 'random', 'truncated', 'truncated', 'oversized', 'wrong-type', 'wrong-type', 'prototype-keys', 'empty']);
  const all = paths(valid);
  const inner = all.length > 1 ? all.slice(1) : all;
  switch (kind) {
    case 'valid':
      return { kind, value: valid };
    case 'random':
      return { kind, value: randomJson(random) };
    case 'empty':
      return { kind, value: pick(random, [undefined, null, {}, [], '', 0]) };
    case 'truncated':
      return { kind, value: replaceAt(valid, pick(random, inner), () => undefined) ?? {} };
    case 'oversized':
      return { kind, value: replaceAt(valid, pick(random, inner), (old) => oversized(random, old)) };
    case 'wrong-type':
      return { kind, value: replaceAt(valid, pick(random, all), (old) => wrongType(random, old)) };
    case 'prototype-keys':
      return { kind, value: replaceAt(valid, pick(random, all.filter((path) => !Array.isArray(valueAt(valid, path)))), (old) => withPrototypeKeys(random, old)) };
  }
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | null)?.[key], value);
}

/** `old` (an object, or wrapped in one) with __proto__ / constructor / prototype keys as own properties, as JSON.parse makes them. */
function withPrototypeKeys(random: Random, old: unknown): unknown {
  const base = typeof old === 'object' && old !== null ? { ...old } : { value: old };
  const key = pick(random, ['__proto__', 'constructor', 'prototype']);
  Object.defineProperty(base, key, { value: pick<unknown>(random, [{ polluted: true, isAdmin: true }, { toString: 'x' }, null, 'x']), enumerable: true, configurable: true, writable: true });
  return base;
}
