/**
 * A steady trickle of messages into a Kafka topic while an end-to-end test watches, as a live station
 * network would send them: rates and lag then describe a running feed, not one batch long gone.
 */
import { Partitioners } from 'kafkajs';
import type { Message } from 'kafkajs';
import { client } from '../../helpers/kafka';
import type { KafkaTestEnv } from '../../helpers/kafka';

/** A running feed; stop() waits for the send in flight and disconnects. */
export interface KafkaFeed {
  stop(): Promise<void>;
}

/** Every `everyMs`, send `messagesAt(wall clock now)` to `topic`. A failed send fails loudly at stop(). */
export function startFeed(env: KafkaTestEnv, topic: string, messagesAt: (at: number) => Message[], everyMs: number): KafkaFeed {
  const producer = client(env.brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  let isStopped = false;
  let failure: unknown = null;
  const loop = (async () => {
    await producer.connect();
    while (!isStopped) {
      await producer.send({ topic, acks: -1, messages: messagesAt(Date.now()) });
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })().catch((error: unknown) => {
    failure = error;
  });
  return {
    async stop() {
      isStopped = true;
      await loop;
      await producer.disconnect();
      if (failure !== null) throw failure;
    },
  };
}
