/**
 * A replay snapshot as a stream frame (issue 19): the dashboard's own stores and components then draw the
 * past exactly as they draw the live feed. Each station's newest window becomes one "reading" at the
 * window's end; the city windows become closed city windows.
 */
import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { ReplaySnapshot } from '../../src-shared/domain/replay';
import type { StreamFrame } from '../../src-shared/ipc/frame';

/**
 * The frame for `snapshot`, built at wall time `now`. Station values whose window ended at or before
 * `after` were in an earlier frame of the same replay and are left out (the live rings append, so a
 * repeat would draw a point twice); -Infinity for the first frame after a seek.
 */
export function replayFrame(snapshot: ReplaySnapshot, seq: number, now: number, after: number): StreamFrame {
  const stations: string[] = [CITY_STATION_ID];
  const metrics: string[] = [];
  const stationIndex = new Map<string, number>([[CITY_STATION_ID, 0]]);
  const metricIndex = new Map<string, number>();
  const stationOf = (id: string): number => indexOf(stationIndex, stations, id);
  const metricOf = (id: string): number => indexOf(metricIndex, metrics, id);

  const { latest, city } = snapshot;
  const rawRows: number[] = [];
  for (let i = 0; i < latest.stationId.length; i++) if (latest.start[i]! + latest.sizeMs[i]! > after) rawRows.push(i);
  const raw = { station: new Uint32Array(rawRows.length), metric: new Uint32Array(rawRows.length), ts: new Float64Array(rawRows.length), value: new Float64Array(rawRows.length) };
  rawRows.forEach((row, i) => {
    raw.station[i] = stationOf(latest.stationId[row]!);
    raw.metric[i] = metricOf(latest.metric[row]!);
    raw.ts[i] = latest.start[row]! + latest.sizeMs[row]!;
    raw.value[i] = latest.mean[row]!;
  });

  const n = city.metric.length;
  const nan = (): Float64Array => new Float64Array(n).fill(Number.NaN);
  const windows = {
    station: new Uint32Array(n),
    metric: Uint32Array.from(city.metric, metricOf),
    sizeMs: Float64Array.from(city.sizeMs),
    start: Float64Array.from(city.start),
    count: nan(),
    mean: Float64Array.from(city.mean),
    min: Float64Array.from(city.min),
    max: Float64Array.from(city.max),
    stddev: nan(),
    p95: Float64Array.from(city.p95),
    p5: nan(),
  };
  const empty = { metric: new Uint32Array(0), start: new Float64Array(0), count: new Float64Array(0), mean: new Float64Array(0), min: new Float64Array(0), max: new Float64Array(0) };
  return { seq, at: now, stations, metrics, raw, windows, city: empty, readingsPerSec: 0, watermark: snapshot.at, pending: [], pendingTotal: 0 };
}

function indexOf(index: Map<string, number>, list: string[], id: string): number {
  let i = index.get(id);
  if (i === undefined) {
    i = list.length;
    list.push(id);
    index.set(id, i);
  }
  return i;
}
