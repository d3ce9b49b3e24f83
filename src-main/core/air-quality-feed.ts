/**
 * The air-quality part of the outcomes (issue 18): routes each batch of closed windows of the pollutant
 * metrics into one StationAirQuality per station, and answers with what the rest of the app needs — the
 * threshold alarms' conditions, each station's current index for the frame, the live compliance figures,
 * and when the daily calibration-due check is due. Pure: no clock but the times it is given.
 *
 * Hourly values: a closed 1-hour window (size HOUR_MS) gives `value` = its mean, with its data capture from
 * `HourCoverage` (air-quality/hour-coverage.ts).
 */
import type { Station } from '../../src-shared/domain/station';
import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import type { AirComplianceResult, AirQualityFlag, QualityFlagHour, StationAirIndex } from '../../src-shared/domain/air-quality';
import type { AirQualitySettings } from '../../src-shared/settings/schema';
import type { Condition } from './rules/condition';
import { StationAirQuality } from './air-quality/station-air-quality';
import { LocalCalendar } from './air-quality/local-calendar';
import { DIRECTIVE_2008_50, DIRECTIVE_2024_2881, THRESHOLDS_2008_50, type StandardSet } from './air-quality/eu-standards';
import { POLLUTANTS, type Pollutant } from './air-quality/pollutants';
import type { ThresholdEpisode, ThresholdEvent } from './air-quality/threshold-tracker';
import { HOUR_MS, type HourlyValue } from './air-quality/validity';
import { DEFAULT_QUALITY_OPTIONS, HELD, QualityFlagger, type HourFlag, type QualityFlagOptions } from './air-quality/quality-flagger';
import { QualityFlagList } from './air-quality/quality-flag-list';
import { isThresholdRuleId, restoredEnds, thresholdCondition, thresholdRuleId } from './air-quality/threshold-alarm';
import { eeaIndex, epaIndex } from './air-quality/station-index';
import { complianceNote } from './air-quality/live-compliance-note';
import { HourCoverage } from './air-quality/hour-coverage';
import { decodeRelations, encodeRelations } from './air-quality/neighbour-relations';

export { isThresholdRuleId, thresholdRuleId };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A frame carries the index list when it changed, and at least this often so a client that joins late gets it. */
export const AIR_INDEX_RESEND_MS = 5_000;

const POLLUTANT_INDEX: ReadonlySet<string> = new Set(POLLUTANTS);

/** A primed hour's stored data capture, 0…1 (undefined: the feed's own rule). */
export type PrimedCoverage = (hour: WindowAggregate) => number | undefined;

/** What the quality checks keep with an hour they hold back (a jump its neighbours did not see): the window and how it was fed. */
interface HeldHour {
  readonly window: WindowAggregate;
  readonly primed: PrimedCoverage | null;
}

export class AirQualityFeed {
  private readonly calendar: LocalCalendar;
  private readonly set: StandardSet;
  private readonly stationsAq = new Map<string, StationAirQuality>();
  private readonly hourCoverage = new HourCoverage();
  private readonly indices = new Map<string, StationAirIndex>();
  /** The latest threshold episode of each threshold alarm (by alarm id), ended ones included: public notices read it. */
  private readonly episodes = new Map<string, ThresholdEpisode>();
  /** The end of the input's newest hour: every station's days close up to it (advanceStations); from the older hour on when input goes back before the primed hours. */
  private latestHourEnd = Number.NEGATIVE_INFINITY;
  private indexChanged = false;
  private lastIndexSentAt = Number.NEGATIVE_INFINITY;
  private stations: readonly Station[] = [];
  private lastCalibrationDay = Number.NaN;
  /** Hours refused by the core (a repeat or out of order): counted, never thrown into the pipeline. */
  private refusedHours = 0;
  /** Operators' invalidated periods per station and metric (setInvalidations). */
  private invalidations = new Map<string, { fromMs: number; toMs: number }[]>();

