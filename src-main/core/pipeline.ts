/**
 * The pipeline: decoder → duplicate filter → window aggregator → rule engine → alarm manager → sinks.
 * It is a BatchHandler for any source; awaiting onBatch is the backpressure. It holds no process-wide
 * state, so the engine can run several (tests do) and the clock is injected.
 */
import type { Reading, RawMessage } from '../../src-shared/domain/reading';
import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';
import type { Rule } from '../../src-shared/domain/rules';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import type { Settings } from '../../src-shared/settings/schema';
import type { StreamFrame } from '../../src-shared/ipc/frame';
import type { PipelineCounters, SourceState } from '../../src-shared/ipc/status';
import { WindowAggregator } from '../../src-shared/windows/window-aggregator';
import { RuleEngine } from '../../src-shared/rules/rule-engine';
import { AlarmManager } from '../../src-shared/alarms/alarm-manager';
import { Decoder } from './decoder/decoder';
import { DecodedReading, type DecodeResult } from './decoder/decoder';
import { DuplicateFilter } from './duplicate-filter';
import { Quarantine } from './quarantine';
import { FrameBuilder } from './frame-builder';
import { RateMeter } from './rate-meter';
import { SystemAlarms } from './system-alarms';
import type { BatchHandler, SourceBatch, Store } from './ports';
import type { SourcePosition } from '../../src-shared/domain/reading';
import { OffsetTracker } from './offset-tracker';
import { EventClock } from './event-clock';

export interface PipelineOptions {
  readonly settings: Settings;
  readonly store: Store;
  /** Wall clock; injected so tests and replays are deterministic. */
  readonly now: () => number;
  readonly onFrame: (frame: StreamFrame) => void;
  readonly onAlarm: (change: { readonly alarm: Alarm; readonly event: AlarmEvent }) => void;
  readonly onSourceStatus?: (state: SourceState, detail: string | null) => void;
}

/** Minimum wall-clock time between two frames (DESIGN.md: at most 10 frames a second). */
export const FRAME_INTERVAL_MS = 100;

/**
 * How far (event time) a partition may run ahead of the watermark before it waits for the others.
 * The window ring is sized for it, so out-of-step partitions still land in the right windows.
 */
export const MAX_PARTITION_SKEW_MS = 300_000;

/** The lane of readings that come without a Kafka position (simulator, replay). */
const SOURCE_LANE = 'source';

/**
 * Raw messages decoded and aggregated before the pipeline yields to the event loop (DESIGN.md: nothing in
 * the engine blocks its loop for more than 50 ms). ~2,000 x 10-15 µs ≈ 20-30 ms on the 2-core dev box.
 */
