/**
 * Kafka bootstrap brokers as a person types them: "host:port" entries separated by commas or white
 * space. The settings schema, the dialog (per-entry messages) and the connection test (every broker)
 * all read brokers through here, so a list the dialog accepts is exactly what the engine connects to.
 */
import { parseHostPort } from './host-port';
import type { HostPort, Parsed } from './host-port';

/** Kafka's usual port, for the examples in messages. */
const KAFKA_PORT = 9092;

/** The entries of a typed broker list: split at commas and white space, empty pieces dropped. */
export function splitBrokerList(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== '');
}

/** One broker entry parsed, or a plain message saying what is wrong with it. */
export function parseBroker(entry: string): Parsed<HostPort> {
  if (entry.includes(';')) return { ok: false, message: 'Separate brokers with a comma or a space, not “;”' };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(entry);
  if (scheme !== null) return { ok: false, message: `Leave out “${scheme[1] as string}://”: a broker is host:port, e.g. kafka-1.city.local:${KAFKA_PORT}` };
  if (/[/?#@]/.test(entry)) return { ok: false, message: `A broker is host:port only, e.g. kafka-1.city.local:${KAFKA_PORT}` };
  return parseHostPort(entry, true, KAFKA_PORT);
}

/** What is wrong with one broker entry, or null when it is a valid host:port. */
export function describeBrokerProblem(entry: string): string | null {
  const parsed = parseBroker(entry);
  return parsed.ok ? null : parsed.message;
}