  /** Automatic data-quality flags (null: off); flagged hours that are left out count as missing. */
  private readonly quality: QualityFlagger<HeldHour> | null;
  private readonly flagList = new QualityFlagList(AIR_INDEX_RESEND_MS);
  /** Every flagged hour judged since the last drainFlags, for the store. */
  private raisedFlags: QualityFlagHour[] = [];
  /**
   * Threshold alarms (`air:o3-information@st-01`) restored active after a restart whose episode no tracker of
   * this run holds: the first valid hour at or below the level clears them (restoreActiveThresholds).
   */
  private readonly restoredActive = new Set<string>();
  /** Per station and pollutant, the first and last hour primed from the store (prime); the first primed hour's start. */
  private readonly primedRange = new Map<string, { from: number; through: number }>();
  private primedFrom = Number.POSITIVE_INFINITY;
  /** Restored threshold alarms left to a primed tracker (prime): back to the restore rule if that station starts afresh. */
  private readonly restoredTracked = new Set<string>();

  constructor(private readonly settings: AirQualitySettings, quality: QualityFlagOptions | null = DEFAULT_QUALITY_OPTIONS) {
    this.quality = quality === null ? null : new QualityFlagger<HeldHour>(quality);
    this.calendar = new LocalCalendar(settings.timeZone);
    this.set = settings.standard === '2024/2881' ? DIRECTIVE_2024_2881 : DIRECTIVE_2008_50;
  }

  /**
   * One batch of closed windows: minute windows first (they fill the hours' data capture), then the
   * hourly windows into the stations' air quality. Returns the threshold alarms' conditions.
   */
  onWindows(closed: readonly WindowAggregate[]): Condition[] {
    // One pass, the size first: most closed windows are 10-s windows of other metrics (the feed's CPU share, issue 18).
    const hours: WindowAggregate[] = [];
    for (const w of closed) {
      const size = w.sizeMs;
      if (size === MINUTE_MS) {
        if (w.count > 0 && isStationPollutant(w)) this.hourCoverage.countMinute(w);
      } else if (size === HOUR_MS && isStationPollutant(w)) hours.push(w);
    }
    const conditions: Condition[] = [];
    const touched = new Map<string, number>();
    // Live hours: learnt again (after a restart the primed ones were not, the saved relations hold them).
    if (hours.length > 0) this.quality?.resumeLearning();
    for (const group of byHourStart(hours)) this.addHours(group, conditions, touched);
    if (touched.size > 0) this.advanceStations();
    for (const [stationId, hourStart] of touched) this.updateIndex(stationId, hourStart);
    return conditions;
  }

  /**
   * The closed hourly windows of one hour start (every station and pollutant): judged, added, their events
   * collected. `primed`: stored hours fed after a restart (see prime), with their stored data capture when known.
   */
  private addHours(hours: readonly WindowAggregate[], conditions: Condition[], touched: Map<string, number>, primed: PrimedCoverage | null = null): void {
    // Input older than the stored hours (a replay, a simulator started again): the station starts afresh from it,
    // its checks too, before the hour is observed (its series would take it for a repeat and check nothing).
    if (primed === null && this.primedRange.size > 0) {
      for (const w of hours) if (w.start < (this.primedRange.get(`${w.stationId}\u0000${w.metric}`)?.from ?? Number.NEGATIVE_INFINITY)) this.forgetPrimed(w.stationId);
    }
    // Every station's hour is observed before any is judged, so a station is compared with its neighbours' same hour.
    if (this.quality !== null) for (const w of hours) this.quality.observe(w.stationId, w.metric as Pollutant, w);
    for (const w of hours) {
      const pollutant = w.metric as Pollutant;
      const seriesKey = `${w.stationId}\u0000${pollutant}`;
      const range = primed === null ? this.primedRange.get(seriesKey) : undefined;
      // An hour primed from the store and closed again (the stream re-read from its resume point) is in already.
      if (range !== undefined && w.start >= range.from && w.start <= range.through) continue;
      // The series' held hour, settled by this hour's observation: added first, in its place.
      const settled = this.quality?.takeSettled(w.stationId, pollutant) ?? null;
      if (settled !== null) this.addJudged(settled.held.window, settled.flag, settled.held.primed, conditions, touched, true);
      let flag: HourFlag | null | typeof HELD = null;
      try {
        flag = this.quality?.judge(w.stationId, pollutant, { window: w, primed }) ?? null;
      } catch {
        this.refusedHours++;
        continue;
      }
      // A jump the neighbours did not see waits for the series' next hour (or expires), which tells a glitch from a real change.
      if (flag === HELD) continue;
      this.addJudged(w, flag, primed, conditions, touched);
    }
    // After each hour start, as a live engine closes them one by one: a catch-up batch or priming judges alike.
    if (this.quality?.hasHeld === true && hours.length > 0) this.expireHeld((hours[0] as WindowAggregate).start, conditions, touched);
  }

