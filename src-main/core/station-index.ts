/**
 * The one station index: station id → dense slot 0, 1, 2…, so per-station state everywhere downstream
 * (windows, rules, the duplicate filter) lives in arrays indexed by slot instead of per-key objects.
 * The decoder creates it and admits stations into it under its cap (decoder.maxStations); the slot it
 * hands out travels with the decoded reading. Slot 0 is the city ("*"), so city-wide rule state has a
 * slot even when the cap is reached; the cap counts real stations only. (A standalone window aggregator,
 * which keeps the city apart, makes an index without it.)
 *
 * At the cap, stations idle for longer than a time-to-live can be released (release()), so a flood of
 * bogus ids does not lock real new stations out until a restart; a released slot is handed to the next new
 * station, and whoever keeps per-slot state forgets it first (see Ingest.releaseIdleStations).
 */
import { CITY_STATION_ID } from '../../src-shared/domain/reading';

/** The city's slot: present in every index, never a station the decoder admits. */
export const CITY_SLOT = 0;

export class StationIndex {
  private readonly slotById = new Map<string, number>();
  private readonly ids: string[] = [];
  /** Released slots, reused before new ones. */
  private readonly free: number[] = [];
  private readonly isFree = new Set<number>();
  /** When each slot's station was last seen (the caller's clock); NaN = never. */
  private seen = new Float64Array(64).fill(Number.NaN);
  /** Called when a new station finds the cap reached, before it is refused: may release idle slots. */
  private onFull: (() => void) | null = null;
  /** 1 when slot 0 holds the city. */
  private readonly reserved: number;

  /** `cap`: how many stations (besides the city) may be registered; `withCity`: slot 0 is the city. */
  constructor(
    readonly cap = Number.POSITIVE_INFINITY,
    withCity = true,
  ) {
    this.reserved = withCity ? 1 : 0;
    if (withCity) {
      this.slotById.set(CITY_STATION_ID, CITY_SLOT);
      this.ids.push(CITY_STATION_ID);
    }
  }

  /** The slot of a station, registered on first sight; -1 when the cap is reached (and nothing idle could be released). */
  slotOf(stationId: string): number {
    const slot = this.slotById.get(stationId);
    if (slot !== undefined) return slot;
    if (!this.hasRoom()) return -1;
    const next = this.free.pop() ?? this.ids.length;
    this.isFree.delete(next);
    this.slotById.set(stationId, next);
    if (next === this.ids.length) this.ids.push(stationId);
    else this.ids[next] = stationId;
    this.seen[next] = Number.NaN;
    return next;
  }

  /** True when one more station fits; at the cap, first lets the whenFull listener release idle ones. */
  hasRoom(): boolean {
    if (this.stationCount < this.cap) return true;
    this.onFull?.();
    return this.stationCount < this.cap;
  }

  /** Notes that the station in `slot` delivered data at `now`. */
  touch(slot: number, now: number): void {
    if (slot >= this.seen.length) {
      const grown = new Float64Array(Math.max(slot + 1, this.seen.length * 2)).fill(Number.NaN);
      grown.set(this.seen);
      this.seen = grown;
    }
    this.seen[slot] = now;
  }

  /** Stations (never the city) last seen before `before`, or never since they got their slot. */
  idleSlots(before: number): number[] {
    const idle: number[] = [];
    for (let slot = this.reserved; slot < this.ids.length; slot++) {
      if (this.isFree.has(slot)) continue;
      const seen = this.seen[slot] ?? Number.NaN;
      if (!(seen >= before)) idle.push(slot);
    }
    return idle;
  }

  /** Frees a station's slot for the next new station; its id is forgotten (find() answers -1). */
  release(slot: number): void {
    if (slot < this.reserved || slot >= this.ids.length) throw new RangeError(`cannot release slot ${slot}`);
    const id = this.ids[slot]!;
    if (this.slotById.get(id) !== slot) return;
    this.slotById.delete(id);
    this.free.push(slot);
    this.isFree.add(slot);
    this.seen[slot] = Number.NaN;
  }

  /** Sets what runs when a new station meets the cap (the ingest's release of idle stations). */
  whenFull(listener: () => void): void {
    this.onFull = listener;
  }

  /** The slot of a station, or -1 if it was never registered. */
  find(stationId: string): number {
    return this.slotById.get(stationId) ?? -1;
  }

  /** The station id of a slot; throws RangeError for a slot never handed out. */
  idOf(slot: number): string {
    const id = this.ids[slot];
    if (id === undefined) throw new RangeError(`No station in slot ${slot}`);
    return id;
  }

  /** Number of slots handed out so far, the city's included (slots are 0 .. size-1). */
  get size(): number {
    return this.ids.length;
  }

  /** Stations registered and not released, the city not counted. */
  get stationCount(): number {
    return this.ids.length - this.reserved - this.free.length;
  }
}
