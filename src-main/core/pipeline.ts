/**
 * The pipeline: a thin composition of three parts with one owner each (docs/DESIGN.md, "The pipeline"):
 * ingest (decode → de-duplicate → admit → windows, value rules), outcomes (closed windows → rules →
 * alarms → frames, events and store writes) and checkpoint (write-behind, offsets, resume point, commit).
 * It is a BatchHandler for any source; awaiting onBatch is the backpressure. The engine talks to it only
 * through the operations below. It holds no process-wide state and the clock is injected.
 */
import type { ShapeSettings } from '../../src-shared/settings/shape';
import { ShapeDecoder } from './shapes/shape-decoder';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import type { Reading } from '../../src-shared/domain/reading';
import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';
import type { Rule } from '../../src-shared/domain/rules';
import type { Settings } from '../../src-shared/settings/schema';
import type { StreamFrame } from '../../src-shared/ipc/frame';
import type { CapsStatus, LatenessStatus, PipelineCounters, QuarantinedMessage, SourceState } from '../../src-shared/ipc/status';
import type { SourcePosition } from '../../src-shared/domain/reading';
import { RuleEngine } from './rules/rule-engine';
import { Decoder } from './decoder/decoder';
import type { AlarmListOptions, OutOfServiceKey } from './alarms/alarm-manager';
import { Quarantine, type QuarantineInput } from './quarantine';
import { FrameBuilder } from './frame-builder';
import { Ingest } from './ingest';
import { Outcomes } from './outcomes';
import { Checkpoint, type CommitOutcome, type CommitTarget } from './checkpoint';
import { laneOf, type PartitionRange } from './partition-ranges';
import { SteadyClock } from './steady-clock';
import type { BatchHandler, OutOfServiceEntry, PartitionRef, SourceBatch, Store } from './ports';
import { checkAssignedEnds } from './late-progress-guard';
import type { LateBatch } from './windows/late-values';
import type { Station } from '../../src-shared/domain/station';
import type { AirComplianceResult } from '../../src-shared/domain/air-quality';
import type { ThresholdEpisode } from './air-quality/threshold-tracker';
import type { PrimedCoverage } from './air-quality-feed';

export { MAX_PENDING_WRITES, StoreWriteFailed } from './write-behind';
export { FRAME_INTERVAL_MS } from './outcomes';
export { MAX_PARTITION_SKEW_MS } from './ingest';

export interface PipelineOptions {
  readonly settings: Settings;
  readonly store: Store;
  /** Wall clock; injected so tests and replays are deterministic. */
  readonly now: () => number;
  readonly onFrame: (frame: StreamFrame) => void;
  readonly onAlarm: (change: { readonly alarm: Alarm; readonly event: AlarmEvent }) => void;
  readonly onSourceStatus?: (state: SourceState, detail: string | null) => void;
  /** Where safe offsets are committed (a Kafka source); absent for sources without offsets. */
  readonly commitTarget?: CommitTarget;
  /**
   * A monotonic clock in ms (the engine passes performance.now): durations are measured on it, so a jump of
   * the system clock neither marks every station stale nor refuses every reading. Default: `now` itself.
   */
  readonly monotonic?: () => number;
  /** The source's message shape (Kafka, MQTT); absent or `stationwatch`: our own format on the decoder's fast path. */
  readonly shape?: ShapeSettings | null;
  /** A line for the engine's log about something it handled that an administrator should know. */
  readonly onWarning?: (text: string) => void;
  /**
   * This engine cannot read on correctly and must be replaced by a new one (which resumes from the source's
   * commit, as after a crash): a Kafka topic was deleted and created again while being read. Without it, the
   * reason is logged through onWarning.
   */
  readonly onRestartNeeded?: (reason: string) => void;
}

export class Pipeline implements BatchHandler {
  private readonly rules: RuleEngine;
  private readonly quarantine = new Quarantine();
  private readonly ingest: Ingest;
  /** The source goes on from a resume point (resumeFrom): its messages since are read again. */
  private isResuming = false;
  private readonly outcomes: Outcomes;
  private readonly checkpoint: Checkpoint;
  private readonly startedAt: number;
  /** Assignments so far: a check of an older one's ends is not used (core/late-progress-guard.ts). */
  private assignments = 0;
  private readonly decoder: Decoder;
  /** Wall time that does not jump (see SteadyClock); every time the pipeline uses comes from it. */
  private readonly clock: SteadyClock;
  private sourceState: SourceState = 'starting';
  private sourceDetail: string | null = null;

