/**
 * Ingest: the first of the pipeline's three parts. It decodes each message, drops duplicates, admits it
 * against the event-time watermark, adds it to the open windows and runs the value rules; it owns the
 * watermark and the window aggregator. What closes here is handed to the outcomes part.
 */
import type { Reading, RawMessage, SourcePosition } from '../../src-shared/domain/reading';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import type { Settings } from '../../src-shared/settings/schema';
import type { PipelineCounters } from '../../src-shared/ipc/status';
import { WindowAggregator } from './windows/window-aggregator';
import type { RuleEngine } from './rules/rule-engine';
import { DecodedReading, type Decoder, type DecodeFailure } from './decoder/decoder';
import { DuplicateFilter } from './duplicate-filter';
import { closedBounds, type ClosedBound } from './windows/closed-bounds';
import type { Quarantine } from './quarantine';
import type { FrameBuilder } from './frame-builder';
import { RateMeter } from './rate-meter';
import { grown } from '../../src-shared/columns/typed-array-growth';
import { EventClock } from './event-clock';
import type { SourceBatch } from './ports';
import { CLOCK_EVERY, CLOSE_SERIES_PER_STEP, SLICE_MS, nextSlice } from './time-slice';
import { isOffsetBefore, laneOf, TakenOffsets, trackRange } from './partition-ranges';
import type { PartitionRange } from './partition-ranges';
import { LateValues, type LateBatch } from './windows/late-values';
import type { ShapeDecoder } from './shapes/shape-decoder';

const DAY_MS = 86_400_000;

/**
 * How far (event time) a partition may run ahead of the watermark before it waits for the others.
 * The window ring is sized for it, so out-of-step partitions still land in the right windows.
 */
export const MAX_PARTITION_SKEW_MS = 300_000;

/** At the station cap, idle stations are looked for at most this often (a sweep walks every series). */
export const IDLE_SWEEP_EVERY_MS = 10_000;

/** The lane of readings that come without a Kafka position (simulator, replay). */
const SOURCE_LANE = 'source';

/** What one batch left behind for the outcomes and checkpoint parts. */
export interface IngestedBatch {
  /** Messages taken from the start of a raw batch when not all (a partition ran too far ahead and waits). */
  readonly taken: number | undefined;
  /** Readings kept for raw storage (empty unless store.rawReadings). */
  readonly accepted: readonly Reading[];
  /** Kafka offset ranges processed, per partition; recorded once the batch's effects are durable. */
  readonly ranges: ReadonlyMap<string, PartitionRange>;
  /** Late values for the store to merge into windows already stored (null: none). */
  readonly late: LateBatch | null;
}

/** The parts of the pipeline that ingest feeds besides the windows (owned by the pipeline). */
export interface IngestDeps {
  /** The decoder: its station index is the one every slot below comes from. */
  readonly decoder: Decoder;
  readonly rules: RuleEngine;
  readonly frames: FrameBuilder;
  readonly quarantine: Quarantine;
  /** The pipeline's clock, read when a batch ends (it may have taken many slices). */
  readonly now: () => number;
  /**
   * The source's message shape when it is not our own format (core/shapes): raw messages are decoded by it,
   * possibly into several readings each, which then pass the decoder's checks. Null: the decoder's own path.
   */
  readonly shapes?: ShapeDecoder | null;
  /** With our own format (shapes null): the shape that takes a message holding an array of our readings. */
  readonly ownArrays?: ShapeDecoder | null;
}

