import type { AlertThreshold } from './eu-standards';
import { RunningEightHourMean } from './running-mean';
import { HOUR_MS, isHourValid, type HourlyValue } from './validity';

/** An episode above an information or alert threshold. */
export interface ThresholdEpisode {
  readonly threshold: AlertThreshold;
  /** Start of the first hour above the level (for three-hour thresholds: the first of the three). */
  readonly startMs: number;
  /** Start of the first valid hour back at or below the level; null while the episode lasts. */
  readonly endMs: number | null;
  readonly hoursAbove: number;
  readonly highestHourly: { readonly value: number; readonly startMs: number };
  /** Highest running 8-hour mean (6 of 8 hours valid) while the episode lasted; null when none was valid. */
  readonly highest8hMean: { readonly value: number; readonly endMs: number } | null;
  readonly latestValue: number;
  readonly trend: Trend;
}

export type Trend = 'rising' | 'steady' | 'falling';

/** What one hour did to the threshold. */
export type ThresholdEvent = { readonly type: 'crossed' | 'continues' | 'ended'; readonly episode: ThresholdEpisode } | { readonly type: 'none' };

/**
 * Watches one station's hourly values against one threshold (2008/50/EC Annex XII): an episode starts
 * when `consecutiveHours` valid, consecutive hours are all above the level (one hour for O3, three for
 * NO2 and SO2) and ends at the first valid hour at or below it. A missing or invalid hour neither
 * starts, extends nor ends an episode, but breaks a run of consecutive hours that has not started one.
 * Feed hours in increasing order.
 */
export class ThresholdTracker {
  readonly threshold: AlertThreshold;
  private readonly running = new RunningEightHourMean();
  private readonly recentValid: number[] = [];
  private runStartMs = Number.NaN;
  private runLength = 0;
  private lastValidStartMs = Number.NEGATIVE_INFINITY;
  private lastStartMs = Number.NEGATIVE_INFINITY;
  private episode: Mutable<ThresholdEpisode> | null = null;
  private pendingPeak: { value: number; startMs: number } | null = null;

  constructor(threshold: AlertThreshold) {
    this.threshold = threshold;
  }

  /** The episode in progress, if any. */
  get current(): ThresholdEpisode | null {
    return this.episode;
  }

  /** Adds one closed hour. Throws, changing nothing, when it is not later than the last one. */
  addHour(hour: HourlyValue): ThresholdEvent {
    if (hour.startMs <= this.lastStartMs) throw new Error(`hour ${new Date(hour.startMs).toISOString()} is not after the last one; feed hours in increasing order`);
    this.lastStartMs = hour.startMs;
    const mean8h = this.running.add(hour);
    if (!isHourValid(hour)) return this.episode === null ? this.breakRun() : { type: 'none' };
    this.recentValid.push(hour.value);
    if (this.recentValid.length > 3) this.recentValid.shift();
    const isAbove = hour.value > this.threshold.level;
    const isConsecutive = hour.startMs - this.lastValidStartMs === HOUR_MS;
    this.lastValidStartMs = hour.startMs;
    if (this.episode !== null) return this.continueEpisode(hour, isAbove, mean8h);
    if (!isAbove) return this.breakRun();
    if (this.runLength === 0 || !isConsecutive) {
      this.runStartMs = hour.startMs;
      this.runLength = 0;
      this.pendingPeak = null;
    }
    this.runLength++;
    if (this.pendingPeak === null || hour.value > this.pendingPeak.value) this.pendingPeak = { value: hour.value, startMs: hour.startMs };
    if (this.runLength < this.threshold.consecutiveHours) return { type: 'none' };
    this.episode = {
      threshold: this.threshold,
      startMs: this.runStartMs,
      endMs: null,
      hoursAbove: this.runLength,
      highestHourly: this.pendingPeak,
      highest8hMean: Number.isNaN(mean8h) ? null : { value: mean8h, endMs: hour.startMs + HOUR_MS },
      latestValue: hour.value,
      trend: this.trend(),
    };
    return { type: 'crossed', episode: { ...this.episode } };
  }

  private continueEpisode(hour: HourlyValue, isAbove: boolean, mean8h: number): ThresholdEvent {
    const episode = this.episode as Mutable<ThresholdEpisode>;
    episode.latestValue = hour.value;
    episode.trend = this.trend();
    if (!Number.isNaN(mean8h) && (episode.highest8hMean === null || mean8h > episode.highest8hMean.value)) episode.highest8hMean = { value: mean8h, endMs: hour.startMs + HOUR_MS };
    if (isAbove) {
      episode.hoursAbove++;
      if (hour.value > episode.highestHourly.value) episode.highestHourly = { value: hour.value, startMs: hour.startMs };
      return { type: 'continues', episode: { ...episode } };
    }
    episode.endMs = hour.startMs;
    this.episode = null;
    this.breakRun();
    return { type: 'ended', episode: { ...episode } };
  }

  private breakRun(): ThresholdEvent {
    this.runLength = 0;
    this.pendingPeak = null;
    return { type: 'none' };
  }

  /**
   * The trend of the last valid hours: the latest against the mean of the (up to) two before it,
   * steady within 5 % of the threshold level either way.
   */
  private trend(): Trend {
    const values = this.recentValid;
    if (values.length < 2) return 'steady';
    const latest = values[values.length - 1] as number;
    const before = values.slice(0, -1);
    const reference = before.reduce((a, b) => a + b, 0) / before.length;
    const tolerance = 0.05 * this.threshold.level;
    if (latest - reference > tolerance) return 'rising';
    if (reference - latest > tolerance) return 'falling';
    return 'steady';
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