  constructor(private readonly options: PipelineOptions) {
    const { settings } = options;
    this.clock = new SteadyClock(options.now, options.monotonic ?? options.now);
    const frames = new FrameBuilder();
    // The decoder creates the one station index; windows, rules and the duplicate filter use its slots.
    const decoder = (this.decoder = new Decoder(settings.decoder));
    this.rules = new RuleEngine(settings.rules, decoder.stations);
    const shape = options.shape ?? null;
    const isOwnFormat = shape === null || shape.preset === 'stationwatch';
    const decoderOptions = { maxMessageBytes: settings.decoder.maxMessageBytes, keys: settings.decoder };
    const shapes = isOwnFormat ? null : new ShapeDecoder(shape, decoderOptions);
    // Our own format as an array of readings in one message (as HTTP push takes it) goes through its preset.
    const ownArrays = isOwnFormat ? new ShapeDecoder({ preset: 'stationwatch' }, decoderOptions) : null;
    this.ingest = new Ingest(settings, { decoder, rules: this.rules, frames, quarantine: this.quarantine, now: () => this.clock.now(), shapes, ownArrays });
    this.outcomes = new Outcomes({
      store: options.store,
      rules: this.rules,
      frames,
      quarantine: this.quarantine,
      storeRaw: settings.store.rawReadings,
      airQuality: settings.airQuality,
      onFrame: options.onFrame,
      onAlarm: options.onAlarm,
      live: (now) => {
        const view = this.ingest.windowsView(now);
        return { cityOpen: view.cityOpen, readingsPerSec: this.ingest.readingsPerSec(now), watermark: view.watermark };
      },
    });
    const store = options.store;
    this.checkpoint = new Checkpoint(options.commitTarget ?? null, () => this.ingest.oldestOpenStart(), store.saveLateProgress === undefined ? undefined : (progress) => store.saveLateProgress!(progress));
    this.startedAt = options.now();
  }

  /**
   * Processes one source batch; resolves once its effects are handed to the store. For a raw batch,
   * resolves with the number of messages taken when a partition ran too far ahead and must wait.
   */
  async onBatch(batch: SourceBatch): Promise<number | void> {
    this.checkpoint.throwIfFailed();
    const now = this.clock.now();
    const input = await this.ingest.take(batch, now, this.clock.latest());
    // Offsets are recorded only once the batch's effects are durable in the store (docs/DESIGN.md: offsets follow storage).
    await this.step(input.accepted, now, input.ranges, input.late);
    return input.taken;
  }

  /**
   * Takes several readings batches (HTTP pushes that waited together) one after another — each
   * de-duplicated, refused and counted on its own; `onTaken(i)` runs right after batch i, so a caller can
   * read the counters and the quarantine per batch — and hands their effects to the store as one step:
   * one raw-readings write (one transaction) instead of one per batch. Resolves as onBatch does.
   */
  async onReadingsBatches(batches: readonly (readonly Reading[])[], onTaken: (index: number) => void): Promise<void> {
    this.checkpoint.throwIfFailed();
    const now = this.clock.now();
    let accepted: Reading[] = [];
    for (let i = 0; i < batches.length; i++) {
      const input = await this.ingest.take({ kind: 'readings', readings: batches[i]! }, now, this.clock.latest());
      onTaken(i);
      for (const reading of input.accepted) accepted.push(reading);
      // Late merges go with the step of the readings taken so far, as onBatch's do.
      if (input.late !== null) {
        await this.step(accepted, now, undefined, input.late);
        accepted = [];
      }
    }
    await this.step(accepted, now);
  }

  /**
   * Kafka's partition assignment: the watermark waits for every owned partition (or its idle timeout). With
   * `ends`, the late-merge bookkeeping beyond each partition's end is dropped first (core/late-progress-guard.ts).
   */
  onAssignment(partitions: readonly PartitionRef[], ends?: () => Promise<readonly SourcePosition[]>): void | Promise<void> {
    this.ingest.onAssignment(partitions.map(laneOf), this.clock.now());
    const generation = ++this.assignments;
    if (ends === undefined) return;
    return this.checkEnds(partitions, ends, () => generation === this.assignments);
  }