export class Ingest {
  private readonly aggregator: WindowAggregator;
  private readonly decoder: Decoder;
  private readonly duplicates: DuplicateFilter;
  /** Reused columns of the message being decoded (the decode → aggregate hot path). */
  private readonly decoded = new DecodedReading();
  private readonly clock: EventClock;
  /** The event-time watermark (null until the first one). */
  private mark: number | null = null;
  private readonly rate = new RateMeter();
  private readings = 0;
  private late = 0;
  private duplicateCount = 0;
  private lastReadingWall: number | null = null;
  /** Batches being taken: input is not idle while one is (see tick). */
  private taking = 0;
  private maxEventTs: number | null = null;
  private readonly storeRaw: boolean;
  /** The time of the batch being taken: the station index's release of idle stations runs inside it. */
  private now = 0;
  private lastSweepAt = Number.NEGATIVE_INFINITY;
  private lastMetricSweepAt = Number.NEGATIVE_INFINITY;
  private released = 0;
  private releasedMetricCount = 0;
  /** Per station slot: readings counted late, and the most a late one was behind the newest event time. */
  private lateBySlot = new Float64Array(64);
  private behindBySlot = new Float64Array(64);
  /** Late values of the batch being taken, and the Kafka positions of the messages they came in. */
  private readonly lateValues = new LateValues();
  private latePositions: SourcePosition[] = [];
  /** What this process has taken per partition: a redelivered message is skipped, counted as a duplicate. */
  private readonly taken = new TakenOffsets();
  /** How far behind the newest event time a late reading may be and still be merged (the window retention). */
  private readonly horizonMs: number;

  constructor(
    private readonly settings: Settings,
    private readonly deps: IngestDeps,
  ) {
    const smallest = Math.min(...settings.windows.sizesMs);
    this.decoder = deps.decoder;
    this.duplicates = new DuplicateFilter({ stations: deps.decoder.stations });
    this.clock = new EventClock(settings.windows.allowedLatenessMs, MAX_PARTITION_SKEW_MS, settings.windows.idleTimeoutMs);
    this.aggregator = new WindowAggregator({
      sizesMs: settings.windows.sizesMs,
      // Ingest drives the watermark (EventClock). This larger lateness only sizes the aggregator's
      // ring for skewed partitions; its own watermark then always trails ours and never fires.
      allowedLatenessMs: settings.windows.allowedLatenessMs + MAX_PARTITION_SKEW_MS + smallest,
      maxStations: settings.decoder.maxStations,
      stations: deps.decoder.stations,
      maxMetrics: settings.decoder.maxDistinctMetrics,
      includeCity: true,
      lateSink: this.lateValues,
    });
    this.horizonMs = settings.store.windowRetentionDays * DAY_MS;
    this.storeRaw = settings.store.rawReadings;
    deps.decoder.stations.whenFull(() => this.releaseIdleStations());
    deps.decoder.whenMetricsFull(() => this.releaseIdleMetrics());
  }

  /**
   * Takes one batch of either kind through one loop: decode (or validate), de-duplicate, admit, aggregate.
   * Yields between slices so timers, requests and I/O run (a 16,000-message Kafka batch held the loop for seconds).
   */
  async take(batch: SourceBatch, now: number, futureBase = now): Promise<IngestedBatch> {
    this.taking++;
    try {
      return await this.takeBatch(batch, now, futureBase);
    } finally {
      this.taking--;
    }
  }

