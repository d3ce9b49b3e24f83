/**
 * Automatic data-quality flags, computed as each station's hourly pollutant windows close (issue 18, "Data
 * quality"). Per station and pollutant it keeps a few numbers and two small typed-array rings, and judges
 * each closed hour in two steps, so neighbours' hours of the same batch are seen whatever their order:
 * `observe` records the hour and runs the checks on the series' own history (physical range, stuck,
 * spike candidate); `judge` adds the comparison with neighbouring stations of the same type and gives the
 * verdict. Nothing is allocated per hour but the verdict object; medians sort preallocated scratch.
 *
 * What is left out (the hour counts as missing for indices, compliance and threshold alarms):
 * out of range, stuck, a spike the neighbours did not see, and a lasting one-sided disagreement with the
 * neighbours (a drifting sensor: one that crept up, or lasted a day after a jump). A short disagreement is shown
 * but counted, and so is one that began with a jump that held, for up to a day: a real local event at one
 * station must not vanish from the compliance figures. A jump the neighbours saw too is not a spike; one they
 * did not see (or none could check) is held: `judge` answers HELD for it and keeps what the caller handed with
 * the hour (the flagger is the one owner of held hours: `heldHours`), and the series' next observed hour settles
 * it (`takeSettled`, which gives that back) — still beyond the limit on the same side, the jump was
 * real and the hour counts (a possible local event when the neighbours disagreed); back, or unusable, a spike.
 */
import type { Station } from '../../../src-shared/domain/station';
import { POLLUTANTS, type Pollutant } from './pollutants';
import { DEFAULT_RANGES, type PhysicalRange } from './quality-flags';
import { nearestNeighbours, type NeighbourSite } from './nearest-neighbours';
import { HOUR_MS } from './validity';
import { flagReason } from './quality-flag-text';
import { leastOfThree, medianOf } from './scratch-median';
import { Series, type HourFlag, type SettledHour } from './quality-series';
import { LearntHours } from './learnt-hours';
import { expectedFrom, forgetPair, learnPairs, levelOf, pairMove, remapPairs, restorePairs, sameIds, type SavedRelations } from './neighbour-relations';

/** The tuning of the checks (defaults in DEFAULT_QUALITY_OPTIONS). */
export interface QualityFlagOptions {
  readonly ranges: Readonly<Record<Pollutant, PhysicalRange>>;
  /** Identical readings in a row (whole hourly windows with min = max) that make a sensor stuck. */
  readonly stuckReadings: number;
  /** …and the hours they must span, so one quiet hour of a sparse sensor is not "stuck". */
  readonly stuckHours: number;
  /** A spike: the hour's change beyond this many MADs of the series' recent hourly changes. */
  readonly spikeK: number;
  /** Accepted hours the spike check needs before it judges (and keeps). */
  readonly spikeHistory: number;
  /** Neighbours: same station type within this distance, at most `maxNeighbours`, at least 3 with a value. */
  readonly neighbourKm: number;
  readonly maxNeighbours: number;
  /**
   * Disagreement: the station's relation to each neighbour (neighbour-relations.ts) moved beyond this many of its
   * usual deviations, in the median over the neighbours. Sites of one type differ by site (a station near a road
   * reads more NO2 every hour): what is judged is a change in the relation, not the relation; and a median over
   * pairs keeps one drifting neighbour from making its honest neighbours disagree.
   */
  readonly neighbourK: number;
  /** A relation's usual deviation is at least ln(1 + this): hour-to-hour noise of a few percent is no disagreement. */
  readonly neighbourRelativeFloor: number;
  /** Agreeing hours a relation's usual level and deviation average over (exponentially)… */
  readonly baselineHours: number;
  /** …and how many a relation needs before it is judged. */
  readonly minBaselineHours: number;
  /** Disagreement on the same side for this many hours in a row: a drifting sensor, left out. */
  readonly driftHours: number;
  /**
   * …unless the run began with a jump that held (a real local event starts abruptly, a drift creeps up): such a
   * run stays a counted local event for this many hours, and only a longer one is taken for a faulty sensor.
   */
  readonly localEventHours: number;
  /** The smallest MAD scale per pollutant (µg/m³; CO mg/m³): a flat history must not flag every small change. */
  readonly minScale: Readonly<Record<Pollutant, number>>;
}

