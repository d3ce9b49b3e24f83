/**
 * Failing receivers on 127.0.0.1 (a 500, a closed port, a receiver that never answers, a `.invalid`
 * host) give plain-words errors, are retried with backoff, and the channel test buttons report the
 * same words. Email goes to a real SMTP server (aiosmtpd), with and without STARTTLS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../src-shared/domain/alarms';
import { ChannelSchema, EscalationSettingsSchema } from '../../src-shared/settings/escalation';
import type { Channel } from '../../src-shared/settings/escalation';
import { testChannel } from '../../src-main/adapters/notify/channel-send';
import { MemoryDeliveryLog } from '../../src-main/adapters/notify/delivery-log';
import { Notifier } from '../../src-main/adapters/notify/notifier';
import { closedPort, decodedMail, startHttpReceiver, startSmtpSink, waitUntil } from './escalation-harness';
import type { HttpReceiver, SmtpSink } from './escalation-harness';

const NO_SECRETS = { smtpPassword: null, webhookToken: null };

function webhook(url: string, extra: Record<string, unknown> = {}): Channel {
  return ChannelSchema.parse({ kind: 'webhook', id: 'hook', name: 'Hook', url, timeoutMs: 1_000, retries: 2, retryDelayMs: 50, ...extra });
}

function email(host: string, port: number, extra: Record<string, unknown> = {}): Channel {
  return ChannelSchema.parse({ kind: 'email', id: 'mail', name: 'Mail', host, port, security: 'none', from: 'sw@city.invalid', to: ['duty@city.invalid'], timeoutMs: 2_000, retries: 2, retryDelayMs: 50, ...extra });
}

function test(channel: Channel) {
  return testChannel(channel, NO_SECRETS, { linkBaseUrl: null, now: Date.now() });
}

/** Runs one escalation (step 1 due at once) through `channel`; returns the log record and the problems reported. */
async function escalateOnce(channel: Channel) {
  const settings = EscalationSettingsSchema.parse({ channels: [channel], policies: [{ id: 'p', name: 'P', steps: [{ afterSeconds: 0, channelIds: [channel.id] }] }] });
  const log = new MemoryDeliveryLog();
  const problems: string[] = [];
  const notifier = await Notifier.open({ settings, secrets: NO_SECRETS, log, now: () => Date.now(), onProblem: (m) => problems.push(m) });
  const now = Date.now();
  const alarm: Alarm = {
    id: 'heat@st-1', ruleId: 'heat', stationId: 'st-1', metric: 'temperature', kind: 'process', severity: 'critical', state: 'unacknowledged', isActive: true,
    message: 'Too hot', value: 40, peakValue: 40, threshold: 35, activatedAt: now, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null,
    activationCount: 1, isChattering: false, shelf: null, updatedAt: now,
  };
  notifier.observe(alarm);
  notifier.tick();
  await notifier.idle();
  notifier.tick(); // settled (failed for good): not sent again
  await notifier.idle();
  return { records: await log.recent(10), problems };
}

describe('failing webhook receivers', () => {
  let failing: HttpReceiver;
  let hanging: HttpReceiver;
  let healthy: HttpReceiver;

  beforeAll(async () => {
    failing = await startHttpReceiver(() => 500);
    hanging = await startHttpReceiver(() => 'hang');
    healthy = await startHttpReceiver(() => 200);
  });
  afterAll(async () => {
    await Promise.all([failing?.close(), hanging?.close(), healthy?.close()]);
  });

  it('a 500 is retried with the status in words, then given up and logged', async () => {
    const { records, problems } = await escalateOnce(webhook(failing.url));
    expect(failing.posts).toHaveLength(3);
    // Backoff: 50 ms before the first retry, 100 ms before the second.
    expect((failing.posts[1]?.at ?? 0) - (failing.posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(45);
    expect((failing.posts[2]?.at ?? 0) - (failing.posts[1]?.at ?? 0)).toBeGreaterThanOrEqual(95);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: 'the receiver answered 500 Internal Server Error: “receiver says no”' });
    expect(problems).toEqual(['Escalation of heat@st-1 (step 1, P) to “Hook” failed after 3 attempts: the receiver answered 500 Internal Server Error: “receiver says no”']);
  });

  it('a closed port on 127.0.0.1 is "connection refused", retried', async () => {
    const port = await closedPort();
    const { records } = await escalateOnce(webhook(`http://127.0.0.1:${port}/hook`));
    expect(records[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: `nothing accepts connections there (connection refused) at 127.0.0.1:${port}` });
  });

  it('a receiver that never answers times out in words', async () => {
    const { records } = await escalateOnce(webhook(hanging.url, { retries: 1, timeoutMs: 300 }));
    expect(records[0]).toMatchObject({ status: 'failed', attempts: 2, lastError: `no answer from ${new URL(hanging.url).host} within 300 ms` });
  });

  it('a .invalid host is a host name that was not found', async () => {
    const { records } = await escalateOnce(webhook('http://hooks.stationwatch.invalid/hook', { retries: 0 }));
    expect(records[0]?.status).toBe('failed');
    expect(records[0]?.lastError).toMatch(/^the host name (was not found \(DNS\)|could not be looked up \(DNS did not answer\)) at hooks\.stationwatch\.invalid$/);
  });

  it('a bearer channel without a stored token fails at once, not retried', async () => {
    const { records } = await escalateOnce(webhook(healthy.url, { authorization: 'bearer' }));
    expect(records[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: 'channel “Hook” sends a bearer token, but no webhook token is stored for this profile' });
    expect(healthy.posts).toHaveLength(0);
  });

  it('the test button: success and failure in a sentence; the bearer token is sent', async () => {
    const ok = await testChannel(webhook(healthy.url, { authorization: 'bearer' }), { smtpPassword: null, webhookToken: 's3cret' }, { linkBaseUrl: null, now: Date.now() });
    expect(ok).toEqual({ isOk: true, message: `The test message for “Hook” was sent to ${healthy.url}.` });
    expect(healthy.posts[0]?.headers.authorization).toBe('Bearer s3cret');
    expect(healthy.posts[0]?.body).toMatchObject({ kind: 'stationwatch.test', key: null });
    const bad = await test(webhook(failing.url));
    expect(bad).toEqual({ isOk: false, message: 'The test message for “Hook” was not sent: the receiver answered 500 Internal Server Error: “receiver says no”.' });
  });
});

