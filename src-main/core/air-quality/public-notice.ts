import type { ThresholdEpisode } from './threshold-tracker';
import type { PublicNoticeContent } from '../../../src-shared/domain/public-notice';
import { CONCENTRATION_UNIT, POLLUTANT_LABEL } from './pollutants';

/**
 * The fields of a draft public notice for an information or alert threshold episode — the items the
 * directive asks to be published (2008/50/EC Annex XVI point 2, for the thresholds of Annex XII):
 * area, threshold, start and expected duration, highest hourly value and 8-hour mean, trend, population
 * groups at risk and precautions. Plain data for the operator to review, complete and issue; the
 * free-text fields start empty (the operator's words, not the program's). One home: the shared domain
 * type, which the contract carries.
 */
export type PublicNoticeDraft = PublicNoticeContent;

/**
 * A draft notice from an episode (from the tracker of one station, the first of `stationIds`, which the
 * highest values are attributed to; notice-area.ts combines the episodes of several stations).
 */
export function draftPublicNotice(episode: ThresholdEpisode, area: string, stationIds: readonly string[]): PublicNoticeDraft {
  const { threshold } = episode;
  const stationId = stationIds[0] ?? '';
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
    highestHourly: { ...episode.highestHourly, stationId },
    highest8hMean: episode.highest8hMean === null ? null : { ...episode.highest8hMean, stationId },
    trend: episode.trend,
    populationGroupsAtRisk: [],
    precautions: [],
  };
}