export const DEFAULT_QUALITY_OPTIONS: QualityFlagOptions = {
  ranges: DEFAULT_RANGES,
  stuckReadings: 60,
  stuckHours: 3,
  spikeK: 8,
  spikeHistory: 12,
  neighbourKm: 20,
  maxNeighbours: 8,
  neighbourK: 4,
  neighbourRelativeFloor: 0.15,
  baselineHours: 720,
  minBaselineHours: 72,
  driftHours: 6,
  localEventHours: 24,
  minScale: { pm10: 2, pm25: 1.5, no2: 3, o3: 3, so2: 2, co: 0.1 },
};

export type { HourFlag, SettledHour } from './quality-series';

/** Each pollutant's place in a station's list of series (POLLUTANTS order), looked up once here rather than per hour. */
const POLLUTANT_SLOT = Object.fromEntries(POLLUTANTS.map((p, i) => [p, i])) as Readonly<Record<Pollutant, number>>;

/** What `judge` answers for an hour held back as a possible spike (see takeSettled). */
export const HELD: unique symbol = Symbol('held');

/**
 * The flags of every station and pollutant: the one owner of the quality state. `Held`: what the caller hands
 * with each judged hour, kept while the hour is held and given back with its verdict (the feed: the window).
 */
export class QualityFlagger<Held = undefined> {
  private readonly series = new Map<string, Series<Held>[]>();
  /** The series holding an hour back now. */
  private readonly heldSeries = new Set<Series<Held>>();
  private neighbours = new Map<string, readonly string[]>();
  private readonly types = new Map<string, string>();
  /** Each station's calibration due date as last set (a change means its sensors were serviced). */
  private readonly calibrations = new Map<string, number | null>();
  private readonly scratch: Float64Array;
  private readonly scratch2: Float64Array;
  /** Per neighbour slot, this hour's relation (NaN: no usable value), to learn once the verdict is known. */
  private readonly relationScratch: Float64Array;
  /** Some relation was learnt since the last exportRelations. */
  private relationsLearnt = false;
  /** Relations imported before any registry: taken at the first setStations with stations. */
  private waitingRelations: { readonly saved: readonly SavedRelations[]; readonly nowMs: number } | null = null;

  constructor(private readonly options: QualityFlagOptions = DEFAULT_QUALITY_OPTIONS) {
    const size = Math.max(options.spikeHistory, options.maxNeighbours) + 1;
    this.scratch = new Float64Array(size);
    this.scratch2 = new Float64Array(size);
    this.relationScratch = new Float64Array(options.maxNeighbours);
  }

  /** The learnt relations to the neighbours, to keep across a restart; null when nothing was learnt since the last call. */
  exportRelations(): SavedRelations[] | null {
    if (!this.relationsLearnt) return null;
    this.relationsLearnt = false;
    const out: SavedRelations[] = [];
    for (const [stationId, list] of this.series) {
      list.forEach((s, p) => {
        const saved = s.saved(stationId, POLLUTANTS[p] as string);
        if (saved !== null) out.push(saved);
      });
    }
    return out;
  }

