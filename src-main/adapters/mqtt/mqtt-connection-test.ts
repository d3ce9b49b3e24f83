/**
 * The MQTT connection test behind Settings → "Test connection": DNS, TCP, (TLS,) CONNECT with the
 * broker's return code in words, then SUBSCRIBE to every filter — each timed, stopping at the first
 * failure with a hint about that layer. The test connects with a clean session and its own client id, so
 * it neither disturbs nor steals the source's persistent session.
 */
import { connect } from 'mqtt';
import type { MqttClient } from 'mqtt';
import type { ConnectionStepResult, ConnectionTestResult } from '../../../src-shared/ipc/contract';
import { probeDns, probeTcp } from '../network/network-probes';
import { probeTls } from '../kafka/network-probes';
import { mqttProblem, subscriptionRefused } from './mqtt-errors';
import { mqttBrokerAddress, mqttClientOptions, mqttTlsOptions, type MqttProfile, type MqttSecrets } from './mqtt-options';

const TEST_TIMEOUT_MS = 5_000;

/** Runs the layered connection test for an MQTT profile. Never throws: failures are steps with hints. */
export async function testMqttConnection(profile: MqttProfile, secrets: MqttSecrets): Promise<ConnectionTestResult> {
  const steps: ConnectionStepResult[] = [];
  const done = (): ConnectionTestResult => ({ ok: steps.length > 0 && steps.every((s) => s.ok), steps: steps.map((s) => ({ ...s, target: profile.broker })) });
  const { host, port } = mqttBrokerAddress(profile);
  const dns = await probeDns(host, 'MQTT broker');
  steps.push(dns.result);
  if (dns.address === null) return done();
  const tcp = await probeTcp(dns.address, port, profile.broker, 'MQTT broker');
  steps.push(tcp);
  if (!tcp.ok) return done();
  if (profile.tls.enabled) {
    const tls = await probeTls(host, dns.address, port, mqttTlsOptions(profile, secrets));
    steps.push(tls);
    if (!tls.ok) return done();
  }
  const clientId = `${profile.clientId.slice(0, 12)}-test-${Math.random().toString(36).slice(2, 8)}`;
  const options = { ...mqttClientOptions(profile, secrets), clientId, clean: true, connectTimeout: TEST_TIMEOUT_MS };
  const t0 = performance.now();
  let client: MqttClient | null = null;
  try {
    client = await connectOnce(options);
    const who = profile.username === null ? 'anonymously' : `as "${profile.username}"`;
    steps.push(step('login', t0, true, `the broker accepted the connection ${who} (MQTT 3.1.1)`, null));
  } catch (err) {
    const problem = mqttProblem(err, profile.broker);
    steps.push(step('login', t0, false, problem.detail, problem.hint));
    return done();
  }
  const t1 = performance.now();
  try {
    const granted = await client.subscribeAsync([...profile.subscriptions], { qos: profile.qos });
    const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
    if (refused.length > 0) {
      const problem = subscriptionRefused(refused);
      steps.push(step('topic', t1, false, problem.detail, problem.hint));
    } else {
      // Some brokers (Mosquitto 2.0) grant a subscription their ACL forbids and then deliver nothing on it.
      steps.push(step('topic', t1, true, `subscribed to ${granted.map((g) => `"${g.topic}" (QoS ${g.qos})`).join(', ')}; the broker refuses a forbidden filter here, except Mosquitto, which grants it and delivers nothing`, null));
    }
  } catch (err) {
    const problem = mqttProblem(err, profile.broker);
    steps.push(step('topic', t1, false, problem.detail, problem.hint));
  } finally {
    await client.endAsync(true).catch(() => undefined);
  }
  return done();
}

/** Connects once (no retries): resolves on CONNACK 0, rejects with the refusal or the socket error. */
function connectOnce(options: ReturnType<typeof mqttClientOptions>): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = connect(options);
    const timer = setTimeout(() => fail(new Error(`no CONNACK from the broker within ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS + 500);
    const onClose = (): void => fail(new Error('the broker closed the connection before accepting it'));
    const fail = (err: unknown): void => {
      clearTimeout(timer);
      client.removeListener('close', onClose);
      client.end(true);
      reject(err);
    };
    client.once('connect', () => {
      clearTimeout(timer);
      client.removeListener('error', fail);
      client.removeListener('close', onClose);
      // Errors after the CONNACK surface through the subscribe step.
      client.on('error', () => undefined);
      resolve(client);
    });
    client.once('error', fail);
    client.once('close', onClose);
  });
}

function step(name: ConnectionStepResult['step'], startedAt: number, ok: boolean, detail: string, hint: string | null): ConnectionStepResult {
  return { step: name, ok, detail, hint, ms: Math.round(performance.now() - startedAt) };
}
