/**
 * The data capture of each closed hourly pollutant window (2008/50/EC Annex XI A: an hour needs 45 of its 60
 * minutes): the number of its minutes that had at least one reading, counted from the closed 1-minute windows
 * of the same series. An installation without 1-minute windows falls back to a rate rule: the hour's reading
 * count over the most readings that series had in any of its last 24 hours (its typical full hour), capped at
 * 1 — never more generous than the minute rule for a steady sensor, and an hour at a new, higher rate resets
 * the reference upwards.
 */
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { POLLUTANTS } from './pollutants';
import { HOUR_MS } from './validity';

/** Hours a series' typical rate looks back over (the fallback rule). */
const RATE_HOURS = 24;
/** Hours of minute counts a series keeps for hours not taken yet (a batch can close minutes of later hours first). */
const PENDING_HOURS = 24;

const POLLUTANT_INDEX: ReadonlyMap<string, number> = new Map(POLLUTANTS.map((p, i) => [p, i]));

/**
 * Per station and pollutant: the minutes with data of each hour not taken yet (by hour number — one batch of
 * a stream that fell behind closes an hour's window together with minutes of the next), and the recent hourly counts.
 */
interface SeriesState {
  minutesByHour: Map<number, number>;
  counts: number[];
}

export class HourCoverage {
  /** Per station, per pollutant (POLLUTANTS order). */
  private readonly series = new Map<string, (SeriesState | undefined)[]>();
  private sawMinuteWindows = false;

  /** A closed 1-minute window with at least one reading of a station's pollutant. */
  countMinute(w: WindowAggregate): void {
    this.sawMinuteWindows = true;
    const state = this.seriesOf(w.stationId, w.metric);
    const hour = Math.floor(w.start / HOUR_MS);
    const minutes = state.minutesByHour.get(hour);
    if (minutes !== undefined) return void state.minutesByHour.set(hour, minutes + 1);
    // A new hour: one whose window never came (its series stopped) is forgotten after a day.
    for (const h of state.minutesByHour.keys()) if (h <= hour - PENDING_HOURS) state.minutesByHour.delete(h);
    state.minutesByHour.set(hour, 1);
  }

  /** The data capture (0…1) of a closed hourly window, taken once: its minutes and those of earlier hours are dropped. */
  take(w: WindowAggregate): number {
    const state = this.seriesOf(w.stationId, w.metric);
    if (this.sawMinuteWindows) {
      const hour = Math.floor(w.start / HOUR_MS);
      const minutes = state.minutesByHour.get(hour) ?? 0;
      for (const h of state.minutesByHour.keys()) if (h <= hour) state.minutesByHour.delete(h);
      return Math.min(1, minutes / 60);
    }
    state.counts.push(w.count);
    if (state.counts.length > RATE_HOURS) state.counts.shift();
    const typical = Math.max(...state.counts);
    return typical > 0 ? Math.min(1, w.count / typical) : 0;
  }

  private seriesOf(stationId: string, metric: string): SeriesState {
    let station = this.series.get(stationId);
    if (station === undefined) this.series.set(stationId, (station = []));
    const p = POLLUTANT_INDEX.get(metric) as number;
    let state = station[p];
    if (state === undefined) station[p] = state = { minutesByHour: new Map(), counts: [] };
    return state;
  }
}
