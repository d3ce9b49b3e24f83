import { describeBrokerProblem, splitBrokerList } from '../../src-shared/settings/broker-list';
import { describePostgresUrlProblem } from '../../src-shared/settings/postgres-url';
import type { Profile } from '../../src-shared/settings/schema';
import { mqttProblem } from './mqtt-problem';

/** One broker entry the settings dialog refuses, with the schema's message. */
export interface BrokerError {
  readonly entry: string;
  readonly message: string;
}

/** Split a broker list typed by a person (commas, spaces or new lines) into entries. */
export function splitBrokers(text: string): string[] {
  return splitBrokerList(text);
}

/** Each entry the shared parser refuses, with its message; one message for an empty list. */
export function brokerErrors(entries: readonly string[]): BrokerError[] {
  if (entries.length === 0) return [{ entry: '', message: 'At least one broker, e.g. kafka-1.city.local:9092' }];
  const errors: BrokerError[] = [];
  for (const entry of entries) {
    const message = describeBrokerProblem(entry);
    if (message !== null) errors.push({ entry, message });
  }
  return errors;
}

/**
 * Why a profile's connection cannot be tested or saved as typed (a broker entry, the PostgreSQL URL), or
 * null. The dialog disables Test connection and Save while there is one; the fields say which entry.
 */
export function connectionProblem(profile: Profile): string | null {
  if (profile.source.kind === 'kafka') {
    const first = brokerErrors(profile.source.brokers)[0];
    if (first !== undefined) return first.entry === '' ? first.message : `Broker “${first.entry}”: ${first.message}`;
  }
  if (profile.source.kind === 'mqtt') {
    const problem = mqttProblem(profile.source);
    if (problem !== null) return problem;
  }
  if (profile.database.kind === 'postgres') {
    const problem = describePostgresUrlProblem(profile.database.url);
    if (problem !== null) return `Database URL: ${problem}`;
  }
  return null;
}