  /**
   * The source fetched a partition again from below what it had handed on, with no new assignment, and found its
   * end below that: the partition's log was deleted and made again (or truncated). The same check as at an
   * assignment drops the progress beyond the end and, the end being below what was taken, asks for a new engine.
   */
  onRewind(partition: PartitionRef, ends: () => Promise<readonly SourcePosition[]>): Promise<void> {
    const generation = this.assignments;
    return this.checkEnds([partition], ends, () => generation === this.assignments);
  }

  private checkEnds(partitions: readonly PartitionRef[], ends: () => Promise<readonly SourcePosition[]>, isCurrent: () => boolean): Promise<void> {
    const onWarning = (text: string): void => this.options.onWarning?.(text);
    const check = { store: this.options.store, partitions, readEnds: ends, at: this.clock.now(), takenNext: (p: PartitionRef) => this.ingest.takenNext(p), onWarning, isCurrent };
    return checkAssignedEnds(check).then(({ warnings, restart }) => {
      warnings.forEach(onWarning);
      if (restart === null) return;
      if (this.options.onRestartNeeded !== undefined) this.options.onRestartNeeded(restart);
      else onWarning(restart);
    });
  }

  onStatus(state: SourceState, detail: string | null): void {
    this.sourceState = state;
    this.sourceDetail = detail;
    this.outcomes.onSourceState(state, detail, this.clock.now());
    this.options.onSourceStatus?.(state, detail);
    // A failed write surfaces through tick (StoreWriteFailed), which restarts the engine.
    if (state === 'finished') this.endOfInput(detail).catch(() => undefined);
  }

  /**
   * The input has ended (a replay reached the end of its file): nothing more will arrive, so every open
   * window is closed and stored now rather than after an hour of idle wall time, and the source's status
   * says so. A failed write leaves the detail as it was (the engine restarts on it, see StoreWriteFailed).
   */
  private async endOfInput(detail: string | null): Promise<void> {
    const closed = this.outcomes.closedWindowCount;
    await this.ingest.closeAll();
    await this.step([], this.clock.now());
    await this.checkpoint.flush();
    const more = this.outcomes.closedWindowCount - closed;
    this.sourceDetail = `${detail ?? 'input ended'}; every open window closed and stored (${more} more)`;
    this.options.onSourceStatus?.(this.sourceState, this.sourceDetail);
  }

  /**
   * Called on a wall-clock timer (every ~50 ms): advances the watermark when input is idle, checks
   * stale stations, shelf expiry and system alarms, and emits a frame when one is due.
   */
  async tick(): Promise<void> {
    this.checkpoint.throwIfFailed();
    const now = this.clock.now();
    await this.ingest.tick(now);
    this.outcomes.tick(now, this.ingest.lastInputAt, this.startedAt);
    this.outcomes.onClockSkew(this.clock.skewMs(), now);
    this.outcomes.onCaps(this.caps(), now);
    await this.step([], now);
    this.outcomes.emitFrameIfDue(now);
  }

  // Start-up: what a previous run stored.

  /** The alarms and out-of-service entries a previous run stored. */
  restore(alarms: readonly Alarm[], outOfService: readonly OutOfServiceKey[]): void {
    this.outcomes.restore(alarms, outOfService);
  }

  /**
   * After restore, once the rules in force are set (before the first reading): the conditions of the alarms a
   * previous run left active are active again, so those alarms clear when their conditions do (Outcomes.resumeConditions).
   */
  resumeConditions(): void {
    this.outcomes.resumeConditions(this.clock.now(), this.isResuming);
  }

  /**
   * After a restart: readings before this event time belong to windows already stored, so they are
   * late now (counted, not re-added); windows from here on are rebuilt from the re-read messages.
   */
  resumeFrom(eventTime: number): void {
    this.isResuming = true;
    this.ingest.resumeFrom(eventTime);
  }

  // Operator actions: each is durable in the store when it resolves.

  acknowledge(alarmId: string, who: string, comment: string | null): Promise<Alarm> {
    return this.durably(this.outcomes.acknowledge(alarmId, who, comment, this.clock.now()));
  }

