/**
 * Late values on their way to the store. A value whose smallest window had already closed goes into the
 * lowest of its windows still open in memory (it reaches the larger ones from there, as on-time values
 * do); each size whose window already left memory is marked in a bit mask, and the store merges the
 * value into those stored windows (mergeable-window.ts). Columnar, reused across batches.
 */
import { CITY_STATION_ID, type SourcePosition } from '../../../src-shared/domain/reading';
import { grown } from '../../../src-shared/columns/typed-array-growth';

/**
 * Late values of one batch, as plain data (it survives JSON, the outage spill and the PGlite worker).
 * Value i belongs to stationIds[i] and metrics[i] at ts[i]; bit L of stationSizes[i] (citySizes[i]) asks
 * for a merge into the station's (the city-wide) stored window of size sizesMs[L]. message[i] indexes
 * `positions` (the Kafka message it came in; -1 for sources without positions): the store journals each
 * position in the merge's transaction and skips values of a position already journaled (a redelivery).
 */
export interface LateBatch {
  readonly sizesMs: readonly number[];
  readonly positions: readonly SourcePosition[];
  readonly stationIds: readonly string[];
  readonly metrics: readonly string[];
  readonly ts: readonly number[];
  readonly values: readonly number[];
  readonly stationSizes: readonly number[];
  readonly citySizes: readonly number[];
  readonly message: readonly number[];
}

/** The late values of one stored window: what a store merges into its row. */
export interface LateGroup {
  readonly stationId: string;
  readonly metric: string;
  readonly sizeMs: number;
  readonly start: number;
  readonly values: number[];
}

/** The batch's values grouped by the stored window they go to, per station and city-wide; `isIncluded` may leave a value out of one size. */
export function lateGroups(batch: LateBatch, isIncluded: (i: number, sizeMs: number) => boolean = () => true): LateGroup[] {
  const groups = new Map<string, LateGroup>();
  const add = (i: number, stationId: string, sizes: number): void => {
    for (let level = 0; level < batch.sizesMs.length; level++) {
      if ((sizes & (1 << level)) === 0) continue;
      const sizeMs = batch.sizesMs[level]!;
      if (!isIncluded(i, sizeMs)) continue;
      const start = Math.floor(batch.ts[i]! / sizeMs) * sizeMs;
      const key = `${stationId}\u0001${batch.metrics[i]!}\u0001${sizeMs}\u0001${start}`;
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = { stationId, metric: batch.metrics[i]!, sizeMs, start, values: [] }));
      group.values.push(batch.values[i]!);
    }
  };
  for (let i = 0; i < batch.values.length; i++) {
    add(i, batch.stationIds[i]!, batch.stationSizes[i]!);
    add(i, CITY_STATION_ID, batch.citySizes[i]!);
  }
  return [...groups.values()];
}

/** The sink the aggregator writes late values to (slots, not ids: ids are resolved once per batch). */
export class LateValues {
  station: Int32Array<ArrayBuffer> = new Int32Array(64);
  metric: Int32Array<ArrayBuffer> = new Int32Array(64);
  ts: Float64Array<ArrayBuffer> = new Float64Array(64);
  value: Float64Array<ArrayBuffer> = new Float64Array(64);
  stationSizes: Int32Array<ArrayBuffer> = new Int32Array(64);
  citySizes: Int32Array<ArrayBuffer> = new Int32Array(64);
  message: Int32Array<ArrayBuffer> = new Int32Array(64);
  length = 0;

  push(station: number, metric: number, ts: number, value: number, stationSizes: number, citySizes: number): void {
    if (this.length === this.station.length) this.grow();
    const i = this.length++;
    this.station[i] = station;
    this.metric[i] = metric;
    this.ts[i] = ts;
    this.value[i] = value;
    this.stationSizes[i] = stationSizes;
    this.citySizes[i] = citySizes;
    this.message[i] = -1;
  }

  /** Marks values from index `from` on as coming in message `message` (an index into the batch's positions). */
  tagFrom(from: number, message: number): void {
    this.message.fill(message, from, this.length);
  }

  /** The values as a LateBatch (ids resolved through the given lookups), then empties the sink. */
  drain(sizesMs: readonly number[], positions: readonly SourcePosition[], stationId: (slot: number) => string, metricId: (slot: number) => string): LateBatch | null {
    const n = this.length;
    if (n === 0) return null;
    const batch: LateBatch = {
      sizesMs,
      positions,
      stationIds: Array.from(this.station.subarray(0, n), stationId),
      metrics: Array.from(this.metric.subarray(0, n), metricId),
      ts: Array.from(this.ts.subarray(0, n)),
      values: Array.from(this.value.subarray(0, n)),
      stationSizes: Array.from(this.stationSizes.subarray(0, n)),
      citySizes: Array.from(this.citySizes.subarray(0, n)),
      message: Array.from(this.message.subarray(0, n)),
    };
    this.length = 0;
    return batch;
  }

  private grow(): void {
    const capacity = this.station.length * 2;
    this.station = grown(this.station, capacity);
    this.metric = grown(this.metric, capacity);
    this.ts = grown(this.ts, capacity);
    this.value = grown(this.value, capacity);
    this.stationSizes = grown(this.stationSizes, capacity);
    this.citySizes = grown(this.citySizes, capacity);
    this.message = grown(this.message, capacity);
  }
}
