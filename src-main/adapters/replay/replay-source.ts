/**
 * Replay of a recording as a ReadingSource. Rows are read in chunks, decoded (recording-decoder.ts)
 * and handed to the pipeline as batches of Readings that keep their recorded event times, paced
 * so recorded time runs `speed` times as fast as the wall clock (0 = as fast as the pipeline takes
 * them). Pacing follows the newest event time seen so far, so an out-of-order row goes out at once
 * with its old time and the pipeline counts it late, as it would live. Each batch is awaited
 * before the next (backpressure); refused rows go to `onReject` and are counted by reason.
 */
import { basename } from 'node:path';
import type { Reading } from '../../../src-shared/domain/reading';
import type { Station } from '../../../src-shared/domain/station';
import type { DecoderSettings, ReplayColumns } from '../../../src-shared/settings/schema';
import type { BatchHandler, ReadingSource } from '../../core/ports';
import { formatFromPath, type RecordingFormat } from './column-mapping';
import { openRecording } from './open-recording';
import { RecordingDecoder, type ReplayReject } from './recording-decoder';
import type { ReadProgress } from './recording-item';
import { systemClock, type ReplayClock } from './replay-clock';
import { describeCounts, ReplayCounts } from './replay-counts';

/** What to replay: the settings' replay source (path, speed, format, columns). */
export interface ReplaySettings {
  readonly path: string;
  readonly speed: number;
  readonly format: RecordingFormat | null;
  readonly columns: ReplayColumns;
}

/** How the replay runs. */
export interface ReplaySourceOptions {
  readonly clock?: ReplayClock;
  /** Most readings per batch (default 5,000): a batch never blocks the engine for long. */
  readonly maxBatch?: number;
  /** Shortest wall sleep between paced batches (default 20 ms); rows due meanwhile share a batch. */
  readonly tickMs?: number;
  /** The app's decoder caps (sizes, counts); the key names come from the column mapping. */
  readonly decoderLimits?: Partial<DecoderSettings>;
  /** Refuse rows more than maxFutureMs ahead of the clock, as live data (default true). */
  readonly checkFutureTime?: boolean;
  /** Each refused row, e.g. for the pipeline's quarantine. */
  readonly onReject?: (reject: ReplayReject) => void;
}

/** Replays a JSONL, CSV or Parquet recording into the pipeline at 1×..max speed. */
export class ReplaySource implements ReadingSource {
  readonly kind = 'replay' as const;
  /** Unknown before reading; the store registers the ids it sees as unplaced stations. */
  readonly stations: readonly Station[] = [];
  readonly counts = new ReplayCounts();
  readonly progress: ReadProgress = { done: 0, total: 0 };
  readonly format: RecordingFormat;
  private readonly clock: ReplayClock;
  private readonly maxBatch: number;
  private readonly tickMs: number;
  private readonly decoder: RecordingDecoder;
  private running: Promise<void> | null = null;
  private isStopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly settings: ReplaySettings,
    private readonly options: ReplaySourceOptions = {},
  ) {
    this.format = settings.format ?? formatFromPath(settings.path);
    this.clock = options.clock ?? systemClock;
    this.maxBatch = options.maxBatch ?? 5_000;
    this.tickMs = options.tickMs ?? 20;
    this.decoder = new RecordingDecoder(basename(settings.path), settings.columns, options.decoderLimits);
  }

  /** Resolves at once; batches follow until the file ends ('finished') or stop() ('stopped'). */
  async start(handler: BatchHandler): Promise<void> {
    if (this.running !== null) throw new Error('The replay is already running');
    const speed = this.settings.speed;
    handler.onStatus('running', `Replaying ${basename(this.settings.path)} (${this.format}) ${speed > 0 ? `at ${speed}×` : 'at full speed'}`);
    this.running = this.run(handler);
  }

  /** Stops mid-file; resolves once the batch in flight (if any) has been handled. */
  async stop(): Promise<void> {
    if (this.isStopped) return;
    this.isStopped = true;
    this.wake?.();
    await this.running;
  }

  /** Resolves when the replay has finished or stopped (for the CLI and tests). */
  async done(): Promise<void> {
    await this.running;
  }

  private async run(handler: BatchHandler): Promise<void> {
    const { clock, maxBatch } = this;
    const speed = this.settings.speed;
    const checkFuture = this.options.checkFutureTime ?? true;
    const rows = openRecording(this.settings.path, {
      format: this.format,
      columns: this.settings.columns,
      maxLineBytes: this.options.decoderLimits?.maxMessageBytes ?? 1_048_576,
      progress: this.progress,
    });
    let batch: Reading[] = [];
    let anchorTs = 0;
    let anchorWall = 0;
    let paceTs = -Infinity;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const readings = batch;
      batch = [];
      await handler.onBatch({ kind: 'readings', readings });
      this.counts.readings += readings.length;
    };
    try {
      for await (const chunk of rows) {
        for (const item of chunk) {
          if (this.isStopped) break;
          const outcome = this.decoder.decode(item, checkFuture ? clock.now() : Infinity);
          if (!outcome.ok) {
            this.counts.addReject(outcome.reject.reason);
            this.options.onReject?.(outcome.reject);
            continue;
          }
          const reading = outcome.reading;
          if (speed > 0 && reading.ts > paceTs) {
            if (paceTs === -Infinity) {
              anchorTs = reading.ts;
              anchorWall = clock.now();
            }
            paceTs = reading.ts;
            const due = anchorWall + (paceTs - anchorTs) / speed;
            if (due > clock.now()) {
              await flush();
              const wait = due - clock.now();
              if (wait > 0 && !this.isStopped) await this.sleep(Math.max(wait, this.tickMs));
              if (this.isStopped) break;
            }
          }
          batch.push(reading);
          if (batch.length >= maxBatch) {
            await flush();
            if (speed === 0) await clock.sleep(0); // let timers and I/O run between full-speed batches
          }
        }
        if (this.isStopped) break;
        if (speed > 0) await flush();
      }
      if (!this.isStopped) await flush();
      handler.onStatus(this.isStopped ? 'stopped' : 'finished', `${this.isStopped ? 'stopped after' : 'replayed'} ${describeCounts(this.counts)}`);
    } catch (error) {
      this.isStopped = true;
      handler.onStatus('stopped', `Replay of ${basename(this.settings.path)} failed after ${describeCounts(this.counts)}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await rows.return(undefined).catch(() => undefined);
    }
  }

  /** Sleeps on the clock; stop() cuts it short. */
  private async sleep(ms: number): Promise<void> {
    await Promise.race([this.clock.sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
    this.wake = null;
  }
}
