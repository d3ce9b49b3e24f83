/**
 * Interns string ids (stations, metrics) as dense slots 0, 1, 2… up to a cap, so the hot path
 * indexes typed arrays by slot instead of looking up strings. Slots are never reused: an id keeps its
 * slot for the aggregator's lifetime, which keeps every slot-indexed array consistent.
 */
export class SlotRegistry {
  private readonly ids: string[] = [];
  private readonly slots = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /** Number of registered ids. */
  get size(): number {
    return this.ids.length;
  }

  /** The slot of `id`, registering it on first use; -1 when the cap is reached. */
  slot(id: string): number {
    const known = this.slots.get(id);
    if (known !== undefined) return known;
    if (this.ids.length >= this.cap) return -1;
    const slot = this.ids.length;
    this.ids.push(id);
    this.slots.set(id, slot);
    return slot;
  }

  /** The id registered at `slot`; throws RangeError for an unknown slot. */
  id(slot: number): string {
    const id = this.ids[slot];
    if (id === undefined) throw new RangeError(`unknown slot ${slot}`);
    return id;
  }
}
