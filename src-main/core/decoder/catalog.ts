import type { DecoderSettings } from '../../../src-shared/settings/schema';
import { describeInvalidIdentifier, quoteForDetail } from './identifier';
import { reject, type DecodeFailure, type DecodeResult } from './reject-reason';
import { CITY_SLOT, StationIndex } from '../station-index';

type Limits = Pick<DecoderSettings, 'maxFutureMs' | 'maxStations' | 'maxDistinctMetrics'>;

/**
 * The distinct stations and metric names of accepted messages, bounded by the caps. A message's
 * new metric names are held as pending until it is admitted, so rejected messages never use up a cap.
 */
export class Catalog {
  private readonly limits: Limits;
  /** The one station index (capped at maxStations): its ids are the canonical (interned) station strings. */
  readonly stations: StationIndex;
  private readonly metricNames = new Set<string>();
  /** Called when new metric names meet the cap, before they are refused: may release idle metrics (forgetMetric). */
  private onMetricsFull: (() => void) | null = null;
  /** Scratch list of the metric names the current message would add; reused to avoid an allocation per message. */
  private readonly newMetrics: string[] = [];
  /** How many entries of newMetrics belong to the current message (a counter: setting an array's length is slow). */
  private newMetricCount = 0;

  constructor(limits: Limits) {
    this.limits = limits;
    this.stations = new StationIndex(limits.maxStations);
  }

  get stationCount(): number {
    return this.stations.stationCount;
  }

  get metricCount(): number {
    return this.metricNames.size;
  }

  /** The slot of a known station, or -1 for a station not admitted yet (the city's reserved slot is not one). */
  station(stationId: string): number {
    const slot = this.stations.find(stationId);
    return slot === CITY_SLOT ? -1 : slot;
  }

  /** Sets what runs when new metric names meet the cap (the ingest's release of idle metrics). */
  whenMetricsFull(listener: () => void): void {
    this.onMetricsFull = listener;
  }

  /** Forgets a metric name released at the cap: it counts as new (against the cap) if it comes back. */
  forgetMetric(name: string): void {
    this.metricNames.delete(name);
  }

  /** Forgets the pending metric names of the previous message. */
  beginMessage(): void {
    this.newMetricCount = 0;
  }

  /** Checks a metric name not seen before and remembers it as pending; known names cost one Set lookup. */
  noteMetricName(name: string): DecodeFailure | null {
    if (this.metricNames.has(name)) return null;
    const problem = name === '__proto__' ? 'is reserved' : describeInvalidIdentifier(name);
    if (problem !== null) return reject('no-metric', `metric name ${quoteForDetail(name)} ${problem}`);
    this.newMetrics[this.newMetricCount++] = name;
    return null;
  }

  /** Final checks of every path: future time, then the caps; registers what is new. */
  admit(stationId: string, known: number, ts: number, metrics: Record<string, number>, nowMs: number): DecodeResult {
    const admitted = this.admitStation(stationId, known, ts, nowMs);
    return typeof admitted === 'number' ? { ok: true, reading: { stationId: this.stations.idOf(admitted), ts, metrics } } : admitted;
  }

  /** admit() without building a Reading: the station's slot in the index, or the rejection. */
  admitStation(stationId: string, known: number, ts: number, nowMs: number): number | DecodeFailure {
    const { maxFutureMs, maxStations, maxDistinctMetrics } = this.limits;
    if (ts > nowMs + maxFutureMs) {
      return reject('future-time', `event time ${new Date(ts).toISOString()} is ${Math.round((ts - nowMs) / 1000)} s ahead of now (${new Date(nowMs).toISOString()}); the limit (decoder.maxFutureMs) is ${maxFutureMs} ms`);
    }
    if (known < 0 && !this.stations.hasRoom()) {
      return reject('station-cap', `new station ${quoteForDetail(stationId)} refused: ${this.stations.stationCount} distinct stations already, the cap (decoder.maxStations) is ${maxStations}`);
    }
    const added = this.newMetricCount;
    if (added > 0 && this.metricNames.size + added > maxDistinctMetrics) this.onMetricsFull?.();
    if (added > 0 && this.metricNames.size + added > maxDistinctMetrics) {
      const names = this.newMetrics.slice(0, Math.min(added, 3)).map(quoteForDetail).join(', ') + (added > 3 ? ', …' : '');
      return reject('metric-cap', `new metric ${names} refused: ${this.metricNames.size} distinct metrics already, the cap (decoder.maxDistinctMetrics) is ${maxDistinctMetrics}`);
    }
    for (let i = 0; i < added; i++) this.metricNames.add(this.newMetrics[i] as string);
    this.newMetricCount = 0;
    return known >= 0 ? known : this.stations.slotOf(stationId);
  }
}
