/**
 * The one station index: station id → dense slot 0, 1, 2…, so per-station state everywhere downstream
 * (windows, rules, the duplicate filter) lives in arrays indexed by slot instead of per-key objects.
 * The decoder creates it and admits stations into it under its cap (decoder.maxStations); the slot it
 * hands out travels with the decoded reading. Slot 0 is the city ("*"), so city-wide rule state has a
 * slot even when the cap is reached; the cap counts real stations only. (A standalone window aggregator,
 * which keeps the city apart, makes an index without it.) Slots are never reused.
 */
import { CITY_STATION_ID } from '../../src-shared/domain/reading';

/** The city's slot: present in every index, never a station the decoder admits. */
export const CITY_SLOT = 0;

export class StationIndex {
  private readonly slotById = new Map<string, number>();
  private readonly ids: string[] = [];
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

  /** The slot of a station, registered on first sight; -1 when the cap is reached. */
  slotOf(stationId: string): number {
    const slot = this.slotById.get(stationId);
    if (slot !== undefined) return slot;
    if (this.ids.length - this.reserved >= this.cap) return -1;
    const next = this.ids.length;
    this.slotById.set(stationId, next);
    this.ids.push(stationId);
    return next;
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

  /** Stations registered, the city not counted. */
  get stationCount(): number {
    return this.ids.length - this.reserved;
  }
}
