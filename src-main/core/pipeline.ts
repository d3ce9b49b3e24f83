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
import { WindowAggregator } from './windows/window-aggregator';
import { RuleEngine } from './rules/rule-engine';
import { AlarmManager } from './alarms/alarm-manager';
import { Decoder } from './decoder/decoder';
import { DecodedReading, type DecodeFailure } from './decoder/decoder';
import { DuplicateFilter } from './duplicate-filter';
import { Quarantine } from './quarantine';
import { FrameBuilder } from './frame-builder';
import { RateMeter } from './rate-meter';
import { SystemAlarms } from './system-alarms';
import type { BatchHandler, SourceBatch, Store } from './ports';
import type { SourcePosition } from '../../src-shared/domain/reading';
import { OffsetTracker } from './offset-tracker';
import { EventClock } from './event-clock';
import { WriteBehind } from './write-behind';
import { CLOCK_EVERY, CLOSE_SERIES_PER_STEP, SLICE_MS, nextSlice } from './time-slice';
import { laneOf, trackRange } from './partition-ranges';
import type { PartitionRange } from './partition-ranges';

export { MAX_PENDING_WRITES } from './write-behind';

export interface PipelineOptions {
  readonly settings: Settings;
  readonly store: Store;
  /** Wall clock; injected so tests and replays are deterministic. */
  readonly now: () => number;
  readonly onFrame: (frame: StreamFrame) => void;
  readonly onAlarm: (change: { readonly alarm: Alarm; readonly event: AlarmEvent }) => void;
  readonly onSourceStatus?: (state: SourceState, detail: string | null) => void;
}

/** Minimum wall-clock time between two frames (docs/DESIGN.md: at most 10 frames a second). */
export const FRAME_INTERVAL_MS = 100;

/**
 * How far (event time) a partition may run ahead of the watermark before it waits for the others.
 * The window ring is sized for it, so out-of-step partitions still land in the right windows.
 */
export const MAX_PARTITION_SKEW_MS = 300_000;

