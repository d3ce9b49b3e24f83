import { describeValue } from './values';

/** A field path split once into its names (`data.sensors.temp` → ["data", "sensors", "temp"]). */
export interface FieldPath {
  readonly text: string;
  readonly names: readonly string[];
  /** Array indexes of the names that are all digits (else -1), computed once. */
  readonly indexes: readonly number[];
}

/** Splits a path (validated by FieldPathSchema) once, so lookups do no string work. */
export function compilePath(text: string): FieldPath {
  const names = text.split('.');
  const indexes = names.map((name) => (/^\d{1,9}$/.test(name) ? Number(name) : -1));
  return { text, names, indexes };
}

/** The value at `path` in `root`, or undefined when a step is missing; only own fields count (`constructor` is not a field). */
export function valueAt(root: unknown, path: FieldPath): unknown {
  let current = root;
  const { names, indexes } = path;
  for (let i = 0; i < names.length; i++) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (Array.isArray(current)) {
      const index = indexes[i] as number;
      current = index >= 0 ? current[index] : undefined;
    } else {
      const name = names[i] as string;
      if (!Object.hasOwn(current, name)) return undefined;
      current = (current as Record<string, unknown>)[name];
    }
  }
  return current;
}

/** Where valueAt stopped, in words: `field "a.b" is missing ("a" is a string, not an object)`. Rejection path only. */
export function describeMissing(root: unknown, path: FieldPath): string {
  let current = root;
  const { names } = path;
  for (let i = 0; i < names.length; i++) {
    const reached = names.slice(0, i).join('.');
    if (typeof current !== 'object' || current === null) {
      return `"${path.text}" is missing ("${reached}" is ${describeValue(current)}, not an object)`;
    }
    const next = valueAt(current, { text: '', names: [names[i] as string], indexes: [path.indexes[i] as number] });
    if (next === undefined) return i === 0 ? `"${path.text}" is missing` : `"${path.text}" is missing ("${reached}" has no "${names[i]}")`;
    current = next;
  }
  return `"${path.text}" is ${describeValue(current)}`;
}
