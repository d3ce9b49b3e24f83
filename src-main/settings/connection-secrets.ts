/**
 * Which secrets connection:test may use. A stored secret belongs to a saved profile and to the servers
 * that profile names, so it is used only when the profile under test connects exactly as the saved one
 * with its id does: the Kafka secrets (SASL password, TLS CA, certificate and key) when the brokers, the
 * TLS settings and the SASL mechanism and user are the same; the database password when the database is
 * the same. Otherwise a caller could name a saved profile's id, point it at a server of its own and
 * receive the stored password there (issue 14, item 2). Secrets the caller types in are always used.
 */
import type { SecretName } from '../../src-shared/ipc/contract';
import type { Profile } from '../../src-shared/settings/schema';
import { SECRET_LABELS } from './secret-source';

/** The secrets a test runs with, and the stored ones it was not given. */
export interface ConnectionTestSecrets {
  readonly secrets: Partial<Record<SecretName, string>>;
  /** Stored secrets left out because the tested settings differ from the saved profile's. */
  readonly withheld: readonly SecretName[];
}

const KAFKA_SECRETS: readonly SecretName[] = ['saslPassword', 'tlsCa', 'tlsCert', 'tlsKey'];

/**
 * The secrets for testing `tested`: what the caller `supplied` (a string is used, null means "none"),
 * and for the rest the `stored` secrets of `saved` (the saved profile with the same id, if any) where the
 * connection settings they belong to are unchanged.
 */
export function connectionTestSecrets(
  tested: Profile,
  saved: Profile | undefined,
  stored: Partial<Record<SecretName, string | null | undefined>> | undefined,
  supplied: Partial<Record<SecretName, string | null | undefined>>,
): ConnectionTestSecrets {
  const secrets: Partial<Record<SecretName, string>> = {};
  const withheld: SecretName[] = [];
  for (const [name, value] of Object.entries(stored ?? {}) as [SecretName, string | null | undefined][]) {
    if (typeof value !== 'string' || value === '' || supplied[name] !== undefined) continue;
    // Notification channels' secrets authenticate to no source or database: a connection test never takes them.
    if (name === 'smtpPassword' || name === 'webhookToken') continue;
    if (saved !== undefined && belongsTo(name, tested, saved)) secrets[name] = value;
    else withheld.push(name);
  }
  for (const [name, value] of Object.entries(supplied) as [SecretName, string | null | undefined][]) {
    if (typeof value === 'string' && value !== '') secrets[name] = value;
  }
  return { secrets, withheld };
}

/** Plain words for the answer when stored secrets were left out; null when none were. */
export function withheldSecretsNotice(withheld: readonly SecretName[]): string | null {
  if (withheld.length === 0) return null;
  const names = withheld.map((name) => SECRET_LABELS[name]).join(', ');
  const settings = [
    ...(withheld.some((name) => KAFKA_SECRETS.includes(name)) ? ['brokers, TLS settings and SASL mechanism and user'] : []),
    ...(withheld.includes('databasePassword') ? ['database'] : []),
  ].join(' and ');
  return `The saved ${names} ${withheld.length === 1 ? 'was' : 'were'} not used: a saved secret is only sent with the saved profile's own ${settings}, and the settings tested here differ. To test them, enter the ${withheld.length === 1 ? 'secret' : 'secrets'} here.`;
}

/** True when secret `name` of `saved` may be sent for `tested`: what it authenticates against is unchanged. */
function belongsTo(name: SecretName, tested: Profile, saved: Profile): boolean {
  if (name === 'databasePassword') return sameDatabase(tested.database, saved.database);
  return sameKafkaConnection(tested.source, saved.source) || sameMqttConnection(tested.source, saved.source);
}

/** An MQTT profile's password and TLS material belong to its broker, TLS settings and user name. */
function sameMqttConnection(a: Profile['source'], b: Profile['source']): boolean {
  if (a.kind !== 'mqtt' || b.kind !== 'mqtt') return false;
  return a.broker.toLowerCase() === b.broker.toLowerCase() && a.tls.enabled === b.tls.enabled && a.tls.allowSelfSigned === b.tls.allowSelfSigned && a.username === b.username;
}

function sameKafkaConnection(a: Profile['source'], b: Profile['source']): boolean {
  if (a.kind !== 'kafka' || b.kind !== 'kafka') return false;
  const brokers = (list: readonly string[]): string => [...new Set(list.map((broker) => broker.toLowerCase()))].sort().join(',');
  const sasl = (s: typeof a.sasl): string => (s === null ? '' : `${s.mechanism}\u0000${s.username}`);
  return brokers(a.brokers) === brokers(b.brokers) && a.tls.enabled === b.tls.enabled && a.tls.allowSelfSigned === b.tls.allowSelfSigned && sasl(a.sasl) === sasl(b.sasl);
}

function sameDatabase(a: Profile['database'], b: Profile['database']): boolean {
  return a.kind === 'postgres' && b.kind === 'postgres' && a.url === b.url && a.ssl === b.ssl;
}
