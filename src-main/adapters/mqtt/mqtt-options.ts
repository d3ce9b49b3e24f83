/** Turns an MQTT profile (settings) plus its secrets into mqtt.js client options. */
import { isIP } from 'node:net';
import type { IClientOptions } from 'mqtt';
import type { z } from 'zod';
import type { MqttSourceSchema } from '../../../src-shared/settings/schema';
import { MQTT_PORT, parseMqttBroker } from '../../../src-shared/settings/mqtt-topic';

/** The MQTT source settings as validated by MqttSourceSchema. */
export type MqttProfile = z.output<typeof MqttSourceSchema>;

/** Secret material for an MQTT profile: the password (kept as the profile's saslPassword) and PEM contents. */
export interface MqttSecrets {
  readonly saslPassword?: string | null;
  readonly tlsCa?: string | null;
  readonly tlsCert?: string | null;
  readonly tlsKey?: string | null;
}

/** The broker's host (IPv6 without brackets) and port; the schema has already checked the entry. */
export function mqttBrokerAddress(profile: MqttProfile): { host: string; port: number } {
  const parsed = parseMqttBroker(profile.broker);
  if (!parsed.ok) throw new Error(`Not an MQTT broker (host:port): ${JSON.stringify(profile.broker)}`);
  return { host: parsed.value.host, port: parsed.value.port ?? MQTT_PORT };
}

/** TLS options for mqtt.js and for the connection test's raw handshake. */
export function mqttTlsOptions(profile: MqttProfile, secrets: MqttSecrets): { ca?: string[]; cert?: string; key?: string; rejectUnauthorized: boolean } {
  // "Allow self-signed" is an explicit, visible choice: it turns certificate verification off.
  const options: { ca?: string[]; cert?: string; key?: string; rejectUnauthorized: boolean } = { rejectUnauthorized: !profile.tls.allowSelfSigned };
  if (secrets.tlsCa) options.ca = [secrets.tlsCa];
  if (secrets.tlsCert) options.cert = secrets.tlsCert;
  if (secrets.tlsKey) options.key = secrets.tlsKey;
  return options;
}

/**
 * mqtt.js options: MQTT 3.1.1, the profile's fixed client id with clean session off (the persistent
 * session), no automatic reconnect or resubscribe (the source does both, with backoff, and subscribes
 * only when the broker kept no session).
 */
export function mqttClientOptions(profile: MqttProfile, secrets: MqttSecrets): IClientOptions {
  const { host, port } = mqttBrokerAddress(profile);
  const options: IClientOptions = {
    host,
    port,
    protocol: profile.tls.enabled ? 'mqtts' : 'mqtt',
    protocolVersion: 4,
    clientId: profile.clientId,
    clean: !profile.persistentSession,
    keepalive: 30,
    connectTimeout: 5_000,
    reconnectPeriod: 0,
    resubscribe: false,
  };
  if (profile.username !== null) options.username = profile.username;
  if (secrets.saslPassword) options.password = secrets.saslPassword;
  // SNI takes a name only (Node warns about an address).
  if (profile.tls.enabled) Object.assign(options, mqttTlsOptions(profile, secrets), isIP(host) ? {} : { servername: host });
  return options;
}