  private async takeBatch(batch: SourceBatch, now: number, futureBase: number): Promise<IngestedBatch> {
    this.now = now;
    const messages = batch.kind === 'raw' ? batch.messages : null;
    const readings = batch.kind === 'readings' ? batch.readings : null;
    const raw = messages !== null;
    const length = messages?.length ?? readings?.length ?? 0;
    // Readings kept for raw storage only; otherwise the hot path builds no object per message.
    const accepted: Reading[] = [];
    const ranges = new Map<string, PartitionRange>();
    const d = this.decoded;
    let fed = 0;
    let taken = 0;
    let [lane, laneTopic, lanePartition] = [SOURCE_LANE, '', -1];
    let laneNext: string | null = null;
    let slice = raw ? await nextSlice() : performance.now();
    const ownShape = this.deps.shapes ?? null;
    const ownArrays = this.deps.ownArrays ?? null;
    for (; taken < length; taken++) {
      if (taken % CLOCK_EVERY === 0 && performance.now() - slice > SLICE_MS) slice = await nextSlice();
      if (this.aggregator.closing) slice = await this.finishClosing(slice);
      const message = messages !== null ? messages[taken]! : null;
      const shapes = ownShape ?? (ownArrays !== null && message !== null && isArrayText(message.value) ? ownArrays : null);
      if (shapes !== null && message !== null) {
        // Another system's shape: one message may hold several readings (takeShaped); the rest of this loop is our own format's.
        const position = message.position;
        if (position !== null && (position.partition !== lanePartition || position.topic !== laneTopic)) {
          [lane, laneTopic, lanePartition] = [laneOf(position), position.topic, position.partition];
          laneNext = this.taken.nextOf(lane);
        } else if (position === null) lane = SOURCE_LANE;
        if (position !== null && laneNext !== null && isOffsetBefore(position.offset, laneNext)) {
          this.duplicateCount++;
          continue;
        }
        const result = this.takeShaped(shapes, message, lane, now, futureBase, accepted, ranges);
        if (result === 'wait') break;
        fed += result;
        continue;
      }
      // decodeInto + addValues: the hot path bench/suites/decode-aggregate.ts measures.
      // The "too far in the future" bound is taken from `futureBase`, the latest of the wall and steady clocks.
      const problem = message !== null ? this.decoder.decodeInto(message.value, futureBase, d, message.station ?? null) : this.decoder.validateInto(readings![taken]!, futureBase, d);
      const position = message?.position ?? null;
      // A Kafka batch holds one partition: build its lane key once, not per message.
      if (position === null) lane = SOURCE_LANE;
      else if (position.partition !== lanePartition || position.topic !== laneTopic) {
        [lane, laneTopic, lanePartition] = [laneOf(position), position.topic, position.partition];
        laneNext = this.taken.nextOf(lane);
      }
      if (position !== null && laneNext !== null && isOffsetBefore(position.offset, laneNext)) {
        this.duplicateCount++;
        continue;
      }
      // A raw batch stops where a partition ran too far ahead; the source re-delivers the rest.
      if (problem === null && !this.admit(lane, d.ts, now) && raw) break;
      const isFed = problem !== null ? this.reject(problem, message, now) : this.isBeyondHorizon(d.ts) ? this.refuseTooLate(message, now) : this.accept(now, accepted, position);
      if (isFed) {
        fed++;
        this.clock.observe(lane, d.ts, now);
      } else if (raw) this.clock.touch(lane, now);
      if (position !== null) trackRange(ranges, lane, position, isFed ? d.ts : Number.NEGATIVE_INFINITY);
    }
    this.taken.note(ranges);
    this.advanceWatermark(now);
    await this.finishClosing(slice);
    // The batch may have taken many slices: its input counts as received when it ends, not when it began.
    this.noteInput(fed, this.deps.now());
    return { taken: taken < length ? taken : undefined, accepted, ranges, late: this.drainLate() };
  }

  /**
   * One message of another system's shape: decoded into its readings, each checked by the decoder; any
   * refusal refuses the whole message (the quarantine keeps it whole). Admitted against the watermark by
   * its newest reading, then every reading is taken like one of ours. Returns the readings fed, or 'wait'
   * when its partition ran too far ahead (the source re-delivers it).
   */
  private takeShaped(shapes: ShapeDecoder, message: RawMessage, lane: string, now: number, futureBase: number, accepted: Reading[], ranges: Map<string, PartitionRange>): number | 'wait' {
    const position = message.position;
    const shaped = shapes.decode(message.value, { key: message.key ?? null, topic: message.topic ?? position?.topic ?? null, recordTimestampMs: message.recordTimestampMs ?? null, receivedAt: message.receivedAt, station: message.station ?? null });
    let problem: DecodeFailure | null = shaped.ok ? null : shaped;
    const readings: Reading[] = [];
    if (shaped.ok) {
      for (const reading of shaped.readings) {
        const result = this.decoder.validate(reading, futureBase);
        if (!result.ok) {
          problem = shaped.readings.length > 1 ? { ...result, detail: `reading ${readings.length + 1} of ${shaped.readings.length}: ${result.detail}` } : result;
          break;
        }
        readings.push(result.reading);
      }
    }
    let newest = Number.NEGATIVE_INFINITY;
    for (const reading of readings) if (reading.ts > newest) newest = reading.ts;
    if (problem === null && readings.length > 0 && !this.admit(lane, newest, now)) return 'wait';
    let fed = 0;
    let fedTs = Number.NEGATIVE_INFINITY;
    if (problem !== null) this.reject(problem, message, now);
    else {
      const d = this.decoded;
      const stations = this.decoder.stations;
      for (const reading of readings) {
        d.copyFrom(reading);
        d.station = stations.find(reading.stationId);
        const isFed = this.isBeyondHorizon(d.ts) ? this.refuseTooLate(message, now) : this.accept(now, accepted, position);
        if (!isFed) continue;
        fed++;
        if (d.ts > fedTs) fedTs = d.ts;
        this.clock.observe(lane, d.ts, now);
      }
    }
    if (fed === 0) this.clock.touch(lane, now);
    if (position !== null) trackRange(ranges, lane, position, fedTs);
    return fed;
  }