  shelve(alarmId: string, who: string, reason: string, until: number): Promise<Alarm> {
    return this.durably(this.outcomes.shelve(alarmId, who, reason, until, this.clock.now()));
  }

  unshelve(alarmId: string, who: string, comment: string | null): Promise<Alarm> {
    return this.durably(this.outcomes.unshelve(alarmId, who, comment, this.clock.now()));
  }

  /** Out of service (or back: then it starts clean, see Outcomes.setOutOfService); the entry is saved by `persist`. */
  async setOutOfService(entry: { readonly stationId: string; readonly metric: string | null; readonly comment: string | null; readonly by: string }, outOfService: boolean, persist: (entry: OutOfServiceEntry, outOfService: boolean) => Promise<void>): Promise<void> {
    const now = this.clock.now();
    this.outcomes.setOutOfService(entry.stationId, entry.metric, outOfService, entry.by, entry.comment, now);
    await persist({ ...entry, since: now }, outOfService);
    await this.durably(undefined);
  }

  /** Replaces the rule set (rules:save); open conditions of removed rules are reported cleared. */
  setRules(rules: readonly Rule[]): void {
    this.rules.setRules(rules);
  }

  /** A message a source refused before it reached the pipeline (a replay row): quarantined like any other. */
  quarantineMessage(input: QuarantineInput): void {
    this.quarantine.add(input);
  }

  // System conditions from outside the data flow.

  /** Raises the engine-restarted system alarm (the host restarted this engine after a crash). */
  onEngineRestarted(restartCount: number, reason?: string): void {
    this.outcomes.onEngineRestarted(restartCount, this.clock.now(), reason);
  }

  /** Reports the store's buffer fill (0..1) so the store-buffer system alarm can fire. */
  onStoreFill(ratio: number): void {
    this.outcomes.onStoreFill(ratio, this.clock.now());
  }

  // Durability and commits (the checkpoint).

  /** Emits and stores alarm changes made outside the data flow (operator actions); resolves once they are durable. */
  async flushAlarmChanges(): Promise<void> {
    await this.durably(undefined);
  }

  /** Resolves once every write handed to the store so far is durable; rejects with the first failed write. */
  flush(): Promise<void> {
    return this.checkpoint.flush();
  }

  /** Commits the offsets that are safe now (see Checkpoint); a no-op for sources without offsets. */
  commit(): Promise<CommitOutcome> {
    return this.checkpoint.commit();
  }

  /** Commits on the checkpoint's own timer until the returned function is called. */
  commitEvery(everyMs: number, onError: (error: unknown) => void): () => void {
    return this.checkpoint.commitEvery(everyMs, onError);
  }

  /** Positions safe to commit now and the event time they are safe up to (see Checkpoint.safePositions). */
  safePositions(): { readonly positions: SourcePosition[]; readonly resumeFrom: number | null } {
    return this.checkpoint.safePositions();
  }

  /** Rows handed to the store that are not durable yet (the store's own queue comes on top). */
  pendingWriteRows(): number {
    return this.checkpoint.pendingRows();
  }

  // What the status and the requests read.

  listAlarms(options: AlarmListOptions = {}): Alarm[] {
    return this.outcomes.listAlarms(options);
  }

  listOutOfService(): OutOfServiceKey[] {
    return this.outcomes.listOutOfService();
  }

  /** Live air-quality compliance of local year `year` (null: the data's current year). */
  airCompliance(year: number | null): AirComplianceResult {
    return this.outcomes.airCompliance(year);
  }

  /** Hands the data-quality checks' learnt relations to the store when they changed (the engine calls it when it stops). */
  async saveAirRelations(): Promise<void> {
    await this.outcomes.saveRelations(this.clock.now());
  }

  /**
   * After a restart, before priming: the data-quality checks' saved relations between neighbours (hours learnt
   * ahead of the wall clock are forgotten: a sped-up simulator's); throws on a malformed text.
   */
  importAirRelations(text: string): number {
    return this.outcomes.importAirRelations(text, this.clock.now());
  }

  /** After a restart: the last stored pollutant hours prime the live air quality (checks, indices, thresholds, counters), before the first reading. */
  primeAirQuality(stored: readonly WindowAggregate[], coverage?: PrimedCoverage): void {
    this.outcomes.primeAirQuality(stored, coverage);
  }

