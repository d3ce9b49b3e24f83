/**
 * The Kafka source: a kafkajs consumer group member that hands the pipeline whole fetched batches with their
 * positions. Auto-commit is off; the pipeline's checkpoint (core/checkpoint.ts) commits, on its own timer, only what is durable downstream.
 * Backpressure: each batch is awaited, and pause()/resume() stop fetching while the pipeline is behind.
 */
import { Kafka } from 'kafkajs';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { RawMessage, SourcePosition } from '../../../src-shared/domain/reading';
import type { SourceState } from '../../../src-shared/ipc/status';
import { backoffDelay, type ExponentialBackoff } from '../../core/backoff';
import type { BatchHandler, ReadingSource, SourceLiveStatus } from '../../core/ports';
import { ENDS_DEADLINE_MS, within } from '../../core/late-progress-guard';
import { KAFKA_FETCH_SETTINGS, KAFKA_RETRY, kafkaClientConfig } from './kafka-config';
import type { KafkaProfile, KafkaSecrets } from './kafka-config';
import { kafkaProblem } from './kafka-errors';
import { SourceMetrics, partitionKey } from './source-metrics';
import { applyTimestampStart } from './start-position';
import { settleWithin } from './consumer-timing';
import { NewLogWatch, type PartitionOffsets } from './new-log-watch';

const CONNECTION_LOST = /ECONNREFUSED|ECONNRESET|Connection error|Connection timeout|Closed connection|ETIMEDOUT|broker.*not available/i;
/** Reconnecting after a consumer crash: 0.5 s, 1 s, 2 s … 30 s, back to 0.5 s once a group join succeeds. */
const RESTART_BACKOFF: ExponentialBackoff = { initialMs: 500, maxMs: 30_000 };
/** How long a partition that ran ahead in event time rests before it is fetched again. */
const HOLD_PARTITION_MS = 200;
/**
 * How long the first batch after a group join waits for the assignment's check (the late-merge bookkeeping
 * against the partitions' ends) at most: well inside the group's 30-s session, as no heartbeat goes out meanwhile.
 */
const ASSIGNMENT_CHECK_MS = 10_000;
/** How long stopping waits at most for a new log's start to be committed. */
const STOP_WAIT_MS = 5_000;
/** kafkajs's log line when a fetch finds its offset out of range and it resets the partition to the start setting. */
const OUT_OF_RANGE = 'Offset out of range, resetting to default offset';

/** Reads readings from Kafka topics as a member of the profile's consumer group. */
export class KafkaSource implements ReadingSource {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly metrics = new SourceMetrics();
  private handler: BatchHandler | null = null;
  private consumer: Consumer | null = null;
  private state: SourceState = 'stopped';
  private stopping = false;
  private paused = false;
  private failures = 0;
  private timestampApplied = false;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  /** Partitions assigned at the last group join (partitionKey form). */
  private assigned = new Set<string>();
  /** The handler's work on the last assignment, which batches wait for; null once settled. */
  private assignmentReady: Promise<void> | null = null;
  /** A topic made again while read or while the app was closed: what to commit and hand on (new-log-watch.ts). */
  private readonly newLogWatch = new NewLogWatch({
    offsets: (topic, partition) => this.partitionOffsets(topic, partition),
    committed: (topic, partition) => this.committedOffset(topic, partition),
    handler: () => this.handler,
    warn: (text) => console.error(`stationwatch: ${text}`),
  });

  /** `now` is the wall clock used for receive times and rates (injectable for tests). */
  constructor(private readonly profile: KafkaProfile, secrets: KafkaSecrets, private readonly now: () => number = Date.now) {
    this.kafka = new Kafka(kafkaClientConfig(profile, secrets, (_level, message, extra) => this.onLog(message, extra)));
  }

  /** Connects and starts consuming. Resolves after the first attempt; failures are reported and retried. */
  async start(handler: BatchHandler): Promise<void> {
    this.handler = handler;
    this.stopping = false;
    await this.launch();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    // A new log's start being committed lands before the consumer leaves, if it can in time (the host's own deadline is 10 s).
    await settleWithin(this.newLogWatch.settled(), STOP_WAIT_MS);
    const consumer = this.consumer;
    this.consumer = null;
    if (consumer !== null) await consumer.disconnect().catch(() => undefined);
    this.setState('stopped', null);
  }