  /** The batch's late values for the store, ids resolved now (a slot may be given to another station later). */
  private drainLate(): LateBatch | null {
    const [positions, stations] = [this.latePositions, this.deps.decoder.stations];
    this.latePositions = [];
    return this.lateValues.drain(this.settings.windows.sizesMs, positions, (slot) => stations.idOf(slot), (slot) => this.aggregator.metricId(slot));
  }

  /**
   * The horizon: a reading further behind the newest event time than the window retention would be
   * merged into windows the retention job deletes anyway (or already deleted), so it is refused instead.
   */
  private isBeyondHorizon(ts: number): boolean {
    return this.maxEventTs !== null && ts < this.maxEventTs - this.horizonMs;
  }

  private refuseTooLate(message: RawMessage | null, now: number): false {
    const [d, days] = [this.decoded, this.settings.store.windowRetentionDays];
    const detail = `reading of station ${d.stationId} at ${new Date(d.ts).toISOString()} came more than ${days} ${days === 1 ? 'day' : 'days'} (the window retention) after newer readings; its windows are past retention, so it was not merged`;
    this.deps.quarantine.add({ reason: 'too-late', detail, bytes: message?.value ?? (message === null ? JSON.stringify(d.toReading()) : null), position: quarantinedAt(message), at: now });
    return false;
  }

  /**
   * The wall-clock step: when input has been idle, the watermark moves on with wall time so the last
   * windows close; then every window the watermark passed is closed.
   */
  async tick(now: number): Promise<void> {
    const { idleTimeoutMs, allowedLatenessMs } = this.settings.windows;
    // Idle means no input: never while a batch is being taken (its newest event time is already counted,
    // but the time of the last input would still be that of the batch before — the idle-then-burst bug).
    if (this.taking === 0 && this.lastReadingWall !== null && this.maxEventTs !== null && now - this.lastReadingWall >= idleTimeoutMs) {
      this.moveMark(this.maxEventTs - allowedLatenessMs + (now - this.lastReadingWall));
    }
    this.advanceWatermark(now);
    await this.finishClosing();
  }

  /**
   * The end of the input: moves the watermark past every window that holds data (the newest event time
   * plus the largest size and the lateness), closing them all. Later readings would all be late.
   */
  async closeAll(): Promise<void> {
    if (this.maxEventTs === null) return;
    const { sizesMs, allowedLatenessMs } = this.settings.windows;
    this.moveMark(this.maxEventTs + Math.max(...sizesMs) + allowedLatenessMs + 1);
    await this.finishClosing();
  }

  /** Kafka's partition assignment: the watermark waits for every owned partition (or its idle timeout). */
  onAssignment(lanes: readonly string[], now: number): void {
    this.clock.assign(lanes, now);
  }

  /** One past the newest offset taken from the partition, or null (see TakenOffsets). */
  takenNext(partition: { readonly topic: string; readonly partition: number }): string | null {
    return this.taken.nextOf(laneOf(partition));
  }

  /**
   * After a restart: readings before this event time belong to windows already stored, so they are
   * late now (counted, not re-added); windows from here on are rebuilt from the re-read messages.
   */
  resumeFrom(eventTime: number): void {
    this.moveMark(eventTime);
  }

