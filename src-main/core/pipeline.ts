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
import type { DecodeResult } from './decoder/decoder';
import { DuplicateFilter } from './duplicate-filter';
import { Quarantine } from './quarantine';
import { FrameBuilder } from './frame-builder';
import { RateMeter } from './rate-meter';
import { SystemAlarms } from './system-alarms';
import type { BatchHandler, SourceBatch, Store } from './ports';

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

export class Pipeline implements BatchHandler {
  readonly aggregator: WindowAggregator;
  readonly rules: RuleEngine;
  readonly alarms = new AlarmManager();
  readonly quarantine = new Quarantine();
  private readonly decoder: Decoder;
  private readonly duplicates: DuplicateFilter;
  private readonly frames = new FrameBuilder();
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

  constructor(private readonly options: PipelineOptions) {
    const { settings } = options;
    this.decoder = new Decoder(settings.decoder);
    this.duplicates = new DuplicateFilter();
    this.aggregator = new WindowAggregator({
      sizesMs: settings.windows.sizesMs,
      allowedLatenessMs: settings.windows.allowedLatenessMs,
      maxStations: settings.decoder.maxStations,
      maxMetrics: settings.decoder.maxDistinctMetrics,
      includeCity: true,
    });
    this.rules = new RuleEngine(settings.rules);
    this.storeRaw = settings.store.rawReadings;
    this.startedAt = options.now();
  }

  /** Processes one source batch; resolves once its effects are handed to the store. */
  async onBatch(batch: SourceBatch): Promise<void> {
    const now = this.options.now();
    const accepted: Reading[] = [];
    if (batch.kind === 'raw') {
      for (const message of batch.messages) this.accept(this.decoder.decode(message.value, now), message, now, accepted);
    } else {
      for (const reading of batch.readings) this.accept(this.decoder.validate(reading, now), null, now, accepted);
    }
    if (accepted.length > 0) {
      this.rate.add(accepted.length, now);
      this.lastReadingWall = now;
    }
    const closed = this.aggregator.drainClosed();
    await this.afterInput(closed, accepted, now);
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
      this.aggregator.advanceTo(this.maxEventTs - allowedLatenessMs + (now - this.lastReadingWall));
    }
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
      late: this.late + this.aggregator.lateCount,
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

  private accept(result: DecodeResult, message: RawMessage | null, now: number, accepted: Reading[]): void {
    if (!result.ok) {
      this.quarantine.add({ reason: result.reason, detail: result.detail, bytes: message?.value ?? null, position: message?.position ?? null, at: now });
      return;
    }
    const reading = result.reading;
    if (this.duplicates.isDuplicateReading(reading)) {
      this.duplicateCount++;
      return;
    }
    const station = this.aggregator.stationSlot(reading.stationId);
    if (station < 0) {
      this.quarantine.add({ reason: 'station-cap', detail: `Station limit reached; "${reading.stationId}" is not tracked`, bytes: message?.value ?? null, position: message?.position ?? null, at: now });
      return;
    }
    let isLate = false;
    for (const metric in reading.metrics) {
      const value = reading.metrics[metric] as number;
      const slot = this.aggregator.metricSlot(metric);
      if (slot >= 0 && !this.aggregator.add(station, slot, reading.ts, value)) isLate = true;
      this.rules.onValue(reading.stationId, metric, reading.ts, value);
    }
    if (isLate) this.late++;
    if (this.maxEventTs === null || reading.ts > this.maxEventTs) this.maxEventTs = reading.ts;
    this.rules.onStationSeen(reading.stationId, now);
    this.frames.addReading(reading);
    this.readings++;
    accepted.push(reading);
  }

  private async afterInput(closed: WindowAggregate[], accepted: readonly Reading[], now: number): Promise<void> {
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
    if (writes.length > 0) await Promise.all(writes);
    if (now - this.lastFrameAt >= FRAME_INTERVAL_MS && this.frames.pendingRows > 0) this.emitFrame(now);
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