describe('email channel against aiosmtpd', () => {
  let plain: SmtpSink;
  let starttls: SmtpSink;
  let certDir: string;

  beforeAll(async () => {
    plain = await startSmtpSink();
    certDir = mkdtempSync(join(tmpdir(), 'sw-smtp-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { stdio: 'ignore' });
    starttls = await startSmtpSink(['--tlscert', join(certDir, 'cert.pem'), '--tlskey', join(certDir, 'key.pem')]);
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), starttls?.close()]);
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it('the test button delivers a test mail', async () => {
    const result = await test(email('127.0.0.1', plain.port));
    expect(result).toEqual({ isOk: true, message: `The test message for “Mail” was sent to duty@city.invalid via 127.0.0.1:${plain.port}.` });
    await waitUntil(() => plain.messages.length >= 1, 5_000, 'the test mail');
    expect(plain.messages[0]).toMatch(/^To: duty@city\.invalid$/m);
    expect(decodedMail(plain.messages[0] ?? '')).toContain('Test message for channel “Mail” — no action needed');
  });

  it('STARTTLS: delivered when the self-signed certificate is allowed, refused in words otherwise', async () => {
    const allowed = await test(email('127.0.0.1', starttls.port, { security: 'starttls', allowSelfSigned: true }));
    expect(allowed.isOk).toBe(true);
    await waitUntil(() => starttls.messages.length >= 1, 5_000, 'the mail over STARTTLS');
    const strict = await test(email('127.0.0.1', starttls.port, { security: 'starttls' }));
    expect(strict.isOk).toBe(false);
    expect(strict.message).toMatch(/^The test message for “Mail” was not sent: a secure connection to 127\.0\.0\.1:\d+ could not be made: .*self-signed certificate/);
  });

  it('STARTTLS required but not offered, or TLS against a plain port: refused in words', async () => {
    const result = await test(email('127.0.0.1', plain.port, { security: 'starttls' }));
    expect(result).toEqual({ isOk: false, message: `The test message for “Mail” was not sent: the mail server 127.0.0.1:${plain.port} does not offer STARTTLS (454 TLS not available).` });
    const tls = await test(email('127.0.0.1', plain.port, { security: 'tls' }));
    expect(tls.message).toBe(`The test message for “Mail” was not sent: 127.0.0.1:${plain.port} does not speak TLS on that port (for mail, 465 is usually TLS and 587 STARTTLS; for a webhook check http:// against https://).`);
  });

  it('a closed port and a .invalid host fail in words, after retries', async () => {
    const port = await closedPort();
    const closed = await escalateOnce(email('127.0.0.1', port));
    expect(closed.records[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: `nothing accepts connections there (connection refused) at 127.0.0.1:${port}` });
    const invalid = await escalateOnce(email('smtp.stationwatch.invalid', 25, { retries: 0 }));
    expect(invalid.records[0]?.lastError).toMatch(/^the host name (was not found \(DNS\)|could not be looked up \(DNS did not answer\)) at smtp\.stationwatch\.invalid:25$/);
  });
});