  /** Windows closed since the last call, oldest first. */
  drainClosed(): WindowAggregate[] {
    return this.aggregator.drainClosed();
  }

  /** The oldest open window start: readings at or after it may still be needed to rebuild open windows. */
  oldestOpenStart(): number | null {
    return this.aggregator.oldestOpenStart();
  }

  /** Per window size, the start before which every window of that size is closed (see closed-bounds.ts). */
  closedBounds(): ClosedBound[] {
    return closedBounds(this.settings.windows.sizesMs, this.aggregator.watermark, this.aggregator.closing, this.aggregator.oldestOpenStart());
  }

  /** Open windows and the watermark, without the live city band (which windowsView builds): what the status shows. */
  windowCounts(): { readonly openWindows: number; readonly watermark: number | null } {
    return { openWindows: this.aggregator.openWindowCount(), watermark: this.aggregator.watermark };
  }

  /** What the frames show of the open windows (`now`: the frames' clock, which paces the band's percentiles). */
  windowsView(now?: number): { readonly openWindows: number; readonly watermark: number | null; readonly cityOpen: ReturnType<WindowAggregator['cityOpen']> } {
    return { openWindows: this.aggregator.openWindowCount(), watermark: this.aggregator.watermark, cityOpen: this.aggregator.cityOpen(now) };
  }

  /** Whether a batch is being taken (it yields between slices, so timers run meanwhile). */
  get isTaking(): boolean {
    return this.taking > 0;
  }

  /** The wall time of the last batch that fed the windows (null before the first). */
  get lastInputAt(): number | null {
    return this.lastReadingWall;
  }

  readingsPerSec(now: number): number {
    return this.rate.perSecond(now);
  }

  counters(): Omit<PipelineCounters, 'rejected' | 'outliers' | 'windowsClosed'> {
    return { readings: this.readings, late: this.late, duplicates: this.duplicateCount };
  }

  /** The stations with the most late readings (slot, count, most behind), most first. */
  lateStations(limit: number): { readonly slot: number; readonly late: number; readonly maxBehindMs: number }[] {
    const found: { slot: number; late: number; maxBehindMs: number }[] = [];
    for (let slot = 0; slot < this.lateBySlot.length; slot++) {
      const late = this.lateBySlot[slot]!;
      if (late > 0) found.push({ slot, late, maxBehindMs: this.behindBySlot[slot]! });
    }
    return found.sort((a, b) => b.late - a.late).slice(0, limit);
  }

  /** The most any late reading was behind the newest event time (0 when none was late). */
  get maxBehindMs(): number {
    let most = 0;
    for (const behind of this.behindBySlot) if (behind > most) most = behind;
    return most;
  }

  /** Counts a late reading, and ties the late values it left for the store (from `lateFrom` on) to its Kafka position. */
  private noteLate(slot: number, ts: number, position: SourcePosition | null, lateFrom: number): void {
    if (this.lateValues.length > lateFrom && position !== null) {
      this.lateValues.tagFrom(lateFrom, this.latePositions.length);
      this.latePositions.push(position);
    }
    this.late++;
    if (slot >= this.lateBySlot.length) {
      this.lateBySlot = grown(this.lateBySlot, slot + 1);
      this.behindBySlot = grown(this.behindBySlot, slot + 1);
    }
    this.lateBySlot[slot]!++;
    const behind = (this.maxEventTs ?? ts) - ts;
    if (behind > this.behindBySlot[slot]!) this.behindBySlot[slot] = behind;
  }

  /** Stations released at the cap so far (idle past decoder.idleStationTtlMs), for the health view. */
  get releasedStations(): number {
    return this.released;
  }