export const CHUNK_MESSAGES = 2_000;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class Pipeline implements BatchHandler {
  readonly aggregator: WindowAggregator;
  readonly rules: RuleEngine;
  readonly alarms = new AlarmManager();
  readonly quarantine = new Quarantine();
  /** Processed Kafka offset ranges; commits go only up to what durably stored windows cover. */
  readonly offsets = new OffsetTracker();
  private readonly decoder: Decoder;
  private readonly duplicates: DuplicateFilter;
  /** Reused columns of the message being decoded (the decode → aggregate hot path). */
  private readonly decoded = new DecodedReading();
  private readonly frames = new FrameBuilder();
  private readonly clock: EventClock;
  /** The event-time watermark the pipeline has set (null until the first one). */
  private mark: number | null = null;
  private readonly rate = new RateMeter();
  private readonly system = new SystemAlarms();
  private readonly startedAt: number;
  private readings = 0;
  private late = 0;
  private duplicateCount = 0;
  private windowsClosed = 0;
  private lastReadingWall: number | null = null;
  private lastFrameAt = 0;
  private maxEventTs: number | null = null;
  private sourceState: SourceState = 'starting';
  private sourceDetail: string | null = null;
  private storeRaw: boolean;
  /**
   * The oldest window start not yet durably stored: readings at or after it may still be needed to
   * rebuild open windows after a restart. Advanced only once the store accepted the closed windows.
   */
  private durableOpenStart: number | null = null;
  private hasDurableOpenStart = false;
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(private readonly options: PipelineOptions) {
    const { settings } = options;
    this.decoder = new Decoder(settings.decoder);
    this.duplicates = new DuplicateFilter();
    const smallest = Math.min(...settings.windows.sizesMs);
    this.clock = new EventClock(settings.windows.allowedLatenessMs, MAX_PARTITION_SKEW_MS, settings.windows.idleTimeoutMs);
    this.aggregator = new WindowAggregator({
      sizesMs: settings.windows.sizesMs,
      // The pipeline drives the watermark (EventClock). This larger lateness only sizes the aggregator's
      // ring for skewed partitions; its own watermark then always trails the pipeline's and never fires.
      allowedLatenessMs: settings.windows.allowedLatenessMs + MAX_PARTITION_SKEW_MS + smallest,
      maxStations: settings.decoder.maxStations,
      maxMetrics: settings.decoder.maxDistinctMetrics,
      includeCity: true,
    });
    this.rules = new RuleEngine(settings.rules);
    this.storeRaw = settings.store.rawReadings;
    this.startedAt = options.now();
  }

  /**
   * Processes one source batch; resolves once its effects are handed to the store. For a raw batch,
   * resolves with the number of messages taken when a partition ran too far ahead and must wait.
   */
  async onBatch(batch: SourceBatch): Promise<number | void> {
    const now = this.options.now();
    const accepted: Reading[] = [];
    if (batch.kind === 'raw') {
      const ranges = new Map<string, PartitionRange>();
      let taken = 0;
      for (const message of batch.messages) {
        // Let timers, requests and I/O run between chunks: a 16,000-message Kafka batch held the loop for seconds.
        if (taken > 0 && taken % CHUNK_MESSAGES === 0) await yieldToEventLoop();
        // decodeInto + addValues: the hot path bench/suites/decode-aggregate.ts measures; the Reading is built once, for frames and raw storage.
        const problem = this.decoder.decodeInto(message.value, now, this.decoded);
        const result: DecodeResult = problem ?? { ok: true, reading: this.decoded.toReading() };
        const lane = message.position ? laneOf(message.position) : SOURCE_LANE;
        if (result.ok && !this.admit(lane, result.reading.ts, now)) break;
        const reading = this.accept(result, message, now, accepted, problem === null ? this.decoded : null);
        if (reading !== null) this.clock.observe(lane, reading.ts, now);
        else this.clock.touch(lane, now);
        if (message.position) trackRange(ranges, message.position, reading?.ts ?? Number.NEGATIVE_INFINITY);
        taken++;
      }
      this.advanceWatermark(now);
      const closed = this.aggregator.drainClosed();
      await this.afterInput(closed, accepted, now);
      // Recorded only after the batch's effects are handed to the store (DESIGN.md: offsets follow storage).
      for (const r of ranges.values()) this.offsets.record(r.topic, r.partition, r.first, r.last, r.maxEventTs);
      this.noteInput(accepted.length, now);
      return taken < batch.messages.length ? taken : undefined;
    }
    for (let i = 0; i < batch.readings.length; i++) {
      if (i > 0 && i % CHUNK_MESSAGES === 0) await yieldToEventLoop();
      const reading = batch.readings[i] as Reading;
      const result = this.decoder.validate(reading, now);
      if (result.ok) this.admit(SOURCE_LANE, result.reading.ts, now);
      const taken = this.accept(result, null, now, accepted);
      if (taken !== null) this.clock.observe(SOURCE_LANE, taken.ts, now);
    }
    this.advanceWatermark(now);
    const closed = this.aggregator.drainClosed();
    await this.afterInput(closed, accepted, now);
    this.noteInput(accepted.length, now);
  }

  /** Kafka's partition assignment: the watermark waits for every owned partition (or its idle timeout). */
  onAssignment(partitions: readonly { readonly topic: string; readonly partition: number }[]): void {
    this.clock.assign(partitions.map(laneOf), this.options.now());
  }

  /**
   * Positions safe to commit: everything before the first processed range that still holds a reading
   * of a window not durably stored. Also returns the event time they are safe up to, to persist.
   */
  safePositions(): { readonly positions: SourcePosition[]; readonly resumeFrom: number | null } {
    const open = this.hasDurableOpenStart ? this.durableOpenStart : this.aggregator.oldestOpenStart();
    return { positions: this.offsets.safePositions(open), resumeFrom: open };
  }

  /**
   * After a restart: readings before this event time belong to windows already stored, so they are
   * late now (counted, not re-added); windows from here on are rebuilt from the re-read messages.
   */
  resumeFrom(eventTime: number): void {
    this.moveMark(eventTime);
  }

  /** False when the lane is too far ahead of the others and must wait; may jump the watermark for the slowest lane. */
  private admit(lane: string, ts: number, now: number): boolean {
    let admission = this.clock.admit(lane, ts, this.mark, now);
    if (!admission.take) {
      // The slower lanes may have moved on within this batch: bring the watermark up to date and ask again.
      this.advanceWatermark(now);
      admission = this.clock.admit(lane, ts, this.mark, now);
    }
    if (!admission.take) return false;
    if (admission.advanceTo !== null) this.moveMark(admission.advanceTo);
    return true;
  }

  private advanceWatermark(now: number): void {
    const mark = this.clock.watermark(now);
    if (mark !== null) this.moveMark(mark);
  }

  /** The pipeline's watermark; the aggregator closes windows up to it. Never moves back. */
  private moveMark(mark: number): void {
    if (this.mark !== null && mark <= this.mark) return;
    this.mark = mark;
    this.aggregator.advanceTo(mark);
  }

  private noteInput(count: number, now: number): void {
    if (count === 0) return;
    this.rate.add(count, now);
    this.lastReadingWall = now;
  }

  onStatus(state: SourceState, detail: string | null): void {
    this.sourceState = state;
    this.sourceDetail = detail;
    this.system.onSourceState(state, detail, this.options.now());
    this.options.onSourceStatus?.(state, detail);
  }

  /**
   * Called on a wall-clock timer (every ~100 ms): advances the watermark when input is idle, checks
   * stale stations, shelf expiry and system alarms, and emits a frame when one is due.
   */
  async tick(): Promise<void> {
    const now = this.options.now();
    const { idleTimeoutMs, allowedLatenessMs } = this.options.settings.windows;
    if (this.lastReadingWall !== null && this.maxEventTs !== null && now - this.lastReadingWall >= idleTimeoutMs) {
      this.moveMark(this.maxEventTs - allowedLatenessMs + (now - this.lastReadingWall));
    }
    this.advanceWatermark(now);
    this.rules.checkStale(now);
    this.alarms.tick(now);
    this.system.checkNoData(now, this.lastReadingWall, this.startedAt);
    const closed = this.aggregator.drainClosed();
    await this.afterInput(closed, [], now);
    if (now - this.lastFrameAt >= FRAME_INTERVAL_MS) this.emitFrame(now);
  }

  /** Emits and stores alarm changes made outside the data flow (operator actions). */
  async flushAlarmChanges(): Promise<void> {
    await this.afterInput([], [], this.options.now());
  }

  /** Replaces the rule set (rules:save); open conditions of removed rules are left to the alarm manager. */
  setRules(rules: readonly Rule[]): void {
    this.rules.setRules(rules);
  }

  /** Raises the engine-restarted system alarm (the host restarted this engine after a crash). */
  onEngineRestarted(restartCount: number): void {
    this.system.onEngineRestarted(restartCount, this.options.now());
  }

  /** Reports the store's buffer fill (0..1) so the store-buffer system alarm can fire. */
  onStoreFill(ratio: number): void {
    this.system.onStoreFill(ratio, this.options.now());
  }

  counters(): PipelineCounters {
    return {
      readings: this.readings,
      rejected: this.quarantine.countsByReason(),
      late: this.late,
      duplicates: this.duplicateCount,
      outliers: this.rules.outlierCount,
      windowsClosed: this.windowsClosed,
    };
  }

  readingsPerSec(): number {
    return this.rate.perSecond(this.options.now());
  }

  get source(): { readonly state: SourceState; readonly detail: string | null } {
    return { state: this.sourceState, detail: this.sourceDetail };
  }

  /** Runs one decoded message through the pipeline; returns the reading when it fed the windows. */
  private accept(result: DecodeResult, message: RawMessage | null, now: number, accepted: Reading[], decoded: DecodedReading | null = null): Reading | null {
    if (!result.ok) {
      this.quarantine.add({ reason: result.reason, detail: result.detail, bytes: message?.value ?? null, position: message?.position ?? null, at: now });
      return null;
    }
    const reading = result.reading;
    if (this.duplicates.isDuplicateReading(reading)) {
      this.duplicateCount++;
      return null;
    }
    const station = this.aggregator.stationSlot(reading.stationId);
    if (station < 0) {
      this.quarantine.add({ reason: 'station-cap', detail: `Station limit reached; "${reading.stationId}" is not tracked`, bytes: message?.value ?? null, position: message?.position ?? null, at: now });
      return null;
    }
    let isLate = false;
    if (decoded !== null) {
      // The same values as reading.metrics, from the decoder's columns: metric slots resolved per key layout, not per value.
      isLate = this.aggregator.addValues(station, decoded.ts, decoded.names, decoded.values, decoded.count) > 0;
      for (let i = 0; i < decoded.count; i++) this.rules.onValue(reading.stationId, decoded.names[i]!, reading.ts, decoded.values[i]!);
    } else {
      for (const metric in reading.metrics) {
        const value = reading.metrics[metric] as number;
        const slot = this.aggregator.metricSlot(metric);
        if (slot >= 0 && !this.aggregator.add(station, slot, reading.ts, value)) isLate = true;
        this.rules.onValue(reading.stationId, metric, reading.ts, value);
      }
    }
    if (isLate) this.late++;
    if (this.maxEventTs === null || reading.ts > this.maxEventTs) this.maxEventTs = reading.ts;
    this.rules.onStationSeen(reading.stationId, now);
    this.frames.addReading(reading);
    this.readings++;
    accepted.push(reading);
    return reading;
  }

  private async afterInput(closed: WindowAggregate[], accepted: readonly Reading[], now: number): Promise<void> {
    const openStart = this.aggregator.oldestOpenStart();
    for (const w of closed) this.rules.onWindow(w);
    this.windowsClosed += closed.length;
    this.frames.addWindows(closed);
    for (const condition of this.rules.drainConditions()) this.alarms.applyCondition(condition);
    for (const condition of this.system.drain()) this.alarms.applyCondition(condition, { kind: 'system' });
    const changes = this.alarms.drainChanges();
    for (const change of changes) this.options.onAlarm(change);
    const rejected = this.quarantine.drainNew();
    const { store } = this.options;
    const writes: Promise<void>[] = [];
    if (closed.length > 0) writes.push(store.writeWindows(closed));
    if (this.storeRaw && accepted.length > 0) writes.push(store.writeReadings(accepted));
    if (changes.length > 0) writes.push(store.writeAlarms(latestAlarms(changes), changes.map((c) => c.event)));
    if (rejected.length > 0) writes.push(store.writeRejected(rejected));
    // Chained so completions happen in call order: once this resolves, every window closed before
    // openStart was taken is durable (written, or fsync'ed to the store's spill).
    const done = Promise.all([this.lastWrite, ...writes]).then(() => undefined);
    // A failed write fails this call, not every later one.
    this.lastWrite = done.catch(() => undefined);
    await done;
    this.durableOpenStart = openStart;
    this.hasDurableOpenStart = true;
    if (now - this.lastFrameAt >= FRAME_INTERVAL_MS && this.frames.pendingRows > 0) this.emitFrame(now);
  }

  private emitFrame(now: number): void {
    this.lastFrameAt = now;
    this.options.onFrame(this.frames.build(now, this.aggregator.cityOpen(), this.readingsPerSec(), this.aggregator.watermark));
  }
}

interface PartitionRange {
  readonly topic: string;
  readonly partition: number;
  first: string;
  last: string;
  maxEventTs: number;
}

function laneOf(position: { readonly topic: string; readonly partition: number }): string {
  return `${position.topic}\u0000${position.partition}`;
}

function trackRange(ranges: Map<string, PartitionRange>, position: SourcePosition, eventTs: number): void {
  const key = `${position.topic}\u0000${position.partition}`;
  const range = ranges.get(key);
  if (range === undefined) {
    ranges.set(key, { topic: position.topic, partition: position.partition, first: position.offset, last: position.offset, maxEventTs: eventTs });
    return;
  }
  range.last = position.offset;
  if (eventTs > range.maxEventTs) range.maxEventTs = eventTs;
}

/** The newest state of each alarm among a list of changes, for one store write. */
function latestAlarms(changes: readonly { readonly alarm: Alarm }[]): Alarm[] {
  const byId = new Map<string, Alarm>();
  for (const { alarm } of changes) byId.set(alarm.id, alarm);
  return [...byId.values()];
}
