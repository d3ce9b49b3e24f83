import { grown } from '../../../src-shared/columns/typed-array-growth';
import type { Reading } from '../../../src-shared/domain/reading';

/**
 * One decoded message as reusable columns, filled by Decoder.decodeInto and valid until its next
 * call: the hot path (aggregation, rules) reads these instead of a Reading with a metrics object
 * per message. Metric names are the decoder's interned strings, in message order, so consumers can
 * recognise a repeated key layout by comparing references (WindowAggregator.addValues does).
 */
export class DecodedReading {
  /** The canonical (interned) station id. */
  stationId = '';
  /** The station's slot in the decoder's station index (-1 for columns filled without a decoder). */
  station = -1;
  /** Event time, epoch ms. */
  ts = 0;
  /** Metrics in this message: names[0..count), values[0..count). */
  count = 0;
  readonly names: string[] = [];
  /** Changes whenever a name in `names` changes (not when only values do): with `names` and `count`, tells "the same layout as before" in O(1). */
  layoutVersion = 0;
  values = new Float64Array(16);
  /** The Reading these columns were copied from (copyFrom), if any: toReading hands it back instead of building one. */
  origin: Reading | null = null;

  /** Sets metric i (0-based, i ≤ count is the caller's business: fill in order). */
  setMetric(i: number, name: string, value: number): void {
    if (i >= this.values.length) this.values = grown(this.values, i + 1);
    if (this.names[i] !== name) {
      this.names[i] = name;
      this.layoutVersion++;
    }
    this.values[i] = value;
  }

  /** A Reading with the same content, for consumers that keep it (raw storage, frames). Allocates. */
  toReading(): Reading {
    if (this.origin !== null) return this.origin;
    const metrics: Record<string, number> = {};
    for (let i = 0; i < this.count; i++) metrics[this.names[i]!] = this.values[i]!;
    return { stationId: this.stationId, ts: this.ts, metrics };
  }

  /** Keeps only the metrics i with keep[i] === 1, in their order (a Reading handed back by toReading then has only those). */
  keepOnly(keep: Uint8Array): void {
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      if (keep[i] !== 1) continue;
      this.names[kept] = this.names[i]!;
      this.values[kept++] = this.values[i]!;
    }
    this.count = kept;
    this.origin = null;
    this.layoutVersion++;
  }

  /** Fills the columns from a Reading (the decoder's general path). */
  copyFrom(reading: Reading): void {
    this.origin = reading;
    this.station = -1;
    this.stationId = reading.stationId;
    this.ts = reading.ts;
    let count = 0;
    for (const name in reading.metrics) this.setMetric(count++, name, reading.metrics[name]!);
    this.count = count;
  }
}