  /**
   * Relations saved by exportRelations, after setStations and before the first hour: stations no longer in the
   * registry are dropped, pairs with stations no longer neighbours start afresh. Hours learnt before are not learnt
   * again (the primed ones, a replay), except those that had not ended by the wall clock `nowMs`; a series saved
   * without its hours (by a build before they were kept) learns none of its primed hours until the next live hour.
   * Returns how many series took theirs. Before any registry (it could not be read), they wait for the first
   * setStations with stations, and 0 is returned.
   */
  importRelations(saved: readonly SavedRelations[], nowMs: number): number {
    if (this.types.size === 0) {
      this.waitingRelations = { saved, nowMs };
      return 0;
    }
    let taken = 0;
    for (const r of saved) {
      if (!this.types.has(r.stationId) || !(POLLUTANTS as readonly string[]).includes(r.pollutant) || r.neighbourIds.length > this.options.maxNeighbours) continue;
      const s = this.seriesOf(r.stationId, r.pollutant as Pollutant);
      if (restorePairs(s.pairs, r)) s.pairIds = r.neighbourIds;
      if (s.pairIds !== r.neighbourIds) continue;
      s.jumpRunFrom = r.jumpRunFrom ?? null;
      // Saved before the hours were kept: none of its primed hours is learnt, until the next live hour (resumeLearning).
      s.learnt = LearntHours.restored(r.learntSpans, r.learntThrough);
      // Hours that had not ended by the wall clock were simulated ahead of it (a sped-up simulator): the input now is another run of them.
      s.learnt.forgetAfter(Math.floor(nowMs / HOUR_MS) - 1);
      taken++;
    }
    return taken;
  }

  /** The station registry: neighbours are the nearest stations of the same type within `neighbourKm`. */
  setStations(stations: readonly Station[]): void {
    // A new calibration date recorded for a station: its sensors were serviced, what it was is no guide.
    for (const s of stations) {
      const before = this.calibrations.get(s.id);
      const after = s.calibrationDueAt ?? null;
      if (before !== undefined && before !== null && after !== null && before !== after) this.forgetRelations(s.id);
      this.calibrations.set(s.id, s.calibrationDueAt ?? null);
    }
    const placed: NeighbourSite[] = [];
    for (const s of stations) if (s.lat !== null && s.lon !== null && s.stationType != null) placed.push({ id: s.id, type: s.stationType, latitude: s.lat, longitude: s.lon });
    this.types.clear();
    for (const site of placed) this.types.set(site.id, site.type);
    this.neighbours = nearestNeighbours(placed, this.options.neighbourKm, this.options.maxNeighbours);
    const waiting = this.waitingRelations;
    if (waiting !== null && this.types.size > 0) {
      this.waitingRelations = null;
      this.importRelations(waiting.saved, waiting.nowMs);
    }
  }

  /** The station's input starts again from older hours: its series start afresh, keeping the relations they learnt. */
  restartStation(stationId: string): void {
    const list = this.series.get(stationId);
    if (list === undefined) return;
    this.series.set(stationId, list.map((old) => {
      this.heldSeries.delete(old);
      const fresh = new Series<Held>(this.options.spikeHistory, this.options.maxNeighbours);
      fresh.pairs.set(old.pairs);
      // The same hours again: a jump run under way in them is one (its jump may come too early for the spike check).
      [fresh.pairIds, fresh.jumpRunFrom, fresh.learnt] = [old.pairIds, old.jumpRunFrom, old.learnt];
      return fresh;
    }));
  }

  /** The live hours begin (after prime): series paused by a text saved without their newest hour learn again (one pass an hour of input). */
  resumeLearning(): void {
    for (const list of this.series.values()) for (const s of list) s.learnt.resume();
  }

  /** Drops every learnt relation of `stationId`, its own and its neighbours' to it: learnt afresh from its next hours. */
  private forgetRelations(stationId: string): void {
    for (const [id, list] of this.series) {
      for (const s of list) {
        if (id === stationId) {
          s.pairs.fill(0);
          s.learnt.clear();
          s.disagreeRun = 0;
          s.isJumpRun = false;
        } else forgetPair(s.pairs, s.pairIds, stationId);
      }
    }
    this.relationsLearnt = true;
  }

