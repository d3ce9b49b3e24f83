/**
 * The synthetic city of the data-quality tests (quality-flagger.test.ts, quality-relations.test.ts): five
 * urban-background stations about 1 km apart, a believable hourly PM10 series, and a feed with a short warm-up.
 */
import type { Station } from '../../../src-shared/domain/station';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { AirQualityFeed } from '../air-quality-feed';
import { DEFAULT_QUALITY_OPTIONS } from './quality-flagger';
export const HOUR = 3_600_000;
/** Local midnight of 2026-07-01 in Europe/Amsterdam (UTC+2): hour h of the series is local day ⌊h / 24⌋ + 1. */
export const T0 = Date.UTC(2026, 5, 30, 22);
export const IDS = ['s0', 's1', 's2', 's3', 's4'];
/** A wall clock past every hour the tests feed (importRelations forgets hours learnt ahead of it). */
export const NOW = T0 + 10_000 * HOUR;

/** Five urban-background stations about 1 km apart (neighbours of each other); `placed` false leaves them unplaced. */
export function stations(placed = true): Station[] {
  return IDS.map((id, i) => ({ id, name: id, district: 'centre', lat: placed ? 52.37 + i * 0.01 : null, lon: placed ? 4.89 : null, stationType: 'urban-background' }));
}

/** A believable hourly PM10 series: a daily cycle of ±10 around 30 µg/m³ and a small station-specific wobble (±2). */
export function base(stationIndex: number, h: number): number {
  return 30 + 10 * Math.sin((2 * Math.PI * h) / 24) + (((h * 7 + stationIndex * 13) % 5) - 2);
}

/** One closed hour of PM10: 60 readings spread ±1 around `mean` (not stuck). */
export function hourWindow(stationId: string, h: number, mean: number, spread = 1): WindowAggregate {
  return { stationId, metric: 'pm10', sizeMs: HOUR, start: T0 + h * HOUR, count: 60, mean, min: mean - spread, max: mean + spread, stddev: spread / 2, p95: mean + spread };
}

/** A 12-hour warm-up of the usual relations keeps these series short (the defaults, 72 hours, are played in sensor-drift.test.ts). */
export const OPTIONS = { ...DEFAULT_QUALITY_OPTIONS, minBaselineHours: 12 };

export function newFeed(placed = true): AirQualityFeed {
  const feed = new AirQualityFeed({ index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' }, OPTIONS);
  feed.setStations(stations(placed), T0);
  return feed;
}

/** Feeds hours `from`…`to` (exclusive) of every station, `value(stationIndex, h)`, and returns the hours flagged drift. */
export function driftHours(feed: AirQualityFeed, value: (stationIndex: number, h: number) => number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let h = from; h < to; h++) {
    feed.onWindows(IDS.map((id, i) => hourWindow(id, h, value(i, h))));
    out.push(...feed.drainFlags().filter((f) => f.kind === 'drift').map((f) => (f.hourStartMs - T0) / HOUR));
  }
  return out;
}
