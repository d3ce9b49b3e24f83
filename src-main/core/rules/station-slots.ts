/**
 * Dense numeric slots for station ids, so per-station rule state lives in typed arrays indexed by
 * slot instead of per-key objects. Slots are never reused; the number of stations is capped upstream
 * by the decoder.
 */
export class StationSlots {
  private readonly slotById = new Map<string, number>();
  private readonly ids: string[] = [];

  /** The slot of a station, assigned on first sight. */
  slotOf(stationId: string): number {
    const slot = this.slotById.get(stationId);
    if (slot !== undefined) return slot;
    const next = this.ids.length;
    this.slotById.set(stationId, next);
    this.ids.push(stationId);
    return next;
  }

  /** The slot of a station, or -1 if it was never seen. */
  find(stationId: string): number {
    return this.slotById.get(stationId) ?? -1;
  }

  /** The station id of a slot. */
  idOf(slot: number): string {
    const id = this.ids[slot];
    if (id === undefined) throw new Error(`No station in slot ${slot}`);
    return id;
  }

  /** Number of slots handed out so far (slots are 0 .. size-1). */
  get size(): number {
    return this.ids.length;
  }
}
