/**
 * The connection test behind Settings → "Test connection": DNS, TCP and TLS for every broker, then SASL,
 * metadata, topic, read — each timed, stopping at the first failure with a plain-language hint about that layer.
 */
import { Kafka } from 'kafkajs';
import type { Admin } from 'kafkajs';
import type { ConnectionStepResult, ConnectionTestResult, ConnectionStep } from '../../../src-shared/ipc/contract';
import { kafkaClientConfig, mechanismLabel, tlsOptions } from './kafka-config';
import type { KafkaProfile, KafkaSecrets } from './kafka-config';
import { kafkaProblem } from './kafka-errors';
import { probeDns, probeTcp, probeTls, splitBroker } from './network-probes';

/** Runs the layered connection test for a Kafka profile. Never throws: failures are steps with hints. */
export async function testConnection(profile: KafkaProfile, secrets: KafkaSecrets): Promise<ConnectionTestResult> {
  const steps: ConnectionStepResult[] = [];
  const done = (): ConnectionTestResult => ({ ok: steps.every((s) => s.ok), steps });
  const reachable = await probeNetwork(profile, secrets, steps);
  if (reachable.length === 0) return done();

  // The client steps go through the brokers that answered; the ones that did not have failed above.
  const config = kafkaClientConfig({ ...profile, brokers: reachable }, secrets);
  // A few quick retries ride out a group coordinator that is still loading; login failures are not retried.
  const admin = new Kafka({ ...config, retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 }, connectionTimeout: 5_000, requestTimeout: 10_000 }).admin();
  try {
    // With SASL the login is its own step; without it, connecting is part of the metadata step.
    const sasl = profile.sasl;
    if (sasl !== null) {
      const loggedIn = await timed(steps, 'sasl', profile, async () => {
        await admin.connect();
        return `logged in as "${sasl.username}" with ${mechanismLabel(profile)}`;
      });
      if (!loggedIn) return done();
    }
    const metadata = await timed(steps, 'metadata', profile, async () => {
      if (sasl === null) await admin.connect();
      return describeCluster(admin);
    });
    if (!metadata) return done();
    if (!(await timed(steps, 'topic', profile, () => checkTopics(admin, profile)))) return done();
    await timed(steps, 'read', profile, () => checkRead(admin, profile));
    return done();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * DNS, TCP and (with TLS) the handshake for every broker, side by side, each step naming its broker: a
 * client needs only one bootstrap broker that answers, so a mistyped second one would otherwise go
 * unnoticed until the first is down. Returns the brokers that passed, for the client steps.
 */
async function probeNetwork(profile: KafkaProfile, secrets: KafkaSecrets, steps: ConnectionStepResult[]): Promise<string[]> {
  const probed = await Promise.all(profile.brokers.map((broker) => probeBroker(broker, profile, secrets)));
  for (const result of probed) steps.push(...result.steps);
  return probed.filter((result) => result.steps.every((s) => s.ok)).map((result) => result.broker);
}

async function probeBroker(broker: string, profile: KafkaProfile, secrets: KafkaSecrets): Promise<{ broker: string; steps: ConnectionStepResult[] }> {
  const { host, port } = splitBroker(broker);
  const steps: ConnectionStepResult[] = [];
  const done = () => ({ broker, steps: steps.map((s) => ({ ...s, target: broker })) });
  const dns = await probeDns(host);
  steps.push(dns.result);
  if (dns.address === null) return done();
  const tcp = await probeTcp(dns.address, port, broker);
  steps.push(tcp);
  if (tcp.ok && profile.tls.enabled) steps.push(await probeTls(host, dns.address, port, tlsOptions(profile, secrets)));
  return done();
}

async function timed(steps: ConnectionStepResult[], step: ConnectionStep, profile: KafkaProfile, run: () => Promise<string>): Promise<boolean> {
  const t0 = performance.now();
  try {
    const detail = await run();
    steps.push({ step, ok: true, detail, hint: null, ms: Math.round(performance.now() - t0) });
    return true;
  } catch (err) {
    const problem = err instanceof StepFailure ? { detail: err.message, hint: err.hint } : kafkaProblem(err, profile);
    steps.push({ step, ok: false, detail: problem.detail, hint: problem.hint, ms: Math.round(performance.now() - t0) });
    return false;
  }
}

/** A failed check with its own hint (not a Kafka error). */
class StepFailure extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

async function describeCluster(admin: Admin): Promise<string> {
  const cluster = await admin.describeCluster();
  const brokers = cluster.brokers.map((b) => `${b.host}:${b.port}`).join(', ');
  return `${cluster.brokers.length} broker(s) advertised: ${brokers}; controller ${cluster.controller ?? 'unknown'}`;
}

async function checkTopics(admin: Admin, profile: KafkaProfile): Promise<string> {
  // listTopics, not fetchTopicMetadata: a metadata request for a missing topic may auto-create it.
  const existing = new Set(await admin.listTopics());
  const missing = profile.topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    throw new StepFailure(`topic ${missing.map((t) => `"${t}"`).join(', ')} not found`, `Topic ${missing.map((t) => `"${t}"`).join(', ')} does not exist on this cluster. Check the name (case matters) or ask the Kafka admins to create it.`);
  }
  const metadata = await admin.fetchTopicMetadata({ topics: [...profile.topics] });
  return metadata.topics.map((t) => `"${t.name}": ${t.partitions.length} partition(s)`).join('; ');
}

async function checkRead(admin: Admin, profile: KafkaProfile): Promise<string> {
  const parts: string[] = [];
  for (const topic of profile.topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    let retained = 0n;
    for (const p of offsets) retained += BigInt(p.high) - BigInt(p.low);
    parts.push(`"${topic}": ${retained} message(s) retained`);
  }
  // Reading the group's committed offsets also proves the user may use the consumer group.
  const committed = await admin.fetchOffsets({ groupId: profile.groupId, topics: [...profile.topics] });
  let withOffsets = 0;
  let total = 0;
  for (const t of committed) for (const p of t.partitions) {
    total++;
    if (p.offset !== '-1') withOffsets++;
  }
  parts.push(`group "${profile.groupId}": committed offsets on ${withOffsets}/${total} partition(s)`);
  return parts.join('; ');
}
