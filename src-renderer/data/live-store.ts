import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import { KNOWN_METRICS } from '../../src-shared/domain/metrics';
import type { StreamFrame } from '../../src-shared/ipc/frame';
import { RingBuffer } from './ring-buffer';
import { PendingStore } from './pending-store';
import { AirIndexStore } from '../air/air-index-store';
import { RuleStatistics } from './rule-statistics';

/** Older points fetched with history:query for spans the in-memory rings do not cover. */
export interface Backfill {
  readonly ts: Float64Array;
  readonly mean: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** Resolution the store chose (0 = raw). */
  readonly stepMs: number;
}

/** The newest values of one station, for map tooltips and the health view. */
export interface StationLatest {
  /** Event time of the newest reading. */
  lastTs: number;
  /** Wall-clock time the newest reading arrived. */
  lastSeenAt: number;
  readonly values: Map<string, number>;
}

/**
 * City rings hold mean, min, max, p5, p95 per smallest window (4096 × 10 s ≈ 11 h); p5 and p95 are NaN
 * until the engine sends them (older engines never do; the chart then shows the min–max band alone).
 */
export const CITY_CAPACITY = 4096;
/** Watched station rings hold raw readings (4096 at 1/s ≈ 68 min); longer spans come from history. */
export const STATION_CAPACITY = 4096;

/**
 * The renderer's columnar data, outside React: frames are demultiplexed into per-metric city rings,
 * per-(watched station, metric) rings, and a latest-value table. Full resolution is kept only for
 * watched (selected) stations, so memory stays bounded at 1,000 stations.
 */
export class LiveStore {
  readonly metrics: string[] = KNOWN_METRICS.map((m) => m.id);
  readonly latest = new Map<string, StationLatest>();
  /** Conditions breached and waiting out their pending time (the latest frame's list). */
  readonly pending = new PendingStore();
  /** Each station's current air-quality index (issue 18), from the frames. */
  readonly air = new AirIndexStore();
  /** The window statistics the threshold rules evaluate, for the charts (tracked keys only). */
  readonly ruleStatistics = new RuleStatistics();
  readingsPerSec = 0;
  watermark: number | null = null;
  /** Newest event time seen; charts end here. */
  newestTs = Number.NaN;
  /** Wall-clock time newestTs last moved forward. */
  private newestAt = 0;
  frames = 0;
  lastFrameAt = 0;
  /** Increments on every change; charts redraw when it moved. */
  version = 0;
  private readonly city = new Map<string, RingBuffer>();
  private readonly stations = new Map<string, Map<string, RingBuffer>>();
  /** Station id ('*' = city) → metric → backfill; nested, so a redraw's lookups build no key strings. */
  private readonly backfills = new Map<string, Map<string, Backfill>>();
  private readonly listeners = new Set<() => void>();
  private cityWindowMs = Number.POSITIVE_INFINITY;

  /** Demultiplex one frame. `now` is the wall clock, a parameter so tests control it. */
  ingest(frame: StreamFrame, now: number): void {
    for (const metric of frame.metrics) if (!this.metrics.includes(metric)) this.metrics.push(metric);
    this.ingestRaw(frame, now);
    this.ingestCity(frame);
    this.pending.ingest(frame);
    this.air.ingest(frame);
    this.ruleStatistics.ingest(frame);
    this.readingsPerSec = frame.readingsPerSec;
    this.watermark = frame.watermark;
    this.frames++;
    this.lastFrameAt = now;
    this.version++;
    for (const listener of this.listeners) listener();
  }

  /**
   * The data's clock at wall time `now`: the newest event time, run on by the wall time since it arrived.
   * Durations of alarms (stamped in event time) read right against it whether the feed is live, a sped-up
   * simulator or a replay of last year; with no data yet it is the wall clock.
   */
  dataTime(now: number): number {
    if (!Number.isFinite(this.newestTs)) return now;
    return this.newestTs + Math.max(0, now - this.newestAt);
  }