  /**
   * Held hours whose series sent no next hour while the others went on for two more (the input reached hour
   * `reachedStart`): left out as spikes (unconfirmed) before the days are closed, so the hour still lands in its own
   * day. The input's own hour, not the newest ever closed: input that starts again from older hours (after prime)
   * would otherwise expire every held hour of it at once, before its next hour could settle it.
   */
  private expireHeld(reachedStart: number, conditions: Condition[], touched: Map<string, number>): void {
    for (const hour of this.quality?.heldHours() ?? []) {
      if (hour.hourStartMs + 2 * HOUR_MS > reachedStart) continue;
      const settled = this.quality?.expire(hour.stationId, hour.pollutant) ?? null;
      if (settled !== null) this.addJudged(settled.held.window, settled.flag, settled.held.primed, conditions, touched, true);
    }
  }

  /** Moves every station's days on to the latest hour's end, but not past an hour of it still held back. */
  private advanceStations(): void {
    const floor = new Map<string, number>();
    for (const hour of this.quality?.heldHours() ?? []) floor.set(hour.stationId, Math.min(floor.get(hour.stationId) ?? Number.POSITIVE_INFINITY, hour.hourStartMs));
    for (const station of this.stationsAq.values()) station.advanceTo(Math.min(this.latestHourEnd, floor.get(station.stationId) ?? Number.POSITIVE_INFINITY));
  }

  /**
   * One judged hour into its station: counted (or left out by its flag or an operator's mark), its events
   * collected. `wasHeld`: its verdict came an hour late, so its flag is stored now even when it was primed (an
   * hour held when the engine stopped had none stored; storing one again changes nothing).
   */
  private addJudged(w: WindowAggregate, flag: HourFlag | null, primed: PrimedCoverage | null, conditions: Condition[], touched: Map<string, number>, wasHeld = false): void {
    const pollutant = w.metric as Pollutant;
    const seriesKey = `${w.stationId}\u0000${pollutant}`;
    const station = this.stationAq(w.stationId);
    let events: readonly Exclude<ThresholdEvent, { type: 'none' }>[];
    try {
      const counted = this.hourCoverage.take(w);
      const coverage = primed?.(w) ?? counted;
      const hour = { startMs: w.start, value: w.mean, coverage: flag?.isExcluded === true || this.isInvalidated(w.stationId, pollutant, w.start) ? 0 : coverage };
      events = station.addHour(pollutant, hour).thresholdEvents;
      if (primed !== null) {
        this.primedRange.set(seriesKey, { from: Math.min(w.start, this.primedRange.get(seriesKey)?.from ?? w.start), through: w.start });
        this.primedFrom = Math.min(this.primedFrom, w.start);
      } else if (this.restoredActive.size > 0) this.endRestored(w.stationId, pollutant, hour, events, conditions);
      this.flagList.record(w.stationId, pollutant, w.start, flag);
      // A primed hour's flag was stored when the hour first closed.
      if (flag !== null && (primed === null || wasHeld)) this.raisedFlags.push({ stationId: w.stationId, metric: pollutant, hourStartMs: w.start, kind: flag.kind, isExcluded: flag.isExcluded, reason: flag.reason });
    } catch {
      this.refusedHours++;
      return;
    }
    for (const event of events) {
      conditions.push(thresholdCondition(w.stationId, pollutant, event, w.start + HOUR_MS));
      this.episodes.set(`${thresholdRuleId(pollutant, event.episode.threshold.kind)}@${w.stationId}`, event.episode);
    }
    touched.set(w.stationId, Math.max(touched.get(w.stationId) ?? Number.NEGATIVE_INFINITY, w.start));
    this.latestHourEnd = Math.max(this.latestHourEnd, w.start + HOUR_MS);
  }

