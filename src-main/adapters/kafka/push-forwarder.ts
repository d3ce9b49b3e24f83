/**
 * Forwards accepted HTTP pushes to a Kafka topic, for installations whose desktops consume from Kafka: one
 * message per reading in our default wire format, keyed by station (so one station's readings keep their
 * order in one partition), produced with acks=all before the push is answered 2xx. A failed send rejects;
 * the server then answers 503 and the client's resend is taken again (a duplicate here, not on Kafka:
 * at-least-once, and the consuming pipeline's duplicate filter drops the repeat).
 */
import { Kafka } from 'kafkajs';
import type { Producer } from 'kafkajs';
import type { ForwardedReading } from '../../core/push-outcome';

export interface KafkaForwardOptions {
  /** "host:port" entries. */
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly clientId?: string;
}

export class KafkaPushForwarder {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;

  constructor(private readonly options: KafkaForwardOptions) {
    this.kafka = new Kafka({ clientId: options.clientId ?? 'stationwatch-push', brokers: [...options.brokers], retry: { retries: 3, initialRetryTime: 200 }, logLevel: 0 });
  }

  /** Resolves once every reading is acknowledged by all in-sync replicas. */
  async send(readings: readonly ForwardedReading[]): Promise<void> {
    if (readings.length === 0) return;
    const producer = await this.connected();
    await producer.send({ topic: this.options.topic, acks: -1, messages: readings.map((r) => ({ key: r.key, value: r.value })) });
  }

  async close(): Promise<void> {
    const producer = this.producer ?? (await this.connecting?.catch(() => null)) ?? null;
    this.producer = null;
    this.connecting = null;
    await producer?.disconnect().catch(() => undefined);
  }

  private connected(): Promise<Producer> {
    if (this.producer !== null) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({ allowAutoTopicCreation: false });
      producer.on(producer.events.DISCONNECT, () => {
        if (this.producer === producer) this.producer = null;
      });
      try {
        await producer.connect();
      } catch (error) {
        this.connecting = null;
        throw error;
      }
      this.producer = producer;
      this.connecting = null;
      return producer;
    })();
    return this.connecting;
  }
}
