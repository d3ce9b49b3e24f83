/**
 * The MQTT source: a persistent-session subscriber (fixed client id, clean session off, QoS 1) that
 * appends every message to its local journal before acknowledging it, and hands the pipeline batches read
 * back from the journal with the journal sequence as their offset. The pipeline's checkpoint commits
 * that sequence once what it fed is durable downstream, exactly as it commits Kafka offsets; after a
 * restart the journal is read again from the committed sequence, so open windows are rebuilt.
 *
 * Guarantee: the PUBACK for a message is sent only after it is written to the journal (mqtt.js sends it
 * when handleMessage's callback is called, see mqtt-journal.ts for what "written" survives). A message the
 * broker sends again (its PUBACK was lost with the connection) is journaled twice and dropped by the
 * pipeline's duplicate filter. Backpressure: pause() stops delivery to the pipeline while the journal keeps
 * accepting; past MAX_BACKLOG undelivered messages the next acknowledgement waits, and so does the broker.
 */
import { connect } from 'mqtt';
import type { IPublishPacket, ISubscriptionGrant, MqttClient } from 'mqtt';
import type { RawMessage, SourcePosition } from '../../../src-shared/domain/reading';
import type { SourceState } from '../../../src-shared/ipc/status';
import { topicLevel } from '../../../src-shared/settings/mqtt-topic';
import { backoffDelay, type ExponentialBackoff } from '../../core/backoff';
import type { BatchHandler, ReadingSource, SourceLiveStatus } from '../../core/ports';
import { RateMeter } from '../../core/rate-meter';
import { connackCode, mqttProblem, subscriptionRefused } from './mqtt-errors';
import { MqttJournal } from './mqtt-journal';
import { SubscriptionRecord } from './subscription-record';
import { mqttClientOptions, type MqttProfile, type MqttSecrets } from './mqtt-options';

/** The position topic of journaled messages: the pipeline sees one partition whose offsets are journal sequences. */
export const JOURNAL_TOPIC = 'mqtt-journal';
const RECONNECT_BACKOFF: ExponentialBackoff = { initialMs: 500, maxMs: 30_000 };
const BATCH_MAX = 4_000;
/** Undelivered journaled messages past which acknowledging waits for the pipeline. */
const MAX_BACKLOG = 500_000;
const SYNC_EVERY_MS = 200;
/** How long to wait before offering again what the pipeline did not take (a lane ahead in event time). */
const HOLD_MS = 200;
/** How long stop() lets a batch in the pipeline finish before closing the journal. */
const STOP_WAIT_MS = 5_000;

/** Reads readings from an MQTT broker's subscriptions. */
export class MqttSource implements ReadingSource {
  readonly kind = 'mqtt' as const;
  private readonly journal: MqttJournal;
  private readonly rate = new RateMeter(5);
  private readonly broker: string;
  /** The filters the broker's session holds for this client id, as last subscribed. */
  private readonly subscribed: SubscriptionRecord;
  private handler: BatchHandler | null = null;
  private client: MqttClient | null = null;
  private state: SourceState = 'stopped';
  private stopping = false;
  private paused = false;
  private failures = 0;
  /** Whether a connection was accepted before: a later one without the session means the broker lost it. */
  private hasConnected = false;
  private delivered = 0;
  private delivering = false;
  private deliverQueued = false;
  private stalled: (() => void) | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private syncTimer: ReturnType<typeof setInterval> | null = null;

  /** `journalDir` holds this profile's journal; `now` is the wall clock for receive times and rates. */
  constructor(private readonly profile: MqttProfile, private readonly secrets: MqttSecrets, journalDir: string, private readonly now: () => number = Date.now) {
    this.journal = new MqttJournal(journalDir);
    this.subscribed = new SubscriptionRecord(journalDir);
    this.broker = profile.broker;
  }

