/**
 * Turns a Kafka profile (settings) plus its secrets into a kafkajs client configuration. Secrets are the
 * PEM contents and the SASL password as strings; file paths are never kept.
 */
import { logLevel } from 'kafkajs';
import type { KafkaConfig, LogEntry, SASLOptions } from 'kafkajs';
import type { z } from 'zod';
import type { KafkaSourceSchema } from '../../../src-shared/settings/schema';

/** The Kafka source settings as validated by KafkaSourceSchema. */
export type KafkaProfile = z.output<typeof KafkaSourceSchema>;

/** Secret material for a Kafka profile: PEM contents (not paths) and the SASL password. */
export interface KafkaSecrets {
  readonly saslPassword?: string | null;
  readonly tlsCa?: string | null;
  readonly tlsCert?: string | null;
  readonly tlsKey?: string | null;
}

/**
 * Fetch tuning shared by the app's consumer and the bare-kafkajs benchmark, so the ceiling is measured with
 * the same settings. kafkajs decodes a whole fetch response in one go on the event loop, so the response
 * size bounds how long the engine is blocked: 512 KiB (~2,200 readings) decodes in ~10 ms here, where
 * 12 MiB (4 MiB x 3 partitions) held the loop ~120 ms; the app's throughput did not drop (measured with
 * bench/suites/ingest-kafka.ts: 12 MiB, 1 MiB and 512 KiB fetches, bare and app, same runs).
 * A short max wait keeps latency low when traffic is light.
 */
export const KAFKA_FETCH_SETTINGS = {
  minBytes: 16_384,
  maxBytes: 524_288,
  maxBytesPerPartition: 262_144,
  maxWaitTimeInMs: 50,
} as const;

/** Client-side retry with exponential backoff (kafkajs doubles from initialRetryTime up to maxRetryTime). */
export const KAFKA_RETRY = { initialRetryTime: 300, maxRetryTime: 10_000, retries: 6 } as const;

/** Receives kafkajs log entries (warnings and errors only); the source watches them for connection loss. */
export type KafkaLogListener = (level: 'warn' | 'error', message: string, extra: LogEntry['log']) => void;

/** Builds the kafkajs client config. `onLog` sees warnings and errors; nothing is printed. */
export function kafkaClientConfig(profile: KafkaProfile, secrets: KafkaSecrets, onLog: KafkaLogListener | null = null): KafkaConfig {
  const config: KafkaConfig = {
    clientId: profile.clientId,
    brokers: [...profile.brokers],
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { ...KAFKA_RETRY },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      if (onLog === null) return;
      if (entry.level === logLevel.ERROR) onLog('error', entry.log.message, entry.log);
      else if (entry.level === logLevel.WARN) onLog('warn', entry.log.message, entry.log);
    },
  };
  if (profile.tls.enabled) config.ssl = tlsOptions(profile, secrets);
  if (profile.sasl !== null) config.sasl = saslOptions(profile.sasl, secrets);
  return config;
}

/** TLS options for kafkajs and for the connection test's raw tls.connect. */
export function tlsOptions(profile: KafkaProfile, secrets: KafkaSecrets): { ca?: string[]; cert?: string; key?: string; rejectUnauthorized: boolean } {
  const options: { ca?: string[]; cert?: string; key?: string; rejectUnauthorized: boolean } = {
    // "Allow self-signed" is an explicit, visible choice: it turns certificate verification off.
    rejectUnauthorized: !profile.tls.allowSelfSigned,
  };
  if (secrets.tlsCa) options.ca = [secrets.tlsCa];
  if (secrets.tlsCert) options.cert = secrets.tlsCert;
  if (secrets.tlsKey) options.key = secrets.tlsKey;
  return options;
}

function saslOptions(sasl: NonNullable<KafkaProfile['sasl']>, secrets: KafkaSecrets): SASLOptions {
  const password = secrets.saslPassword ?? '';
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username: sasl.username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username: sasl.username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username: sasl.username, password };
  }
}

/** "PLAIN", "SCRAM-SHA-256", … as Kafka documentation spells the mechanism. */
export function mechanismLabel(profile: KafkaProfile): string {
  return profile.sasl === null ? 'none' : profile.sasl.mechanism.toUpperCase();
}
