/**
 * Interns string ids (metric names) as dense slots 0, 1, 2… up to a cap, so the hot path
 * indexes typed arrays by slot instead of looking up strings. An id keeps its slot until it is released
 * (idle at the cap, see WindowAggregator.releaseIdleMetrics); a released slot goes to the next new id.
 */
export class SlotRegistry {
  private readonly ids: string[] = [];
  private readonly slots = new Map<string, number>();
  private readonly free: number[] = [];

  constructor(private readonly cap: number) {}

  /** Number of slots handed out (released ones included: slot-indexed arrays span them). */
  get size(): number {
    return this.ids.length;
  }

  /** Ids registered and not released. */
  get count(): number {
    return this.slots.size;
  }

  /** Whether `slot` holds a registered id. */
  isLive(slot: number): boolean {
    const id = this.ids[slot];
    return id !== undefined && this.slots.get(id) === slot;
  }

  /** Frees `slot` for the next new id; its id is forgotten. */
  release(slot: number): void {
    if (!this.isLive(slot)) return;
    this.slots.delete(this.ids[slot]!);
    this.free.push(slot);
  }

  /** The slot of `id`, registering it on first use; -1 when the cap is reached. */
  slot(id: string): number {
    const known = this.slots.get(id);
    if (known !== undefined) return known;
    if (this.slots.size >= this.cap) return -1;
    const slot = this.free.pop() ?? this.ids.length;
    this.ids[slot] = id;
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