  /** Step one for a closed hourly window: its own-history checks. Call for every hour of a batch before `judge`. */
  observe(stationId: string, pollutant: Pollutant, window: { readonly start: number; readonly mean: number; readonly min: number; readonly max: number; readonly count: number }): void {
    const s = this.seriesOf(stationId, pollutant);
    const o = this.options;
    const hourIndex = Math.floor(window.start / HOUR_MS);
    s.isRepeat = hourIndex <= s.hourIndex;
    s.isSameHour = hourIndex === s.hourIndex;
    if (s.isRepeat) return;
    s.hourIndex = hourIndex;
    s.value = window.mean;
    s.level = levelOf(window.mean, 2 * o.minScale[pollutant]);
    s.ownFlag = null;
    s.isSpikeCandidate = false;
    const range = o.ranges[pollutant];
    if (!(window.min >= range.min && window.max <= range.max) || !Number.isFinite(window.mean)) {
      s.value = Number.NaN;
      s.stuckHours = 0;
      s.stuckReadings = 0;
      s.ownFlag = { kind: 'out-of-range', isExcluded: true, reason: flagReason({ kind: 'out-of-range', pollutant, value: window.min < range.min ? window.min : window.max, range }) };
      this.settle(s, pollutant, Number.NaN);
      return;
    }
    if (window.min === window.max && window.min === s.stuckValue) {
      s.stuckReadings += window.count;
      s.stuckHours++;
    } else {
      s.stuckValue = window.min === window.max ? window.min : Number.NaN;
      s.stuckReadings = window.min === window.max ? window.count : 0;
      s.stuckHours = window.min === window.max ? 1 : 0;
    }
    if (s.stuckReadings >= o.stuckReadings && s.stuckHours >= o.stuckHours) {
      s.value = Number.NaN;
      s.ownFlag = { kind: 'stuck', isExcluded: true, reason: flagReason({ kind: 'stuck', pollutant, value: window.min, readings: s.stuckReadings, hours: s.stuckHours }) };
      this.settle(s, pollutant, Number.NaN);
      return;
    }
    this.settle(s, pollutant, window.mean);
    this.spikeEvidence(s, pollutant, window.mean);
  }

  /** Whether some hour is held back now. */
  get hasHeld(): boolean {
    return this.heldSeries.size > 0;
  }

  /** The hours held back now, with what was handed with each (a copy: expire them while walking it). */
  heldHours(): { readonly stationId: string; readonly pollutant: Pollutant; readonly hourStartMs: number; readonly held: Held }[] {
    return Array.from(this.heldSeries, (s) => {
      const p = s.pending!;
      return { stationId: p.stationId, pollutant: p.pollutant as Pollutant, hourStartMs: p.hourStartMs, held: p.held };
    });
  }

  /**
   * The verdict on the series' held hour that the latest observed hour settled, taken once (null when none):
   * - the next hour stayed beyond `spikeK` MADs of the level before the jump, on the same side: the jump was
   *   real (a local event's first hour, or a new level), and the held hour counts;
   * - it came back, or was itself unusable: a spike, left out.
   */
  takeSettled(stationId: string, pollutant: Pollutant): SettledHour<Held> | null {
    const s = this.seriesOf(stationId, pollutant);
    const settled = s.settled;
    s.settled = null;
    return settled;
  }

  /** Settles the series' held hour as a spike without a next hour (it did not come in time); null when none is held. */
  expire(stationId: string, pollutant: Pollutant): SettledHour<Held> | null {
    const s = this.seriesOf(stationId, pollutant);
    this.settle(s, pollutant, Number.NaN);
    return this.takeSettled(stationId, pollutant);
  }