  /**
   * After a restart (issue 18): the last stored hours of the pollutant series, fed oldest first as if they had
   * just closed, so the engine goes on where it was instead of starting empty:
   * - the data-quality checks: a stuck or drifting sensor's run goes on (a drift hour is left out at once, not
   *   after another six hours) and the flags in force show before the next hour closes;
   * - the indices show at once (NowCast reads the last 12 hours), not an hour or more later;
   * - the threshold trackers: a three-hour NO2 or SO2 run goes on (two hours above before the restart and one
   *   after raise the alert), and an episode under way is known with its start and peaks — its alarm, stored
   *   active, ends when the tracker ends the episode, and its public notice gets the episode's figures;
   * - the live counters count those hours.
   * Nothing is raised or stored from them: their conditions and flags were when the hours first closed — but for a
   * held last hour (held when the engine stopped, it had no verdict yet): its verdict is stored and its conditions
   * raised when the next live hour settles it.
   * `coverage`: a stored hour's data capture (the store's minute rule); without it the feed's rate rule.
   * A primed hour that closes again later (the stream re-read from its resume point) is skipped.
   */
  prime(stored: readonly WindowAggregate[], coverage: PrimedCoverage = () => undefined): void {
    const touched = new Map<string, number>();
    for (const hours of byHourStart(stored.filter((w) => w.sizeMs === HOUR_MS && isStationPollutant(w)))) this.addHours(hours, [], touched, coverage);
    if (touched.size > 0) this.advanceStations();
    for (const [stationId, hourStart] of touched) this.updateIndex(stationId, hourStart);
    // A restored alarm whose episode the primed tracker holds ends with it (as any other), not by the restore rule.
    for (const alarmId of this.restoredActive) {
      if (!this.isTracked(alarmId)) continue;
      this.restoredActive.delete(alarmId);
      this.restoredTracked.add(alarmId);
    }
  }

  /** Drops what priming gave a station (its air quality, index and primed ranges): its input went back before the stored hours. */
  private forgetPrimed(stationId: string): void {
    this.stationsAq.delete(stationId);
    // The input's newest hour is now this older one: days are closed up to it, not up to the primed hours' end
    // (all input goes back together: the watermark never does, and late readings are merged, not fed here), and
    // the live counters no longer start with the stored hours.
    this.latestHourEnd = Number.NEGATIVE_INFINITY;
    this.primedFrom = Number.POSITIVE_INFINITY;
    if (this.indices.delete(stationId)) this.indexChanged = true;
    for (const key of [...this.primedRange.keys()]) if (key.startsWith(`${stationId}\u0000`)) this.primedRange.delete(key);
    // Its held hours too: the series start afresh.
    this.quality?.restartStation(stationId);
    this.flagList.forgetStation(stationId);
    for (const alarmId of [...this.restoredTracked]) {
      if (alarmId.slice(alarmId.indexOf('@') + 1) !== stationId) continue;
      this.restoredTracked.delete(alarmId);
      this.restoredActive.add(alarmId);
    }
  }

  /** Whether a threshold alarm's (`air:no2-alert@st-01`) episode is under way in its tracker. */
  private isTracked(alarmId: string): boolean {
    const at = alarmId.indexOf('@');
    const [ruleId, stationId] = [alarmId.slice(0, at), alarmId.slice(at + 1)];
    const threshold = THRESHOLDS_2008_50.find((t) => thresholdRuleId(t.pollutant, t.kind) === ruleId);
    return threshold !== undefined && this.stationsAq.get(stationId)?.hasEpisode(threshold.id) === true;
  }