  /**
   * Commits, per partition, the next offset to read. Partitions this member no longer owns are skipped
   * (their new owner re-reads from the last commit). Rejects when not connected or during a rebalance;
   * the caller simply commits again later.
   */
  async commit(positions: readonly SourcePosition[]): Promise<void> {
    const owned = positions.filter((p) => this.assigned.has(partitionKey(p.topic, p.partition)) && this.newLogWatch.mayCommit(p.topic, p.partition));
    if (owned.length === 0) return;
    const consumer = this.consumer;
    if (consumer === null) throw new Error('Kafka source is not connected; nothing committed');
    try {
      await consumer.commitOffsets(owned.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.offset })));
    } finally {
      this.newLogWatch.afterCommit(consumer, owned);
    }
  }

  pause(): void {
    this.paused = true;
    this.whileRunning((consumer) => consumer.pause(this.profile.topics.map((topic) => ({ topic }))));
  }

  resume(): void {
    this.paused = false;
    this.whileRunning((consumer) => consumer.resume(this.profile.topics.map((topic) => ({ topic }))));
  }

  /**
   * kafkajs throws "Consumer group was not initialized" from pause/resume while its consumer restarts after
   * a broker outage; the engine calls them from a timer, so that throw took the engine down. Nothing is
   * paused then anyway, and the timer calls again once the consumer runs.
   */
  private whileRunning(action: (consumer: NonNullable<KafkaSource['consumer']>) => void): void {
    try {
      if (this.consumer !== null) action(this.consumer);
    } catch {
      // Not running (restarting): see above.
    }
  }

  status(): SourceLiveStatus {
    return { messagesPerSec: this.metrics.messagesPerSec(this.now()), lag: this.metrics.lag(), paused: this.paused };
  }

  /** The current connection state (also reported through handler.onStatus). */
  connectionState(): SourceState {
    return this.state;
  }

  private async launch(): Promise<void> {
    this.restartTimer = null;
    if (this.stopping) return;
    this.setState('connecting', this.profile.brokers.join(', '));
    const consumer = this.kafka.consumer({
      groupId: this.profile.groupId,
      ...KAFKA_FETCH_SETTINGS,
      allowAutoTopicCreation: false,
      // kafkajs restarts a crashed consumer itself after retriable errors; others come back to us (onCrash).
      retry: { ...KAFKA_RETRY, restartOnFailure: async () => !this.stopping },
    });
    this.consumer = consumer;
    this.watch(consumer);
    try {
      await this.applyStartPosition();
      await consumer.connect();
      await consumer.subscribe({ topics: [...this.profile.topics], fromBeginning: this.profile.start === 'earliest' });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 1, eachBatch: (payload) => this.onEachBatch(payload) });
      if (this.paused) this.pause();
    } catch (err) {
      await this.fail(err, consumer);
    }
  }

  private async applyStartPosition(): Promise<void> {
    const start = this.profile.start;
    if (typeof start !== 'object' || this.timestampApplied) return;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await applyTimestampStart(admin, this.profile.groupId, this.profile.topics, start.timestamp);
      this.timestampApplied = true;
    } finally {
      await admin.disconnect();
    }
  }

  private async onEachBatch({ batch, heartbeat, resolveOffset }: EachBatchPayload): Promise<void> {
    const handler = this.handler;
    if (handler === null || batch.isEmpty()) return;
    const ready = this.assignmentReady;
    if (ready !== null) {
      await ready;
      if (this.assignmentReady === ready) this.assignmentReady = null;
    }
    const { topic, partition } = batch;
    const source = batch.messages;
    // Where the fetch began (kafkajs leaves control records and aborted transactions out of the messages), else the first message.
    const fetchedFrom = (batch as unknown as { fetchedOffset?: string }).fetchedOffset ?? source[0]!.offset;
    const before = this.newLogWatch.beforeBatch(topic, partition, BigInt(fetchedFrom));
    const verdict = before instanceof Promise ? await before : before;
    const consumer = this.consumer;
    const goesOn = verdict === 'take' || (verdict !== 'hold' && consumer !== null && (await this.newLogWatch.goesOnAfterRewind(consumer, topic, partition, verdict.rewound)));
    if (!goesOn) {
      this.holdPartition(topic, partition);
      return;
    }
    const now = this.now();
    const messages: RawMessage[] = new Array<RawMessage>(source.length);
    // Our own format needs neither key nor record time: the hot path builds no more than it uses.
    const withMeta = this.profile.shape.preset !== 'stationwatch';
    for (let i = 0; i < source.length; i++) {
      const m = source[i]!;
      messages[i] = withMeta
        ? { value: m.value, position: { topic, partition, offset: m.offset }, receivedAt: now, topic, key: m.key, recordTimestampMs: recordTime(m.timestamp) }
        : { value: m.value, position: { topic, partition, offset: m.offset }, receivedAt: now };
    }
    if (this.state !== 'connected') this.setState('connected', null);
    const taken = await handler.onBatch({ kind: 'raw', messages });
    const count = typeof taken === 'number' ? Math.max(0, Math.min(taken, source.length)) : source.length;
    // kafkajs fetches each partition from its last resolved offset, so what was not taken comes again.
    if (count > 0) {
      resolveOffset(source[count - 1]!.offset);
      this.newLogWatch.onTaken(topic, partition, BigInt(source[count - 1]!.offset) + 1n);
    }
    this.metrics.onBatch(topic, partition, count > 0 ? source[count - 1]!.offset : String(BigInt(source[0]!.offset) - 1n), batch.highWatermark, count, this.now());
    if (count < source.length) this.holdPartition(topic, partition);
    await heartbeat();
  }

  // A partition ahead of the others in event time: let the rest catch up before fetching it again.
  private holdPartition(topic: string, partition: number): void {
    const consumer = this.consumer;
    if (consumer === null) return;
    consumer.pause([{ topic, partitions: [partition] }]);
    setTimeout(() => {
      if (this.consumer === consumer && !this.paused) consumer.resume([{ topic, partitions: [partition] }]);
    }, HOLD_PARTITION_MS).unref();
  }

  private watch(consumer: Consumer): void {
    const { GROUP_JOIN, REBALANCING, CRASH } = consumer.events;
    consumer.on(GROUP_JOIN, (e) => {
      if (this.consumer !== consumer) return;
      this.failures = 0;
      const assigned = new Set<string>();
      let count = 0;
      for (const [topic, partitions] of Object.entries(e.payload.memberAssignment)) {
        for (const p of partitions) assigned.add(partitionKey(topic, p));
        count += partitions.length;
      }
      this.assigned = assigned;
      this.newLogWatch.onGroupJoin();
      this.metrics.retain(assigned);
      const list = Object.entries(e.payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
      // Emitted before the first fetch of the new generation: its batches wait for what the handler does here.
      const ready = this.handler?.onAssignment?.(list, () => this.partitionEnds(consumer, list));
      this.assignmentReady = ready instanceof Promise ? settleWithin(ready, ASSIGNMENT_CHECK_MS) : null;
      this.setState('connected', `group ${e.payload.groupId}, ${count} partition(s) assigned`);
    });
    consumer.on(REBALANCING, () => {
      if (this.consumer === consumer) this.setState('rebalancing', null);
    });
    consumer.on(CRASH, (e) => {
      if (this.consumer !== consumer || this.stopping) return;
      if (e.payload.restart) this.setState('disconnected', kafkaProblem(e.payload.error, this.profile).detail);
      else void this.fail(e.payload.error, consumer);
    });
  }

  /** Reports a failure; retries with exponential backoff unless the broker refused our credentials. */
  private async fail(err: unknown, consumer: Consumer): Promise<void> {
    if (this.consumer === consumer) this.consumer = null;
    await consumer.disconnect().catch(() => undefined);
    if (this.stopping) return;
    const problem = kafkaProblem(err, this.profile);
    if (problem.isAuth) {
      this.setState('auth-failed', `${problem.detail}. ${problem.hint}`);
      return;
    }
    this.setState('disconnected', `${problem.detail}. ${problem.hint}`);
    const delay = backoffDelay(this.failures++, RESTART_BACKOFF);
    this.restartTimer = setTimeout(() => void this.launch(), delay);
  }

  /** One partition's start and end, read within ENDS_DEADLINE_MS. */
  private async partitionOffsets(topic: string, partition: number): Promise<PartitionOffsets> {
    const found = (await within(this.topicOffsets([topic]), ENDS_DEADLINE_MS)).find((o) => o.partition === partition);
    if (found === undefined) throw new Error(`topic "${topic}" has no partition ${partition}`);
    return found;
  }

  /** The consumer group's committed offset of one partition ('-1': none). */
  private async committedOffset(topic: string, partition: number): Promise<string> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const [found] = await admin.fetchOffsets({ groupId: this.profile.groupId, topics: [topic] });
      return found?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Each assigned partition's end (the offset its next message gets; a new log's start, see NewLogWatch.atAssignment). */
  private async partitionEnds(consumer: Consumer, partitions: readonly { readonly topic: string; readonly partition: number }[]): Promise<SourcePosition[]> {
    const assigned = new Set(partitions.map((p) => partitionKey(p.topic, p.partition)));
    const generation = this.newLogWatch.generation;
    const offsets = (await this.topicOffsets([...new Set(partitions.map((p) => p.topic))])).filter((o) => assigned.has(partitionKey(o.topic, o.partition)));
    return this.newLogWatch.atAssignment(consumer, offsets, generation);
  }

  /** Every partition's start and end of `topics`, read by a short-lived admin client. */
  private async topicOffsets(topics: readonly string[]): Promise<PartitionOffsets[]> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const out: PartitionOffsets[] = [];
      for (const topic of topics) for (const o of await admin.fetchTopicOffsets(topic)) out.push({ topic, partition: o.partition, low: o.low, high: o.high });
      return out;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private onLog(message: string, extra: Record<string, unknown>): void {
    if (message === OUT_OF_RANGE && this.consumer !== null && typeof extra['topic'] === 'string' && typeof extra['partition'] === 'number') {
      this.newLogWatch.onOutOfRange(this.consumer, extra['topic'], extra['partition']);
    }
    if (this.stopping || this.state !== 'connected') return;
    const text = `${message} ${typeof extra['error'] === 'string' ? extra['error'] : ''}`;
    if (CONNECTION_LOST.test(text)) this.setState('disconnected', text.trim());
  }

  private setState(state: SourceState, detail: string | null): void {
    if (state === this.state && state !== 'disconnected') return;
    this.state = state;
    this.handler?.onStatus(state, detail);
  }
}

/** A Kafka record timestamp (kafkajs gives epoch ms as text; -1 = none) as a number, or null. */
function recordTime(text: string): number | null {
  const ms = Number(text);
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : null;
}
