import { grown } from '../../../src-shared/columns/typed-array-growth';

/**
 * Metric name → slot for a whole message at once. Messages of one feed carry the same keys in the
 * same order, and the decoder hands out interned name strings, so "same layout as last time" is a few
 * reference comparisons; only a changed layout looks the names up (a Map get each). This replaces a
 * string-keyed lookup per value on the hot path.
 */
export class MetricLayout {
  private names: string[] = [];
  private count = -1;
  /** Slots of the current layout (valid after resolve), -1 for a metric over the cap. */
  slots = new Int32Array(16);
  /** Counts layout changes, so a caller can tell "the same layout as last time" without comparing names. */
  version = 0;

  /** Makes `slots` hold the slots of names[0..count); `slotOf` is only called when the layout changed. */
  resolve(names: readonly string[], count: number, slotOf: (name: string) => number): Int32Array {
    if (count === this.count && this.isSame(names, count)) return this.slots;
    if (count > this.slots.length) this.slots = grown(this.slots, count);
    this.names = names.slice(0, count);
    for (let i = 0; i < count; i++) this.slots[i] = slotOf(names[i]!);
    this.count = count;
    this.version++;
    return this.slots;
  }

  /** Forgets the cached layout (a metric slot was released and may now mean another name). */
  reset(): void {
    this.count = -1;
    this.names = [];
    this.version++;
  }

  private isSame(names: readonly string[], count: number): boolean {
    const known = this.names;
    for (let i = 0; i < count; i++) if (known[i] !== names[i]) return false;
    return true;
  }
}
