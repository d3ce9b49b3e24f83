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
 * reported back from the quarantine.
 *
 * Group commit: pushes that arrive while others are being taken wait in a queue, and the next turn takes
 * all of them (up to GROUP_BYTES of bodies) as one group — each body decoded, de-duplicated, refused and
 * counted on its own, their readings stored by one pipeline step, one store write and one durable wait,
 * which every push of the group awaits before its answer. Under load a 1,000-reading push then shares its
 * transaction with the others instead of paying for one of its own (docs/DESIGN.md, "HTTP push"). A group's
 * durable wait runs beside the taking of the next group.
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
  /** Several pushes' readings taken one by one and stored as one step (see Pipeline.onReadingsBatches). */
  onReadingsBatches(batches: readonly (readonly Reading[])[], onTaken: (index: number) => void): Promise<void>;
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

/**
 * Body bytes one group takes at most (~10,000 readings of our wire format): the size of the store's
 * coalesced writes (COALESCE_ROWS), past which a bigger transaction no longer pays for itself.
 */
export const GROUP_BYTES = 2_000_000;

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
  /** Pushes waiting to be taken, oldest first. */
  private readonly queue: QueuedPush[] = [];
  /** The loop taking the queue, group by group; null while the queue is empty. */
  private taking: Promise<void> | null = null;
  /** Offsets are unique across runs (µs-scale from the start time), so quarantine entries never collide. */
  private nextOffset: bigint;
  /** Pushes waiting or being taken (not those only waiting for their durable write). */
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
    await this.taking;
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
  push(route: PushRoute, body: Uint8Array): Promise<PushOutcome> {
    if (this.waiting >= MAX_WAITING_PUSHES) return Promise.resolve({ status: 'unavailable', detail: `${this.waiting} pushes are waiting to be taken; try again shortly` });
    this.waiting++;
    return new Promise<PushOutcome>((answer) => {
      this.queue.push({ route, body, digest: RecentBodies.digest(route, body), answer });
      this.taking ??= this.takeQueue();
    });
  }

  /** Takes the queue group by group until it is empty; each group's durable wait runs beside the next group. */
  private async takeQueue(): Promise<void> {
    // Starts on the next turn, so pushes that arrived in the same turn (one read of the engine's channel) share the first group.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const group = this.nextGroup();
      let taken: TakenPush[];
      try {
        taken = await this.takeGroup(group);
      } catch (error) {
        this.waiting -= group.length;
        // A refused store write: nothing of these pushes counts as kept (the engine restarts on it); the clients may resend.
        const outcome: PushOutcome = { status: 'unavailable', detail: `the readings could not be stored: ${error instanceof Error ? error.message : String(error)}` };
        for (const push of group) push.answer(outcome);
        continue;
      }
      this.waiting -= group.length;
      group.forEach((push, i) => void answerWhenDurable(push, taken[i]!));
    }
    this.taking = null;
  }

  /**
   * The queue's oldest pushes up to GROUP_BYTES of bodies (at least one push). A body equal to one already in the group waits for the next group, so the resend is
   * recognised as the very same body once the first is taken.
   */
  private nextGroup(): QueuedPush[] {
    const group: QueuedPush[] = [];
    const digests = new Set<string>();
    let bytes = 0;
    while (this.queue.length > 0) {
      const push = this.queue[0]!;
      if (group.length > 0 && (digests.has(push.digest) || bytes + push.body.length > GROUP_BYTES)) break;
      digests.add(push.digest);
      bytes += push.body.length;
      group.push(this.queue.shift()!);
    }
    return group;
  }

  /** Takes one group: the outcome of each push, and the durable wait its answer must follow (null: none). */
  private async takeGroup(group: readonly QueuedPush[]): Promise<TakenPush[]> {
    const pipeline = this.pipeline;
    const unavailable = this.unavailableDetail(pipeline);
    if (unavailable !== null || pipeline === null) return group.map(() => ({ outcome: { status: 'unavailable', detail: unavailable ?? 'not started' }, durable: null }));
    const now = this.options.now();
    const results: ({ outcome: PushOutcome; waits: boolean } | null)[] = [];
    /** The decoded readings of the pushes that reach the pipeline, and which push each batch is. */
    const batches: Reading[][] = [];
    const owners: number[] = [];
    for (const push of group) {
      // The very same body again (its answer was lost): all duplicates, as the duplicate filter would say for a short one.
      const seen = this.recent.readingsOf(push.digest);
      if (seen !== null && this.options.forwardReadings !== true) {
        results.push({ outcome: { status: 'accepted', readings: seen, duplicates: seen, rejected: [] }, waits: true });
        continue;
      }
      const offset = (this.nextOffset++).toString();
      const decoded = this.decoders[push.route].decode(push.body, { key: null, topic: null, recordTimestampMs: null, receivedAt: now });
      if (!decoded.ok) {
        pipeline.quarantineMessage({ reason: decoded.reason, detail: decoded.detail, bytes: push.body, position: { topic: PUSH_TOPIC, partition: 0, offset }, at: now });
        results.push({ outcome: { status: 'refused', reason: decoded.reason, detail: decoded.detail }, waits: false });
        continue;
      }
      owners.push(results.length);
      batches.push(decoded.readings);
      results.push(null);
    }
    let before = pipeline.counters();
    await pipeline.onReadingsBatches(batches, (i) => {
      const after = pipeline.counters();
      const readings = batches[i]!;
      const push = group[owners[i]!]!;
      const rejected = refusedSince(pipeline, totalOf(before.rejected), totalOf(after.rejected));
      // Only a body taken whole: one with refused readings is taken again, and refused again with its reasons.
      if (rejected.length === 0) this.recent.remember(push.digest, readings.length);
      this.rate.add(readings.length, now);
      const outcome: PushOutcome = { status: 'accepted', readings: readings.length - rejected.length, duplicates: after.duplicates - before.duplicates, rejected };
      results[owners[i]!] = { outcome: this.options.forwardReadings === true ? { ...outcome, forward: readings.map(forwarded) } : outcome, waits: true };
      before = after;
    });
    // Called at once: the durable wait covers this group's writes and runs while the next group is taken.
    const durable = this.options.storeRaw ? pipeline.flush() : null;
    return results.map((result) => ({ outcome: result!.outcome, durable: result!.waits ? durable : null }));
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

/** A push waiting to be taken, with the function that answers its client. */
interface QueuedPush {
  readonly route: PushRoute;
  readonly body: Uint8Array;
  /** RecentBodies.digest of the route and body. */
  readonly digest: string;
  readonly answer: (outcome: PushOutcome) => void;
}

/** What a taken push is to be told, and the durable write its answer waits for (null: none). */
interface TakenPush {
  readonly outcome: PushOutcome;
  readonly durable: Promise<void> | null;
}

/** Answers a push once its group's write is durable; a refused write answers 'unavailable' (the client may resend). */
async function answerWhenDurable(push: QueuedPush, step: TakenPush): Promise<void> {
  try {
    if (step.durable !== null) await step.durable;
    push.answer(step.outcome);
  } catch (error) {
    push.answer({ status: 'unavailable', detail: `the readings could not be stored: ${error instanceof Error ? error.message : String(error)}` });
  }
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
