/** An O3 information-threshold episode's notice content, for the notice tests. */
import type { PublicNoticeContent } from '../../../src-shared/domain/public-notice';

const T0 = Date.UTC(2026, 6, 14, 12);

export const EPISODE_CONTENT: PublicNoticeContent = {
  area: 'Centrum', stationIds: ['st-02'], pollutant: 'O3', thresholdKind: 'information', thresholdLevel: 180, unit: 'µg/m³', averaging: '1 hour',
  source: '2008/50/EC Annex XII B (ozone information threshold, 1 hour)', startMs: T0, endMs: null, expectedDuration: '',
  highestHourly: { value: 201.4, startMs: T0, stationId: 'st-02' }, highest8hMean: null, trend: 'rising', populationGroupsAtRisk: [], precautions: [],
};
