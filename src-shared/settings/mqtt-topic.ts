/**
 * MQTT topic filters and topic levels as the MQTT source's settings name them (MQTT 3.1.1 §4.7): the
 * schema, the dialog and the source read them through here, so a filter the dialog accepts is exactly
 * what the source subscribes to, and the station level means the same everywhere.
 */
import { parseHostPort } from './host-port';
import type { HostPort, Parsed } from './host-port';

/** MQTT's usual plaintext port, for the examples in messages. */
export const MQTT_PORT = 1883;

/** What is wrong with a subscription's topic filter, or null when it is valid. */
export function describeTopicFilterProblem(filter: string): string | null {
  if (filter === '') return 'The topic filter is empty';
  if (filter.includes('\u0000')) return 'A topic filter may not contain a NUL character';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as string;
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return `“#” must be a whole level and the last one, e.g. city/#`;
    if (level.includes('+') && level !== '+') return `“+” must be a whole level, e.g. city/+/readings`;
  }
  return null;
}

/** The broker as "host:port" (port optional, 1883 by default), or why it is not one. */
export function parseMqttBroker(entry: string): Parsed<HostPort> {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(entry)) return { ok: false, message: `Leave out the “mqtt://” part: the broker is host:port, e.g. mqtt.city.local:${MQTT_PORT}; turn TLS on below for mqtts` };
  if (/[/?#@]/.test(entry)) return { ok: false, message: `The broker is host:port only, e.g. mqtt.city.local:${MQTT_PORT}` };
  return parseHostPort(entry, false, MQTT_PORT);
}

/**
 * The level `index` (0 = first) of a received topic, or null when the topic has fewer levels or that
 * level is empty: `city/s1/readings` with index 1 gives "s1".
 */
export function topicLevel(topic: string, index: number): string | null {
  let start = 0;
  for (let i = 0; i < index; i++) {
    const slash = topic.indexOf('/', start);
    if (slash < 0) return null;
    start = slash + 1;
  }
  const end = topic.indexOf('/', start);
  const level = end < 0 ? topic.slice(start) : topic.slice(start, end);
  return level === '' ? null : level;
}
