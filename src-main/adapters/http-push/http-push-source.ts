/**
 * HTTP push as a ReadingSource: the headless server hands each POSTed body to push() (through the engine
 * protocol), which decodes it with the profile's shape (or the Sensor Logger preset for its route), gives
 * the readings to the pipeline as one batch and answers only once the pipeline has taken them — and, when
 * raw readings are stored, once their write is durable (Pipeline.flush). So a client that got no 2xx may
 * resend; the pipeline's duplicate filter (same station, time and values) drops what was taken before.
 *
 * Why the source decodes (ShapeDecoder) and hands the pipeline a readings batch rather than raw bytes: the
 * Sensor Logger route must decode with its own preset whatever the profile's shape is, and the client's
 * answer needs the rejection reason of its own message. A refused body's bytes go to the quarantine as any
 * refused message's do; readings the pipeline refuses (caps, the future bound) are quarantined by it and
 * reported back from the quarantine. Pushes are taken one at a time; the durable wait runs beside the next.
 */
import { ShapeSchema, type ShapeSettings } from '../../../src-shared/settings/shape';
import type { DecoderSettings } from '../../../src-shared/settings/schema';
import type { BatchHandler, ReadingSource, SourceLiveStatus } from '../../core/ports';
import type { QuarantinedMessage } from '../../../src-shared/ipc/status';
import type { QuarantineInput } from '../../core/quarantine';
import { RateMeter } from '../../core/rate-meter';
import { ShapeDecoder } from '../../core/shapes/shape-decoder';
import { RecentBodies } from './recent-bodies';
import type { ForwardedReading, PushOutcome, PushRejection, PushRoute } from '../../core/push-outcome';
import type { Reading } from '../../../src-shared/domain/reading';

/** The position topic of pushed messages in the quarantine: one partition, an increasing offset. */
export const PUSH_TOPIC = 'http-push';

/** What the source needs of the pipeline besides BatchHandler: its counters, the quarantine, flush. */
export interface PushPipeline extends BatchHandler {
  counters(): { readonly duplicates: number; readonly rejected: Readonly<Record<string, number>> };
  quarantined(limit?: number): QuarantinedMessage[];
  quarantineMessage(input: QuarantineInput): void;
  /** Resolves once every write handed to the store so far is durable. */
  flush(): Promise<void>;
}

export interface HttpPushSourceOptions {
  readonly shape: ShapeSettings;
  readonly maxBodyBytes: number;
  /** The decoder's field names (the stationwatch preset follows them). */
  readonly keys: DecoderSettings;
  /** settings.store.rawReadings: answer only once the readings' write is durable. */
  readonly storeRaw: boolean;
  /** False in the desktop app: nothing can push to it, and its status says so. */
  readonly acceptsPushes: boolean;
  /** The server forwards pushes to Kafka: answer with the decoded readings in our default wire format. */
  readonly forwardReadings?: boolean;
  readonly now: () => number;
}

/** Pushes that may wait to be taken (each holds its body); more are answered 'unavailable' at once, so memory stays bounded. */
export const MAX_WAITING_PUSHES = 64;

/** Status detail of an HTTP push source outside headless mode. */
export const NEEDS_HEADLESS = 'HTTP push needs headless mode: run the server (npm run serve) and push to its POST /ingest with the ingest token';

export class HttpPushSource implements ReadingSource {
  readonly kind = 'http-push' as const;
  private readonly decoders: Record<PushRoute, ShapeDecoder>;
  private readonly rate = new RateMeter(5);
  private readonly recent = new RecentBodies();
  private pipeline: PushPipeline | null = null;
  private paused = false;
  private stopping = false;
  /** The push being taken; the next one waits for it (the pipeline takes one batch at a time). */
  private taking: Promise<unknown> = Promise.resolve();
  /** Offsets are unique across runs (µs-scale from the start time), so quarantine entries never collide. */
  private nextOffset: bigint;
  private waiting = 0;

  constructor(private readonly options: HttpPushSourceOptions) {
    const decoderOptions = { maxMessageBytes: options.maxBodyBytes, keys: options.keys };
    this.decoders = { ingest: new ShapeDecoder(options.shape, decoderOptions), 'sensor-logger': new ShapeDecoder(sensorLoggerShape(options.shape), decoderOptions) };
    this.nextOffset = BigInt(Math.floor(options.now())) * 1_000_000n;
  }