  /**
   * The station cap is reached and a new station knocks: stations silent for longer than the time-to-live
   * whose windows are all closed give their slots up — after the rules and the duplicate filter forgot them.
   */
  private releaseIdleStations(): void {
    if (this.now - this.lastSweepAt < IDLE_SWEEP_EVERY_MS) return;
    this.lastSweepAt = this.now;
    const stations = this.deps.decoder.stations;
    const idle = stations.idleSlots(this.now - this.settings.decoder.idleStationTtlMs);
    if (idle.length === 0) return;
    const busy = this.aggregator.stationsWithOpenWindows();
    for (const slot of idle) {
      if (busy[slot] === 1) continue;
      this.deps.rules.forgetStation(slot);
      this.duplicates.forget(slot);
      if (slot < this.lateBySlot.length) [this.lateBySlot[slot], this.behindBySlot[slot]] = [0, 0];
      stations.release(slot);
      this.released++;
    }
  }

  /** Metric names released at the cap so far (idle past decoder.idleMetricTtlMs). */
  get releasedMetrics(): number {
    return this.releasedMetricCount;
  }

  /**
   * The metric cap is reached and a new name knocks: metrics with no value for longer than the
   * time-to-live (event time) and no open window give their slots up, and the decoder forgets their names.
   */
  private releaseIdleMetrics(): void {
    if (this.now - this.lastMetricSweepAt < IDLE_SWEEP_EVERY_MS || this.maxEventTs === null) return;
    this.lastMetricSweepAt = this.now;
    for (const name of this.aggregator.releaseIdleMetrics(this.maxEventTs - this.settings.decoder.idleMetricTtlMs)) {
      this.deps.decoder.forgetMetric(name);
      this.releasedMetricCount++;
    }
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
   * The watermark. Never moves back. Values behind it count as late at once; the windows it passes
   * are closed by finishClosing, in steps (closing 27,000 windows at a 5-minute boundary takes ~50 ms).
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

  private reject(problem: DecodeFailure, message: RawMessage | null, now: number): false {
    this.deps.quarantine.add({ reason: problem.reason, detail: problem.detail, bytes: message?.value ?? null, position: quarantinedAt(message), at: now });
    return false;
  }

  /**
   * Runs the valid message held in this.decoded through the windows and value rules; true when it fed them.
   * Late values are merged into the windows, but run no rule: live rules act on live data only.
   */
  private accept(now: number, accepted: Reading[], position: SourcePosition | null): boolean {
    const d = this.decoded;
    const { rules, frames } = this.deps;
    // The decoder admitted the station into the one station index: its slot is d.station.
    const station = d.station;
    this.deps.decoder.stations.touch(station, now);
    const fresh = this.duplicates.freshAt(station, d.ts, d.names, d.count, d.layoutVersion);
    if (fresh === 0) {
      this.duplicateCount++;
      return false;
    }
    // Some of its metrics were taken at this station and time before: only the others go on (DuplicateFilter).
    if (fresh < d.count) d.keepOnly(this.duplicates.freshMask());
    // Metric slots are resolved per key layout, not per value (WindowAggregator.addValues).
    const lateBefore = this.lateValues.length;
    if (this.aggregator.addValues(station, d.ts, d.names, d.values, d.count) > 0) this.noteLate(station, d.ts, position, lateBefore);
    else for (let i = 0; i < d.count; i++) rules.onValue(d.stationId, d.names[i]!, d.ts, d.values[i]!, station);
    if (this.maxEventTs === null || d.ts > this.maxEventTs) this.maxEventTs = d.ts;
    rules.onStationSeen(d.stationId, now, station);
    frames.addValues(d.stationId, d.ts, d.names, d.values, d.count);
    this.readings++;
    if (this.storeRaw) accepted.push(d.toReading());
    return true;
  }
}


/**
 * Where a refused message came from, for the quarantine: its position, named by the message's own topic when it
 * has one (MQTT's, where the position's topic is the local journal's), so the admin sees which device sent it.
 */
function quarantinedAt(message: RawMessage | null): SourcePosition | null {
  const position = message?.position ?? null;
  return position !== null && message?.topic != null && message.topic !== position.topic ? { ...position, topic: message.topic } : position;
}

/** Whether a payload's first byte after a UTF-8 byte-order mark and white space is "[" (a JSON array). */
function isArrayText(bytes: Uint8Array | null): boolean {
  if (bytes === null) return false;
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x5b) return true;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return false;
}
