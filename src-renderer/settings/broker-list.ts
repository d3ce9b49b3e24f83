import { BrokerSchema } from '../../src-shared/settings/schema';

/** One broker entry the settings dialog refuses, with the schema's message. */
export interface BrokerError {
  readonly entry: string;
  readonly message: string;
}

/** Split a broker list typed by a person (commas, spaces or new lines) into entries. */
export function splitBrokers(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Validate each entry with the shared BrokerSchema (host:port), plus the port range and emptiness. */
export function brokerErrors(entries: readonly string[]): BrokerError[] {
  if (entries.length === 0) return [{ entry: '', message: 'At least one broker, e.g. kafka-1.city.local:9092' }];
  const errors: BrokerError[] = [];
  for (const entry of entries) {
    const parsed = BrokerSchema.safeParse(entry);
    if (!parsed.success) errors.push({ entry, message: parsed.error.issues[0]?.message ?? 'Invalid broker' });
    else {
      const port = Number(entry.slice(entry.lastIndexOf(':') + 1));
      if (port < 1 || port > 65_535) errors.push({ entry, message: 'Port must be between 1 and 65535' });
    }
  }
  return errors;
}