/** The lane of readings that come without a Kafka position (simulator, replay). */
const SOURCE_LANE = 'source';

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
  /** Store writes in flight; offsets and the durable open start move only when they complete. */
  private readonly writes = new WriteBehind();

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
    this.writes.throwIfFailed();
    const now = this.options.now();
    // Readings kept for raw storage only; otherwise the hot path builds no object per message.
    const accepted: Reading[] = [];
    let fed = 0;
    const d = this.decoded;
    if (batch.kind === 'raw') {
      const ranges = new Map<string, PartitionRange>();
      let taken = 0;
      let [lane, laneTopic, lanePartition] = [SOURCE_LANE, '', -1];
      // Let timers, requests and I/O run between slices: a 16,000-message Kafka batch held the loop for seconds.
      let slice = await nextSlice();
      for (const message of batch.messages) {
        if (taken % CLOCK_EVERY === 0 && performance.now() - slice > SLICE_MS) slice = await nextSlice();
        if (this.aggregator.closing) slice = await this.finishClosing(slice);
        // decodeInto + addValues: the hot path bench/suites/decode-aggregate.ts measures.
        const problem = this.decoder.decodeInto(message.value, now, d);
        const position = message.position;
        // A Kafka batch holds one partition: build its lane key once, not per message.
        if (position === null) lane = SOURCE_LANE;
        else if (position.partition !== lanePartition || position.topic !== laneTopic) [lane, laneTopic, lanePartition] = [laneOf(position), position.topic, position.partition];
        if (problem === null && !this.admit(lane, d.ts, now)) break;
        const isFed = problem === null ? this.accept(message, now, accepted, null) : this.reject(problem, message, now);
        if (isFed) {
          fed++;
          this.clock.observe(lane, d.ts, now);
        } else this.clock.touch(lane, now);
        if (position !== null) trackRange(ranges, lane, position, isFed ? d.ts : Number.NEGATIVE_INFINITY);
        taken++;
      }
      this.advanceWatermark(now);
      await this.finishClosing(slice);
      const closed = this.aggregator.drainClosed();
      this.noteInput(fed, now);
      // Offsets are recorded only once the batch's effects are durable in the store (docs/DESIGN.md: offsets follow storage).
      await this.afterInput(closed, accepted, now, () => {
        for (const r of ranges.values()) this.offsets.record(r.topic, r.partition, r.first, r.last, r.maxEventTs);
      });
      return taken < batch.messages.length ? taken : undefined;
    }
    let slice = performance.now();
    for (let i = 0; i < batch.readings.length; i++) {
      if (i % CLOCK_EVERY === 0 && performance.now() - slice > SLICE_MS) slice = await nextSlice();
      if (this.aggregator.closing) slice = await this.finishClosing(slice);
      const result = this.decoder.validate(batch.readings[i] as Reading, now);
      if (!result.ok) {
        this.reject(result, null, now);
        continue;
      }
      d.copyFrom(result.reading);
      this.admit(SOURCE_LANE, d.ts, now);
      if (this.accept(null, now, accepted, result.reading)) {
        fed++;
        this.clock.observe(SOURCE_LANE, d.ts, now);
      }
    }
    this.advanceWatermark(now);
    await this.finishClosing(slice);
    const closed = this.aggregator.drainClosed();
    this.noteInput(fed, now);
    await this.afterInput(closed, accepted, now);
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

  /**
   * The pipeline's watermark. Never moves back. Values behind it count as late at once; the windows it
   * passes are closed by finishClosing, in steps (closing 27,000 windows at a 5-minute boundary takes ~50 ms).
   */
  private moveMark(mark: number): void {
    if (this.mark !== null && mark <= this.mark) return;
    this.mark = mark;
    this.aggregator.advanceTo(mark, true);
  }

  /** Closes the windows the watermark passed, yielding between slices; returns the current slice's start. */
  private async finishClosing(sliceStart = performance.now()): Promise<number> {
    let slice = sliceStart;
    while (!this.aggregator.closeSome(CLOSE_SERIES_PER_STEP)) {
      if (performance.now() - slice > SLICE_MS) slice = await nextSlice();
    }
    return slice;
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
    this.writes.throwIfFailed();
    const now = this.options.now();
    const { idleTimeoutMs, allowedLatenessMs } = this.options.settings.windows;
    if (this.lastReadingWall !== null && this.maxEventTs !== null && now - this.lastReadingWall >= idleTimeoutMs) {
      this.moveMark(this.maxEventTs - allowedLatenessMs + (now - this.lastReadingWall));
    }
    this.advanceWatermark(now);
    await this.finishClosing();
    this.rules.checkStale(now);
    this.alarms.tick(now);
    this.system.checkNoData(now, this.lastReadingWall, this.startedAt);
    const closed = this.aggregator.drainClosed();
    await this.afterInput(closed, [], now);
    if (now - this.lastFrameAt >= FRAME_INTERVAL_MS) this.emitFrame(now);
  }

  /** Emits and stores alarm changes made outside the data flow (operator actions); resolves once they are durable. */
  async flushAlarmChanges(): Promise<void> {
    await this.afterInput([], [], this.options.now());
    await this.flush();
  }

  /** Resolves once every write handed to the store so far is durable; rejects with the first failed write. */
  flush(): Promise<void> {
    return this.writes.flush();
  }

  /** Rows handed to the store that are not durable yet (the store's own queue comes on top). */
  pendingWriteRows(): number {
    return this.writes.pendingRows();
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

  private reject(problem: DecodeFailure, message: RawMessage | null, now: number): false {
    this.quarantine.add({ reason: problem.reason, detail: problem.detail, bytes: message?.value ?? null, position: message?.position ?? null, at: now });
    return false;
  }

  /**
   * Runs the valid message held in this.decoded through the pipeline; true when it fed the windows.
   * Raw storage gets `kept` (the source's own Reading) or, for decoded bytes, a Reading built here.
   */
  private accept(message: RawMessage | null, now: number, accepted: Reading[], kept: Reading | null): boolean {
    const d = this.decoded;
    if (this.duplicates.isDuplicateValues(d.stationId, d.ts, d.names, d.count)) {
      this.duplicateCount++;
      return false;
    }
    const station = this.aggregator.stationSlot(d.stationId);
    if (station < 0) {
      this.quarantine.add({ reason: 'station-cap', detail: `Station limit reached; "${d.stationId}" is not tracked`, bytes: message?.value ?? null, position: message?.position ?? null, at: now });
      return false;
    }
    // Metric slots are resolved per key layout, not per value (WindowAggregator.addValues).
    if (this.aggregator.addValues(station, d.ts, d.names, d.values, d.count) > 0) this.late++;
    for (let i = 0; i < d.count; i++) this.rules.onValue(d.stationId, d.names[i]!, d.ts, d.values[i]!);
    if (this.maxEventTs === null || d.ts > this.maxEventTs) this.maxEventTs = d.ts;
    this.rules.onStationSeen(d.stationId, now);
    this.frames.addValues(d.stationId, d.ts, d.names, d.values, d.count);
    this.readings++;
    if (this.storeRaw) accepted.push(kept ?? d.toReading());
    return true;
  }

  /**
   * Hands the effects of closed windows, accepted readings, alarm changes and rejections to the store
   * without waiting for them to be written, unless MAX_PENDING_WRITES are already in flight (then it
   * waits for the oldest: backpressure, see WriteBehind). `onDurable` runs once this write and every earlier one are durable.
   */
  private async afterInput(closed: WindowAggregate[], accepted: readonly Reading[], now: number, onDurable?: () => void): Promise<void> {
    const openStart = this.aggregator.oldestOpenStart();
    for (const w of closed) this.rules.onWindow(w);
    this.windowsClosed += closed.length;
    this.frames.addWindows(closed);
    for (const condition of this.rules.drainConditions()) this.alarms.applyCondition(condition);
    for (const condition of this.system.drain()) this.alarms.applyCondition(condition, { kind: 'system' });
    const changes = this.alarms.drainChanges();
    for (const change of changes) this.options.onAlarm(change);
    const rejected = this.quarantine.drainNew();
    // The live view never waits for the database.
    if (now - this.lastFrameAt >= FRAME_INTERVAL_MS && this.frames.pendingRows > 0) this.emitFrame(now);
    const { store } = this.options;
    const writes: Promise<void>[] = [];
    const rows = closed.length + (this.storeRaw ? accepted.length : 0) + changes.length + rejected.length;
    if (closed.length > 0) writes.push(store.writeWindows(closed));
    if (this.storeRaw && accepted.length > 0) writes.push(store.writeReadings(accepted));
    if (changes.length > 0) writes.push(store.writeAlarms(latestAlarms(changes), changes.map((c) => c.event)));
    if (rejected.length > 0) writes.push(store.writeRejected(rejected));
    // Completions run in call order: once onDurable runs, every window closed before openStart was taken
    // is durable (written, or fsync'ed to the store's spill). A failed write stops all later ones from counting.
    await this.writes.submit(writes, rows, () => {
      this.durableOpenStart = openStart;
      this.hasDurableOpenStart = true;
      onDurable?.();
    });
  }

  private emitFrame(now: number): void {
    this.lastFrameAt = now;
    this.options.onFrame(this.frames.build(now, this.aggregator.cityOpen(), this.readingsPerSec(), this.aggregator.watermark));
  }
}

/** The newest state of each alarm among a list of changes, for one store write. */
function latestAlarms(changes: readonly { readonly alarm: Alarm }[]): Alarm[] {
  const byId = new Map<string, Alarm>();
  for (const { alarm } of changes) byId.set(alarm.id, alarm);
  return [...byId.values()];
}