  /**
   * After a restart: the threshold alarms stored active (alarm ids; others are ignored). Their episode began
   * before this engine, so its trackers will never see it end; without this an alarm raised before a restart
   * stood for ever once the air was clean again. The first valid hour at or below the level clears it and is
   * kept as the alarm's episode (an end only: its public notice entry takes it); an hour above is left to the
   * tracker, which raises (and later ends) the episode as it sees it.
   */
  restoreActiveThresholds(alarmIds: Iterable<string>): void {
    for (const id of alarmIds) {
      if (!isThresholdRuleId(id.slice(0, id.indexOf('@')))) continue;
      if (this.isTracked(id)) this.restoredTracked.add(id);
      else this.restoredActive.add(id);
    }
  }

  private endRestored(stationId: string, pollutant: Pollutant, hour: HourlyValue, events: readonly Exclude<ThresholdEvent, { type: 'none' }>[], conditions: Condition[]): void {
    for (const end of restoredEnds(stationId, pollutant, hour, events, this.restoredActive)) {
      this.restoredActive.delete(end.alarmId);
      if (end.episode === null || end.condition === null) continue;
      // Its public notice's entry, open since before the restart, takes this end (notice-area.ts followEpisode).
      this.episodes.set(end.alarmId, end.episode);
      conditions.push(end.condition);
    }
  }

  /** The latest episode of a threshold alarm (`air:o3-information@st-02`), ended or not; null when none since the engine started. */
  episode(alarmId: string): ThresholdEpisode | null {
    return this.episodes.get(alarmId) ?? null;
  }

  /** The data-quality checks' learnt relations between neighbouring stations, to save; null when unchanged since the last call. */
  exportRelations(): string | null {
    const list = this.quality?.exportRelations() ?? null;
    return list === null ? null : encodeRelations(list);
  }

  /**
   * Relations saved by exportRelations, before the first hour (and before prime), at the wall clock `nowMs`; throws,
   * taking none, when the text is not that form.
   */
  importRelations(text: string, nowMs: number): number {
    return this.quality?.importRelations(decodeRelations(text), nowMs) ?? 0;
  }

  /** The current data-quality flags (a station's pollutant whose latest hour was flagged). */
  currentFlags(): AirQualityFlag[] {
    return this.flagList.current();
  }

  /** The flagged hours judged since the last call, oldest first, to be stored (the stored figures leave the excluded ones out). */
  drainFlags(): QualityFlagHour[] {
    if (this.raisedFlags.length === 0) return [];
    const raised = this.raisedFlags;
    this.raisedFlags = [];
    return raised;
  }

  /** The flag list for a frame built at `now`: when it changed, or every AIR_INDEX_RESEND_MS while there are flags; null otherwise. */
  flagsForFrame(now: number): AirQualityFlag[] | null {
    return this.flagList.forFrame(now);
  }

  /**
   * The periods operators marked invalid (issue 18): an hour overlapping one enters as invalid (coverage 0),
   * so it feeds no index, threshold or live count. Replaces the whole list.
   */
  setInvalidations(list: readonly { readonly stationId: string; readonly metric: string; readonly fromMs: number; readonly toMs: number }[]): void {
    this.invalidations = new Map();
    for (const i of list) {
      const key = `${i.stationId}\u0000${i.metric}`;
      this.invalidations.set(key, [...(this.invalidations.get(key) ?? []), { fromMs: i.fromMs, toMs: i.toMs }]);
    }
  }

  /** Each station's current index (stations without a valid pollutant hour yet are absent). */
  currentIndices(): StationAirIndex[] {
    return [...this.indices.values()];
  }

  /** The index list for a frame built at `now`: when it changed, or every AIR_INDEX_RESEND_MS; null otherwise. */
  indicesForFrame(now: number): StationAirIndex[] | null {
    if (this.indices.size === 0) return null;
    if (!this.indexChanged && now - this.lastIndexSentAt < AIR_INDEX_RESEND_MS) return null;
    this.indexChanged = false;
    this.lastIndexSentAt = now;
    return this.currentIndices();
  }