  /** Opens the journal (delivering what it still holds) and connects; failures are reported and retried. */
  async start(handler: BatchHandler): Promise<void> {
    this.handler = handler;
    this.stopping = false;
    this.delivered = this.journal.open();
    handler.onAssignment?.([{ topic: JOURNAL_TOPIC, partition: 0 }]);
    this.syncTimer = setInterval(() => this.syncJournal(), SYNC_EVERY_MS);
    this.scheduleDelivery();
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    if (this.syncTimer !== null) clearInterval(this.syncTimer);
    this.reconnectTimer = this.syncTimer = null;
    const client = this.client;
    this.client = null;
    // The stalled acknowledgement is never sent: the broker keeps that message for the next session.
    this.stalled = null;
    if (client !== null) await client.endAsync(true).catch(() => undefined);
    // A batch the pipeline still holds finishes on its own (the loop reads nothing more once stopping).
    for (let waited = 0; this.delivering && waited < STOP_WAIT_MS; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    this.journal.close();
    this.setState('stopped', null);
  }

  /** The checkpoint's commit: journal sequences before the position are durable downstream. */
  async commit(positions: readonly SourcePosition[]): Promise<void> {
    for (const p of positions) if (p.topic === JOURNAL_TOPIC && p.partition === 0) this.journal.commit(Number(p.offset));
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.scheduleDelivery();
  }

  status(): SourceLiveStatus {
    return { messagesPerSec: this.rate.perSecond(this.now()), lag: [{ topic: JOURNAL_TOPIC, partition: 0, lag: this.journal.end - this.delivered }], paused: this.paused };
  }

  /** The journal can always take a commit once open: the source counts as able to commit even while the broker is away. */
  canCommit(): boolean {
    return this.handler !== null && !this.stopping;
  }

  private connect(): void {
    this.reconnectTimer = null;
    if (this.stopping) return;
    this.setState('connecting', this.broker);
    const client = connect(mqttClientOptions(this.profile, this.secrets));
    this.client = client;
    // mqtt.js sends the PUBACK when this callback is called, and handles the next packet only after it.
    client.handleMessage = (packet, done) => this.onMessage(packet, done);
    client.on('connect', (connack) => {
      if (this.client !== client) return;
      this.failures = 0;
      const lostSession = this.hasConnected && this.profile.persistentSession && !connack.sessionPresent;
      this.hasConnected = true;
      // A resumed session keeps its subscriptions; subscribe again only when the settings changed them.
      const subscribed = this.subscribed.read();
      if (connack.sessionPresent && this.subscribed.matches(this.profile.subscriptions)) this.setState('connected', `${this.broker}, session resumed`);
      else void this.subscribe(client, connack.sessionPresent ? subscribed ?? [] : [], lostSession ? 'the broker had kept no session for this client id (restarted without persistence?), so readings published while disconnected were not kept' : null);
    });
    client.on('error', (err) => {
      if (this.client !== client || this.stopping) return;
      const problem = mqttProblem(err, this.broker);
      if (problem.isAuth && connackCode(err) !== null) this.giveUp(client, `${problem.detail}. ${problem.hint}`);
      else this.setState('disconnected', `${problem.detail}. ${problem.hint}`);
    });
    client.on('close', () => {
      if (this.client !== client || this.stopping) return;
      if (this.state === 'connected' || this.state === 'connecting') this.setState('disconnected', `lost the connection to ${this.broker}; retrying`);
      this.retry(client);
    });
  }

  /** Subscribes to the profile's filters and drops `previous` ones the session still holds but the settings no longer name. */
  private async subscribe(client: MqttClient, previous: readonly string[], warning: string | null): Promise<void> {
    try {
      const dropped = previous.filter((filter) => !this.profile.subscriptions.includes(filter));
      if (dropped.length > 0) await client.unsubscribeAsync(dropped);
      const granted: ISubscriptionGrant[] = await client.subscribeAsync([...this.profile.subscriptions], { qos: this.profile.qos });
      const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
      if (refused.length > 0) {
        const problem = subscriptionRefused(refused);
        this.giveUp(client, `${problem.detail}. ${problem.hint}`);
        return;
      }
      this.subscribed.write(this.profile.subscriptions);
      this.setState('connected', `${this.broker}, subscribed to ${this.profile.subscriptions.join(', ')}${warning === null ? '' : `; ${warning}`}`);
    } catch (err) {
      if (this.client === client && !this.stopping) this.setState('disconnected', mqttProblem(err, this.broker).detail);
    }
  }

  /** A failure a retry cannot fix: say so and stop until the settings change. */
  private giveUp(client: MqttClient, detail: string): void {
    this.client = null;
    client.end(true);
    this.setState('auth-failed', detail);
  }

  private retry(client: MqttClient): void {
    client.removeAllListeners();
    // An 'error' with no listener would throw; this client is done with.
    client.on('error', () => undefined);
    client.end(true);
    this.client = null;
    const delay = backoffDelay(this.failures++, RECONNECT_BACKOFF);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  /** Journal first, acknowledge second; a journal that cannot be written acknowledges nothing. */
  private onMessage(packet: IPublishPacket, done: (error?: Error) => void): void {
    if (this.stopping) return;
    try {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload, 'utf8') : packet.payload;
      this.journal.append(this.now(), packet.topic, payload);
    } catch (err) {
      this.setState('disconnected', `could not keep the message in the journal (${err instanceof Error ? err.message : String(err)}); it stays on the broker`);
      this.client?.end(true);
      return;
    }
    if (this.state !== 'connected') this.setState('connected', this.broker);
    this.scheduleDelivery();
    if (this.journal.end - this.delivered < MAX_BACKLOG) done();
    else this.stalled = () => done();
  }

  private scheduleDelivery(): void {
    if (this.deliverQueued) return;
    this.deliverQueued = true;
    setImmediate(() => {
      this.deliverQueued = false;
      void this.deliver();
    });
  }

  /** Hands the pipeline what the journal holds past the delivered sequence, one awaited batch at a time. */
  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (!this.stopping && !this.paused && this.handler !== null && this.delivered < this.journal.end) {
        const messages = this.readBatch();
        const taken = await this.handler.onBatch({ kind: 'raw', messages });
        const count = typeof taken === 'number' ? Math.max(0, Math.min(taken, messages.length)) : messages.length;
        this.delivered += count;
        this.rate.add(count, this.now());
        if (this.stalled !== null && this.journal.end - this.delivered < MAX_BACKLOG) {
          const release = this.stalled;
          this.stalled = null;
          release();
        }
        if (count < messages.length) await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
      }
    } finally {
      this.delivering = false;
    }
    if (!this.stopping && !this.paused && this.delivered < this.journal.end) this.scheduleDelivery();
  }

  private readBatch(): RawMessage[] {
    const records = this.journal.read(this.delivered, BATCH_MAX);
    const level = this.profile.stationFromTopicSegment;
    const messages = new Array<RawMessage>(records.length);
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const position = { topic: JOURNAL_TOPIC, partition: 0, offset: String(r.seq) };
      const station = level === null ? null : topicLevel(r.topic, level);
      messages[i] = station === null ? { value: r.value, position, receivedAt: r.receivedAt, topic: r.topic } : { value: r.value, position, receivedAt: r.receivedAt, topic: r.topic, station };
    }
    return messages;
  }

  private syncJournal(): void {
    try {
      this.journal.sync();
    } catch (err) {
      this.setState('disconnected', `the journal could not be synced to disk: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private setState(state: SourceState, detail: string | null): void {
    if (state === this.state && state !== 'disconnected') return;
    this.state = state;
    this.handler?.onStatus(state, detail);
  }
}