  /** The operators' invalidated periods (issue 18), the whole list: hours in them feed no index or threshold. */
  setAirInvalidations(list: Parameters<Outcomes['setAirInvalidations']>[0]): void {
    this.outcomes.setAirInvalidations(list);
  }

  /** The latest threshold episode of an air-quality alarm, for its public notice; null when none. */
  airEpisode(alarmId: string): ThresholdEpisode | null {
    return this.outcomes.airEpisode(alarmId);
  }

  /** The station registry (loaded or changed): the calibration-due check runs now and once a day. */
  setStations(stations: readonly Station[]): void {
    this.outcomes.onStations(stations, this.clock.now());
  }

  quarantined(limit?: number): QuarantinedMessage[] {
    return this.quarantine.list(limit);
  }

  counters(): PipelineCounters {
    return { ...this.ingest.counters(), rejected: this.quarantine.countsByReason(), outliers: this.rules.outlierCount, windowsClosed: this.outcomes.closedWindowCount };
  }

  readingsPerSec(): number {
    return this.ingest.readingsPerSec(this.clock.now());
  }

  /** How full the decoder's station and metric caps are, for the health view and the cap alarms. */
  caps(): CapsStatus {
    const refused = this.quarantine.countsByReason();
    const { maxStations, maxDistinctMetrics } = this.options.settings.decoder;
    return {
      stations: { used: this.decoder.stationCount, cap: maxStations, refused: refused['station-cap'] ?? 0, released: this.ingest.releasedStations },
      metrics: { used: this.decoder.metricCount, cap: maxDistinctMetrics, refused: refused['metric-cap'] ?? 0, released: this.ingest.releasedMetrics },
    };
  }

  /**
   * Which stations deliver late (most first), and a lateness in whole seconds that would have taken every
   * late reading seen so far: what the Health page shows an operator deciding windows.allowedLatenessMs.
   */
  lateness(): LatenessStatus {
    const behind = this.ingest.maxBehindMs;
    return {
      stations: this.ingest.lateStations(20).map(({ slot, late, maxBehindMs }) => ({ stationId: this.decoder.stations.idOf(slot), late, maxBehindMs })),
      allowedMs: this.options.settings.windows.allowedLatenessMs,
      suggestedMs: behind > 0 ? Math.ceil(behind / 1000) * 1000 : null,
    };
  }

  /** Open windows and the watermark, for the status view. */
  windows(): { readonly openWindows: number; readonly watermark: number | null } {
    return this.ingest.windowCounts();
  }

  get source(): { readonly state: SourceState; readonly detail: string | null } {
    return { state: this.sourceState, detail: this.sourceDetail };
  }

  /** Returns `value` once the alarm changes made so far are emitted and durable. */
  private async durably<T>(value: T): Promise<T> {
    await this.step([], this.clock.now());
    await this.checkpoint.flush();
    return value;
  }

  /**
   * One step: what closed goes through the outcomes, and their writes to the checkpoint. A step without
   * ranges while a batch is being taken (a tick or an operator action between the batch's slices) drains
   * no windows: those closed so far may hold the batch's readings, which no saved progress covers until
   * the batch's own step — stored now, a restart would merge their re-read messages a second time.
   */
  private async step(accepted: readonly Reading[], now: number, ranges?: ReadonlyMap<string, PartitionRange>, late: LateBatch | null = null): Promise<void> {
    if (ranges === undefined && this.ingest.isTaking) {
      const { writes, rows } = this.outcomes.step([], accepted, now, late, undefined);
      await this.checkpoint.submit(writes, rows, undefined);
      return;
    }
    // The open start is taken before the outcomes: every window closed before it is in this step's writes.
    const openStart = this.ingest.oldestOpenStart();
    const closedBefore = this.ingest.closedBounds();
    const closed = this.ingest.drainClosed();
    // The progress through this step goes with its last window write, in the same transaction (Checkpoint.stepProgress).
    const progress = this.checkpoint.stepProgress(ranges, openStart, closedBefore, closed.length > 0 || late !== null);
    // The batch's late merges go with its step, so its offsets are recorded only once they are durable too.
    const { writes, rows } = this.outcomes.step(closed, accepted, now, late, progress);
    await this.checkpoint.submit(writes, rows, openStart, ranges, closedBefore);
  }
}