  /**
   * Compliance of every station and pollutant in local year `year`, from the live counters (the current
   * and the previous local year of the data). `year` null: the local year of the input's newest closed hour
   * (since it last went back before the primed hours).
   */
  compliance(year: number | null): AirComplianceResult {
    const dataYear = Number.isFinite(this.latestHourEnd) ? this.calendar.dayOf(this.latestHourEnd - 1).year : null;
    const asked = year ?? dataYear ?? 0;
    const rows: AirComplianceResult['rows'][number][] = [];
    for (const [stationId, station] of [...this.stationsAq].sort(([a], [b]) => a.localeCompare(b))) {
      for (const pollutant of POLLUTANTS) {
        const figures = station.compliance(pollutant, asked);
        if (figures.length > 0) rows.push({ stationId, pollutant, figures });
      }
    }
    return { year: asked, standard: this.set.id, timeZone: this.calendar.zone, rows, note: complianceNote(asked, dataYear, rows.length, this.refusedHours, this.primedFrom) };
  }

  /** The stations the calibration check reads; the caller runs the check at once. */
  setStations(stations: readonly Station[], now: number): readonly Station[] {
    this.stations = stations;
    this.quality?.setStations(stations);
    this.lastCalibrationDay = Math.floor(now / DAY_MS);
    return stations;
  }

  /** The station registry last set (empty before the first). */
  get registry(): readonly Station[] {
    return this.stations;
  }

  /** The stations to check for calibration due when a new UTC day began since the last check; null otherwise. */
  calibrationCheckDue(now: number): readonly Station[] | null {
    const day = Math.floor(now / DAY_MS);
    if (day === this.lastCalibrationDay || this.stations.length === 0) return null;
    this.lastCalibrationDay = day;
    return this.stations;
  }

  get index(): AirQualitySettings['index'] {
    return this.settings.index;
  }

  private isInvalidated(stationId: string, metric: string, hourStart: number): boolean {
    const periods = this.invalidations.get(`${stationId}\u0000${metric}`);
    return periods !== undefined && periods.some((p) => p.fromMs < hourStart + HOUR_MS && p.toMs > hourStart);
  }

  private stationAq(stationId: string): StationAirQuality {
    let station = this.stationsAq.get(stationId);
    if (station === undefined) {
      station = new StationAirQuality({ stationId, calendar: this.calendar, set: this.set, thresholds: THRESHOLDS_2008_50 });
      this.stationsAq.set(stationId, station);
    }
    return station;
  }

  private updateIndex(stationId: string, hourStart: number): void {
    const station = this.stationsAq.get(stationId);
    if (station === undefined) return;
    const next = this.settings.index === 'epa' ? epaIndex(station, stationId, hourStart) : eeaIndex(station, stationId, hourStart);
    const previous = this.indices.get(stationId);
    if (next === null) {
      if (previous !== undefined) {
        this.indices.delete(stationId);
        this.indexChanged = true;
      }
      return;
    }
    if (previous === undefined || previous.value !== next.value || previous.decidingPollutant !== next.decidingPollutant || previous.hourStartMs !== next.hourStartMs) {
      this.indices.set(stationId, next);
      this.indexChanged = true;
    }
  }
}

/**
 * Hourly pollutant windows grouped by hour start, oldest first: a batch of a stream that fell behind (or stored
 * history) can hold several hours of one series, and each is judged after its own hour's neighbours were observed.
 * Sorts `hours` in place when it is out of order.
 */
function byHourStart(hours: WindowAggregate[]): WindowAggregate[][] {
  if (hours.length === 0) return [];
  if (hours.some((w, i) => i > 0 && w.start < (hours[i - 1] as WindowAggregate).start)) hours.sort((a, b) => a.start - b.start);
  const groups: WindowAggregate[][] = [];
  for (const w of hours) {
    const last = groups[groups.length - 1];
    if (last !== undefined && (last[0] as WindowAggregate).start === w.start) last.push(w);
    else groups.push([w]);
  }
  return groups;
}

/** A pollutant window of one station (the city-wide '*' windows are not a monitoring site and are left out). */
function isStationPollutant(w: WindowAggregate): boolean {
  return w.stationId !== CITY_STATION_ID && POLLUTANT_INDEX.has(w.metric);
}