  /** Keep full-resolution rings for exactly these stations (the selection); others are dropped. */
  watch(stationIds: readonly string[]): void {
    for (const id of [...this.stations.keys()]) if (!stationIds.includes(id)) this.stations.delete(id);
    for (const id of stationIds) if (!this.stations.has(id)) this.stations.set(id, new Map());
    for (const stationId of [...this.backfills.keys()]) {
      if (stationId !== CITY_STATION_ID && !stationIds.includes(stationId)) this.backfills.delete(stationId);
    }
    this.version++;
  }

  /** Station ids being watched. */
  watched(): string[] {
    return [...this.stations.keys()];
  }

  /** City ring of a metric (columns mean, min, max, p5, p95). */
  cityRing(metric: string): RingBuffer | null {
    return this.city.get(metric) ?? null;
  }

  /** Raw ring of a watched station's metric. */
  stationRing(stationId: string, metric: string): RingBuffer | null {
    return this.stations.get(stationId)?.get(metric) ?? null;
  }

  /** Older points for a series ('*' = city). */
  backfill(stationId: string, metric: string): Backfill | null {
    return this.backfills.get(stationId)?.get(metric) ?? null;
  }

  /** Store older points from history for a series ('*' = city). */
  setBackfill(stationId: string, metric: string, backfill: Backfill): void {
    let byMetric = this.backfills.get(stationId);
    if (byMetric === undefined) {
      byMetric = new Map();
      this.backfills.set(stationId, byMetric);
    }
    byMetric.set(metric, backfill);
    this.version++;
    for (const listener of this.listeners) listener();
  }

  /** Called after each frame; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private ingestRaw(frame: StreamFrame, now: number): void {
    const { station, metric, ts, value } = frame.raw;
    for (let i = 0; i < ts.length; i++) {
      const stationId = frame.stations[station[i] as number] as string;
      const metricId = frame.metrics[metric[i] as number] as string;
      const t = ts[i] as number;
      const v = value[i] as number;
      let latest = this.latest.get(stationId);
      if (latest === undefined) {
        latest = { lastTs: t, lastSeenAt: now, values: new Map() };
        this.latest.set(stationId, latest);
      }
      if (t >= latest.lastTs) {
        latest.lastTs = t;
        latest.values.set(metricId, v);
      }
      latest.lastSeenAt = now;
      if (!(t <= this.newestTs)) {
        this.newestTs = t;
        this.newestAt = now;
      }
      const rings = this.stations.get(stationId);
      if (rings === undefined) continue;
      let ring = rings.get(metricId);
      if (ring === undefined) {
        ring = new RingBuffer(STATION_CAPACITY, 1);
        rings.set(metricId, ring);
      }
      ring.push(t, v);
    }
  }

  private ingestCity(frame: StreamFrame): void {
    const w = frame.windows;
    // Closed city windows of the smallest size carry final statistics for rows the open window showed.
    for (let i = 0; i < w.start.length; i++) {
      if (frame.stations[w.station[i] as number] !== CITY_STATION_ID) continue;
      const size = w.sizeMs[i] as number;
      if (size < this.cityWindowMs) this.cityWindowMs = size;
      if (size !== this.cityWindowMs) continue;
      const p5 = w.p5 === undefined ? Number.NaN : (w.p5[i] as number);
      this.cityRingFor(frame.metrics[w.metric[i] as number] as string).upsertRow(w.start[i] as number, w.mean[i] as number, w.min[i] as number, w.max[i] as number, p5, w.p95[i] as number);
    }
    const c = frame.city;
    for (let i = 0; i < c.start.length; i++) {
      if (!((c.count[i] as number) > 0)) continue;
      const p5 = c.p5 === undefined ? Number.NaN : (c.p5[i] as number);
      const p95 = c.p95 === undefined ? Number.NaN : (c.p95[i] as number);
      this.cityRingFor(frame.metrics[c.metric[i] as number] as string).upsertRow(c.start[i] as number, c.mean[i] as number, c.min[i] as number, c.max[i] as number, p5, p95);
    }
  }

  private cityRingFor(metric: string): RingBuffer {
    let ring = this.city.get(metric);
    if (ring === undefined) {
      ring = new RingBuffer(CITY_CAPACITY, 5);
      this.city.set(metric, ring);
    }
    return ring;
  }
}
