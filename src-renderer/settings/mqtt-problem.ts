import type { z } from 'zod';
import type { MqttSourceSchema } from '../../src-shared/settings/schema';
import { describeTopicFilterProblem, parseMqttBroker } from '../../src-shared/settings/mqtt-topic';

type Mqtt = z.infer<typeof MqttSourceSchema>;

/** Why an MQTT source cannot be tested or saved as typed (the broker, a subscription), or null. */
export function mqttProblem(source: Mqtt): string | null {
  const broker = parseMqttBroker(source.broker);
  if (!broker.ok) return `Broker: ${broker.message}`;
  if (source.subscriptions.length === 0) return 'At least one subscription, e.g. city/+/readings';
  for (const filter of source.subscriptions) {
    const problem = describeTopicFilterProblem(filter);
    if (problem !== null) return `Subscription “${filter}”: ${problem}`;
  }
  return null;
}
