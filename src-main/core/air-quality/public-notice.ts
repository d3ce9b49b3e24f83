import type { ThresholdEpisode, Trend } from './threshold-tracker';
import { CONCENTRATION_UNIT, POLLUTANT_LABEL } from './pollutants';

/**
 * The fields of a draft public notice for an information or alert threshold episode — the items the
 * directive asks to be published (2008/50/EC Annex XVI point 2, for the thresholds of Annex XII):
 * area, threshold, start and expected duration, highest hourly value and 8-hour mean, trend, population
 * groups at risk and precautions. Plain data for the operator to review, complete and issue; the
 * free-text fields start empty (the operator's words, not the program's).
 */
export interface PublicNoticeDraft {
  readonly area: string;
  readonly stationIds: readonly string[];
  readonly pollutant: string;
  readonly thresholdKind: 'information' | 'alert';
  readonly thresholdLevel: number;
  readonly unit: string;
  /** "1 hour" or "3 consecutive hours". */
  readonly averaging: string;
  readonly source: string;
  readonly startMs: number;
  /** Null while the episode lasts. */
  readonly endMs: number | null;
  /** For the operator: the expected duration (e.g. "until this evening"); empty in the draft. */
  readonly expectedDuration: string;
  readonly highestHourly: { readonly value: number; readonly startMs: number };
  readonly highest8hMean: { readonly value: number; readonly endMs: number } | null;
  readonly trend: Trend;
  /** For the operator; empty in the draft. */
  readonly populationGroupsAtRisk: readonly string[];
  readonly precautions: readonly string[];
}

/** A draft notice from an episode (from the tracker of one station, or the worst of several in `area`). */
export function draftPublicNotice(episode: ThresholdEpisode, area: string, stationIds: readonly string[]): PublicNoticeDraft {
  const { threshold } = episode;
  return {
    area,
    stationIds: [...stationIds],
    pollutant: POLLUTANT_LABEL[threshold.pollutant],
    thresholdKind: threshold.kind,
    thresholdLevel: threshold.level,
    unit: CONCENTRATION_UNIT[threshold.pollutant],
    averaging: threshold.consecutiveHours === 1 ? '1 hour' : `${threshold.consecutiveHours} consecutive hours`,
    source: threshold.source,
    startMs: episode.startMs,
    endMs: episode.endMs,
    expectedDuration: '',
    highestHourly: episode.highestHourly,
    highest8hMean: episode.highest8hMean,
    trend: episode.trend,
    populationGroupsAtRisk: [],
    precautions: [],
  };
}
