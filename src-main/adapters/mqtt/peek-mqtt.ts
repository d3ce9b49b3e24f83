/**
 * Samples for the decoding preview from an MQTT broker. A broker keeps no history to read back, only a
 * retained message per topic, so the sample is the retained messages of the profile's subscriptions plus
 * what arrives within `waitMs`. It connects with its own client id and a clean session at QoS 0, so the
 * app's persistent session (and what the broker queues for it) is untouched and nothing is acknowledged
 * on its behalf.
 */
import { connectAsync } from 'mqtt';
import { mqttClientOptions, type MqttProfile, type MqttSecrets } from './mqtt-options';

/** One sampled message, in the form the Kafka peek gives (offset = order of arrival; no key, no record time). */
export interface MqttSample {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestampMs: number | null;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly isRetained: boolean;
}

/** Up to `limit` messages of the profile's subscriptions: retained ones first, then live ones until `waitMs` passed. Rejects when the broker cannot be reached or refuses the login. */
export async function peekMqttMessages(profile: MqttProfile, secrets: MqttSecrets, limit: number, waitMs: number): Promise<MqttSample[]> {
  const clientId = `${profile.clientId.slice(0, 12)}-peek-${Math.random().toString(36).slice(2, 8)}`;
  const client = await connectAsync({ ...mqttClientOptions(profile, secrets), clientId, clean: true, connectTimeout: 5_000 });
  const samples: MqttSample[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, waitMs);
      client.on('message', (topic, payload, packet) => {
        if (samples.length >= limit) return;
        samples.push({ topic, partition: 0, offset: String(samples.length), timestampMs: null, key: null, value: new Uint8Array(payload), isRetained: packet.retain });
        if (samples.length >= limit) {
          clearTimeout(timer);
          resolve();
        }
      });
      client.subscribeAsync([...profile.subscriptions], { qos: 0 }).catch((error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  } finally {
    await client.endAsync(true).catch(() => undefined);
  }
  return samples;
}
