/**
 * The state the data-quality checks keep per station and pollutant (quality-flagger.ts): the recent accepted
 * hours, the stuck and disagreement runs, an hour held as a possible spike, and the usual relations to the neighbours.
 */
import type { AirQualityFlagKind } from '../../../src-shared/domain/air-quality';
import { newPairs, type SavedRelations } from './neighbour-relations';
import { HOUR_MS } from './validity';
import { LearntHours } from './learnt-hours';

/** The verdict on one hour: null when nothing is wrong. */
export interface HourFlag {
  readonly kind: AirQualityFlagKind;
  /** True: the hour is left out of indices, compliance and threshold alarms. */
  readonly isExcluded: boolean;
  readonly reason: string;
}

/**
 * A spike candidate held back: its value, the history level it jumped from, its verdict if it proves real, and
 * what the caller handed with it (`held`, e.g. the hour's window), given back with the verdict.
 */
export interface PendingSpike<Held> {
  readonly stationId: string;
  readonly pollutant: string;
  readonly held: Held;
  readonly hourStartMs: number;
  readonly value: number;
  readonly from: number;
  readonly centre: number;
  readonly change: number;
  readonly scale: number;
  readonly neighbours: number;
  /** Its verdict when the next hour holds the new level: null, or a local event (counted) when the neighbours disagreed. */
  readonly ifReal: HourFlag | null;
}

/** The verdict on a held hour, once settled, with what was handed with the hour. */
export interface SettledHour<Held> {
  readonly hourStartMs: number;
  readonly flag: HourFlag | null;
  readonly held: Held;
}

/** One station's series of one pollutant. */
export class Series<Held> {
  readonly accepted: Float64Array;
  acceptedCount = 0;
  hourIndex = Number.NaN;
  /** The hour's value as neighbours may use it: NaN when out of range or stuck. */
  value = Number.NaN;
  /** The hour's value on the relations' scale (levelOf), for the neighbour checks. */
  level = Number.NaN;
  ownFlag: HourFlag | null = null;
  /** The observed hour is not after the previous one: judged as before (its own hour) or as nothing, changes nothing. */
  isRepeat = false;
  /** The repeat is the latest judged hour itself (read again after a restart): its verdict stands. */
  isSameHour = false;
  /** The verdict on the latest judged hour. */
  verdict: HourFlag | null = null;
  spikeChange = 0;
  spikeScale = 0;
  spikeCentre = 0;
  isSpikeCandidate = false;
  /** An hour that jumped unseen by the neighbours, held until the series' next hour tells a glitch from a new level. */
  pending: PendingSpike<Held> | null = null;
  /** The held hour's verdict, settled by the hour observed last (taken once by takeSettled). */
  settled: SettledHour<Held> | null = null;
  stuckValue = Number.NaN;
  stuckReadings = 0;
  stuckHours = 0;
  disagreeRun = 0;
  disagreeSide = 0;
  /** The run of disagreement began with a jump that held (a local event's abrupt start), not a slow creep. */
  isJumpRun = false;
  /**
   * Where the jump run began (saved with the relations): the jump's hour less one hour per judged hour of the run
   * before it (the run's first hour when no hour is missing). After a restart, a run rebuilt from the primed hours
   * that begins there by the same count is that run, although its jump may lie too early in them for the spike check.
   */
  jumpRunFrom: number | null = null;
  /**
   * The hours (hourIndex) judged for learning: an hour is learnt only the first time, so hours read again (a
   * replay, the hours primed after a restart) do not count twice, while older hours never judged are learnt.
   * Saved with the relations.
   */
  learnt = new LearntHours();
  /** The usual relation to each neighbour (neighbour-relations.ts), for the neighbour list `pairIds`. */
  readonly pairs: Float64Array;
  pairIds: readonly string[] = [];

  constructor(history: number, maxNeighbours: number) {
    this.accepted = new Float64Array(history + 1);
    this.pairs = newPairs(maxNeighbours);
  }

  /** What is kept of the series across a restart (exportRelations), or null when no pair has learnt anything. */
  saved(stationId: string, pollutant: string): SavedRelations | null {
    const used = this.pairIds.length * 3;
    let learnt = false;
    for (let at = 0; at < used; at += 3) learnt ||= (this.pairs[at] as number) > 0;
    if (!learnt) return null;
    const jump = this.isJumpRun && this.jumpRunFrom !== null ? { jumpRunFrom: this.jumpRunFrom } : {};
    const newest = this.learnt.newest();
    const through = Number.isFinite(newest) ? { learntThrough: newest * HOUR_MS, learntSpans: this.learnt.saved() } : {};
    return { stationId, pollutant, neighbourIds: this.pairIds, pairs: Array.from(this.pairs.subarray(0, used)), ...jump, ...through };
  }

  accept(value: number): void {
    const ring = this.accepted;
    if (this.acceptedCount === ring.length) ring.copyWithin(0, 1);
    else this.acceptedCount++;
    ring[this.acceptedCount - 1] = value;
  }
}