  /** Settles a held hour by the series' next value (NaN: none usable). A real jump joins the history before the next hour's own check. */
  private settle(s: Series<Held>, pollutant: Pollutant, next: number): void {
    const held = s.pending;
    if (held === null) return;
    s.pending = null;
    this.heldSeries.delete(s);
    const limit = this.options.spikeK * held.scale;
    const isHeld = Number.isFinite(next) && Math.sign(next - held.from - held.centre) === Math.sign(held.change - held.centre) && Math.abs(next - held.from - held.centre) > limit;
    if (isHeld) s.accept(held.value);
    // A held hour that disagreed with the neighbours, proved real and was its run's first or second hour opens a local
    // event's run (see localEventHours): an event starting part-way through an hour, or a jump held and expired before
    // it held again, disagrees one hour before its jump. A jump later in a run that began with a creep leaves the run a
    // drift's. Settled before the next hour's verdict, the run is still the held hour's.
    if (isHeld && held.ifReal?.kind === 'local-event' && s.disagreeRun >= 1 && s.disagreeRun <= 2) [s.isJumpRun, s.jumpRunFrom] = [true, held.hourStartMs - (s.disagreeRun - 1) * HOUR_MS];
    const outcome = isHeld ? null : Number.isFinite(next) ? 'returned' : 'unconfirmed';
    const flag = outcome === null ? held.ifReal : { kind: 'spike' as const, isExcluded: true, reason: flagReason({ kind: 'spike', pollutant, change: held.change, scale: held.scale, k: this.options.spikeK, neighbours: held.neighbours, outcome }) };
    s.settled = { hourStartMs: held.hourStartMs, flag, held: held.held };
  }

  /**
   * Step two: the hour's verdict, with the neighbours' hours of the same hour that were observed so far; HELD when
   * the hour is held back (`held` is kept with it and given back by takeSettled or expire).
   */
  judge(stationId: string, pollutant: Pollutant, held: Held): HourFlag | null | typeof HELD {
    const s = this.seriesOf(stationId, pollutant);
    if (s.isRepeat) return !s.isSameHour ? null : s.pending?.hourStartMs === s.hourIndex * HOUR_MS ? HELD : s.verdict;
    const verdict = this.verdictOf(stationId, pollutant, s, held);
    s.verdict = verdict === HELD ? null : verdict;
    return verdict;
  }

  private verdictOf(stationId: string, pollutant: Pollutant, s: Series<Held>, held: Held): HourFlag | null | typeof HELD {
    // Judged once for learning, whatever comes of it: read again, the hour learns nothing (see Series.learnt).
    const isNewHour = s.learnt.add(s.hourIndex);
    if (s.ownFlag !== null) {
      s.disagreeRun = 0;
      s.isJumpRun = false;
      return s.ownFlag;
    }
    const { judged, deviation, expected } = this.compareWithNeighbours(stationId, pollutant, s);
    const isDisagreeing = Math.abs(deviation) > this.options.neighbourK;
    if (isDisagreeing && Math.sign(deviation) === s.disagreeSide) s.disagreeRun++;
    else {
      s.disagreeRun = isDisagreeing ? 1 : 0;
      s.disagreeSide = isDisagreeing ? Math.sign(deviation) : 0;
      s.isJumpRun = false;
    }
    // A run rebuilt from the primed hours that starts where the saved jump run did is that run (see jumpRunFrom).
    if (isDisagreeing && !s.isJumpRun && s.jumpRunFrom === (s.hourIndex - s.disagreeRun + 1) * HOUR_MS) s.isJumpRun = true;
    const facts = { pollutant, difference: s.value - expected, neighbours: judged, stationType: this.types.get(stationId) ?? '', hours: s.disagreeRun };
    const isDrift = s.disagreeRun >= (s.isJumpRun ? this.options.localEventHours : this.options.driftHours);
    const flag: HourFlag | null = !isDisagreeing ? null : isDrift ? { kind: 'drift', isExcluded: true, reason: flagReason({ kind: 'drift', ...facts }) } : { kind: 'local-event', isExcluded: false, reason: flagReason({ kind: 'local-event', ...facts }) };
    // A jump the neighbours saw too is real. One they did not see (or none could check) is held until the next hour.
    if (s.isSpikeCandidate && !isDrift && (Number.isNaN(deviation) || isDisagreeing)) {
      const n = s.acceptedCount;
      s.pending = { stationId, pollutant, held, hourStartMs: s.hourIndex * HOUR_MS, value: s.value, from: s.accepted[n - 1] as number, centre: s.spikeCentre, change: s.spikeChange, scale: s.spikeScale, neighbours: judged, ifReal: flag };
      this.heldSeries.add(s);
      return HELD;
    }
    s.accept(s.value);
    if (!isDisagreeing && s.pairIds.length > 0 && isNewHour) {
      learnPairs(s.pairs, this.relationScratch, this.options.baselineHours, Math.log1p(this.options.neighbourRelativeFloor), this.options.minBaselineHours);
      this.relationsLearnt = true;
    }
    return flag;
  }