  async start(handler: BatchHandler): Promise<void> {
    // The engine's handler is its Pipeline, which offers what PushPipeline names.
    this.pipeline = handler as PushPipeline;
    this.stopping = false;
    if (this.options.acceptsPushes) handler.onStatus('connected', 'waiting for pushes to POST /ingest');
    else handler.onStatus('disconnected', NEEDS_HEADLESS);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.taking.catch(() => undefined);
    this.pipeline?.onStatus('stopped', null);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  status(): SourceLiveStatus {
    return { messagesPerSec: this.rate.perSecond(this.options.now()), lag: [], paused: this.paused };
  }

  /** Takes one pushed body; resolves with what the client is to be told. Never rejects. */
  async push(route: PushRoute, body: Uint8Array): Promise<PushOutcome> {
    if (this.waiting >= MAX_WAITING_PUSHES) return { status: 'unavailable', detail: `${this.waiting} pushes are waiting to be taken; try again shortly` };
    this.waiting++;
    const taken = this.taking.then(() => this.take(route, body)).finally(() => this.waiting--);
    this.taking = taken.catch(() => undefined);
    try {
      const step = await taken;
      if (step.durable !== null) await step.durable;
      return step.outcome;
    } catch (error) {
      // A refused store write: nothing of this push counts as kept (the engine restarts on it); the client may resend.
      return { status: 'unavailable', detail: `the readings could not be stored: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private async take(route: PushRoute, body: Uint8Array): Promise<{ outcome: PushOutcome; durable: Promise<void> | null }> {
    const pipeline = this.pipeline;
    const unavailable = this.unavailableDetail(pipeline);
    if (unavailable !== null || pipeline === null) return { outcome: { status: 'unavailable', detail: unavailable ?? 'not started' }, durable: null };
    const now = this.options.now();
    // The very same body again (its answer was lost): all duplicates, as the duplicate filter would say for a short one.
    const digest = RecentBodies.digest(route, body);
    const seen = this.recent.readingsOf(digest);
    if (seen !== null && this.options.forwardReadings !== true) return { outcome: { status: 'accepted', readings: seen, duplicates: seen, rejected: [] }, durable: this.options.storeRaw ? pipeline.flush() : null };
    const offset = (this.nextOffset++).toString();
    const decoded = this.decoders[route].decode(body, { key: null, topic: null, recordTimestampMs: null, receivedAt: now });
    if (!decoded.ok) {
      pipeline.quarantineMessage({ reason: decoded.reason, detail: decoded.detail, bytes: body, position: { topic: PUSH_TOPIC, partition: 0, offset }, at: now });
      return { outcome: { status: 'refused', reason: decoded.reason, detail: decoded.detail }, durable: null };
    }
    const before = pipeline.counters();
    await pipeline.onBatch({ kind: 'readings', readings: decoded.readings });
    // Called at once: the durable wait covers this batch's writes and runs while the next push is taken.
    const durable = this.options.storeRaw ? pipeline.flush() : null;
    const after = pipeline.counters();
    const rejected = refusedSince(pipeline, totalOf(before.rejected), totalOf(after.rejected));
    // Only a body taken whole: one with refused readings is taken again, and refused again with its reasons.
    if (rejected.length === 0) this.recent.remember(digest, decoded.readings.length);
    this.rate.add(decoded.readings.length, now);
    const duplicates = after.duplicates - before.duplicates;
    const outcome: PushOutcome = { status: 'accepted', readings: decoded.readings.length - rejected.length, duplicates, rejected };
    return { outcome: this.options.forwardReadings === true ? { ...outcome, forward: decoded.readings.map(forwarded) } : outcome, durable };
  }

  private unavailableDetail(pipeline: PushPipeline | null): string | null {
    if (!this.options.acceptsPushes) return NEEDS_HEADLESS;
    if (pipeline === null || this.stopping) return 'the engine is starting or stopping; try again';
    if (this.paused) return 'the store is behind (its outage buffer is full); try again later';
    return null;
  }
}

/** The Sensor Logger route's shape: the profile's own when it is Sensor Logger (its device names), else the preset's defaults. */
function sensorLoggerShape(shape: ShapeSettings): ShapeSettings {
  return shape.preset === 'sensor-logger' ? shape : ShapeSchema.parse({ preset: 'sensor-logger' });
}

/** Our default wire format (station_id, ISO ts, one key per metric), which a Kafka profile decodes with the stationwatch preset. */
function forwarded(reading: Reading): ForwardedReading {
  return { key: reading.stationId, value: JSON.stringify({ station_id: reading.stationId, ts: new Date(reading.ts).toISOString(), ...reading.metrics }) };
}

function totalOf(counts: Readonly<Record<string, number>>): number {
  let total = 0;
  for (const key in counts) total += counts[key] ?? 0;
  return total;
}

/** The readings of this batch the pipeline refused: the quarantine's newest entries, as many as its counts grew. */
function refusedSince(pipeline: PushPipeline, before: number, after: number): PushRejection[] {
  if (after <= before) return [];
  return pipeline.quarantined(after - before).reverse().map((entry) => ({ reason: entry.reason, detail: entry.detail }));
}

/** Type guard for the engine: the active source takes pushes. */
export function isHttpPushSource(source: ReadingSource): source is HttpPushSource {
  return source.kind === 'http-push';
}
