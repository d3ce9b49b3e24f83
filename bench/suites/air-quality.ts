// airQuality.feedUsPerStationHour: what the engine's air-quality part (src-main/core/air-quality-feed.ts) costs
// per station and hour — six pollutants, each with its 60 closed 1-minute windows and its 1-hour window, through
// AirQualityFeed.onWindows (coverage, compliance counters, threshold trackers, the station's index). Building the
// windows is not timed. Divide by 3.6e9 µs for the share of one core per station (issue 18 asks < 2 % of engine CPU).
import { AirQualityFeed } from '../../src-main/core/air-quality-feed';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import { median, seededRandom } from '../stats';
import type { BenchOptions, BenchResult } from '../types';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const POLLUTANTS = ['pm10', 'pm25', 'no2', 'o3', 'so2', 'co'];

function hourBatch(stations: number, hourStart: number, random: () => number): WindowAggregate[] {
  const out: WindowAggregate[] = [];
  for (let s = 0; s < stations; s++) {
    const stationId = `st-${s}`;
    for (const metric of POLLUTANTS) {
      const mean = 5 + random() * 200;
      for (let m = 0; m < 60; m++) out.push({ stationId, metric, sizeMs: MINUTE, start: hourStart + m * MINUTE, count: 60, mean, min: mean, max: mean, stddev: 0, p95: mean });
      out.push({ stationId, metric, sizeMs: HOUR, start: hourStart, count: 3600, mean, min: mean, max: mean, stddev: 0, p95: mean });
    }
  }
  return out;
}

function once(stations: number, hours: number, random: () => number): number {
  const feed = new AirQualityFeed({ index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' });
  const start = Date.UTC(2026, 0, 1);
  let ms = 0;
  for (let h = 0; h < hours; h++) {
    const batch = hourBatch(stations, start + h * HOUR, random);
    const started = performance.now();
    feed.onWindows(batch);
    ms += performance.now() - started;
  }
  return (ms * 1000) / (stations * hours);
}

/** Runs the suite. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  const random = seededRandom(18);
  const stations = options.quick ? 50 : 200;
  const hours = options.quick ? 48 : 24 * 7;
  const runs = options.quick ? 3 : 5;
  once(stations, 24, random);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(once(stations, hours, random));
  return { 'airQuality.feedUsPerStationHour': { median: median(samples), unit: 'µs/station-hour', runs, stations, hours } };
}