  /**
   * The hour against the neighbours' same hour: how many pairs were judged (a usable value and a known usual
   * relation), the median over them of the relation's move in units of its usual deviation (NaN with fewer than 3),
   * and the value the neighbours point to (the median of what each pair's usual relation gives). Leaves each pair's
   * relation in relationScratch for learnPairs (NaN in the slots after the list, which learnPairs skips).
   */
  private compareWithNeighbours(stationId: string, pollutant: Pollutant, s: Series<Held>): { judged: number; deviation: number; expected: number } {
    const ids = this.neighbours.get(stationId) ?? [];
    // No list at all (the registry could not be read yet): nothing is judged, and what was learnt is kept.
    if (ids.length === 0) {
      this.relationScratch.fill(Number.NaN);
      return { judged: 0, deviation: Number.NaN, expected: Number.NaN };
    }
    if (s.pairIds !== ids) {
      // The registry changed: pairs with stations still neighbours keep what they learnt, new pairs start afresh.
      if (!sameIds(s.pairIds, ids)) remapPairs(s.pairs, s.pairIds, ids);
      s.pairIds = ids;
    }
    const p = POLLUTANT_SLOT[pollutant];
    const f = 2 * this.options.minScale[pollutant];
    const floor = Math.log1p(this.options.neighbourRelativeFloor);
    let judged = 0;
    this.relationScratch.fill(Number.NaN, ids.length);
    for (let k = 0; k < ids.length; k++) {
      const other = this.series.get(ids[k] as string)?.[p];
      const usable = other !== undefined && other.hourIndex === s.hourIndex && Number.isFinite(other.value);
      this.relationScratch[k] = usable ? s.level - other.level : Number.NaN;
      if (!usable) continue;
      const move = pairMove(s.pairs, k, this.relationScratch[k] as number, floor, this.options.minBaselineHours);
      if (Number.isNaN(move)) continue;
      this.scratch[judged] = move;
      this.scratch2[judged] = expectedFrom(s.pairs, k, other.value, f);
      judged++;
    }
    if (judged < 3) return { judged, deviation: Number.NaN, expected: Number.NaN };
    const middle = medianOf(this.scratch, judged);
    // Three pairs: all three must have moved, the same way — their median is the higher of two honest pairs as soon
    // as one neighbour is off (a month of the simulator's 8-station city left 3.5 % of its hours out as drift so).
    return { judged, deviation: judged === 3 ? leastOfThree(this.scratch) : middle, expected: medianOf(this.scratch2, judged) };
  }

  private spikeEvidence(s: Series<Held>, pollutant: Pollutant, value: number): void {
    const n = s.acceptedCount;
    if (n < this.options.spikeHistory) return;
    const changes = this.scratch;
    for (let i = 1; i < n; i++) changes[i - 1] = (s.accepted[i] as number) - (s.accepted[i - 1] as number);
    const centre = medianOf(changes, n - 1);
    for (let i = 0; i < n - 1; i++) this.scratch2[i] = Math.abs((changes[i] as number) - centre);
    const scale = Math.max(medianOf(this.scratch2, n - 1), this.options.minScale[pollutant]);
    const change = value - (s.accepted[n - 1] as number);
    s.spikeChange = change;
    s.spikeScale = scale;
    s.spikeCentre = centre;
    s.isSpikeCandidate = Math.abs(change - centre) > this.options.spikeK * scale;
  }

  private seriesOf(stationId: string, pollutant: Pollutant): Series<Held> {
    let list = this.series.get(stationId);
    if (list === undefined) {
      list = POLLUTANTS.map(() => new Series<Held>(this.options.spikeHistory, this.options.maxNeighbours));
      this.series.set(stationId, list);
    }
    return list[POLLUTANT_SLOT[pollutant]] as Series<Held>;
  }
}
