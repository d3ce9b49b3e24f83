/**
 * Escalation end to end below the engine: the policy core and the real channels deliver to a webhook
 * receiver and a real SMTP server (aiosmtpd) on 127.0.0.1 after the configured delays, and nothing
 * goes out once the alarm is acknowledged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../src-shared/domain/alarms';
import { EscalationSettingsSchema } from '../../src-shared/settings/escalation';
import { MemoryDeliveryLog } from '../../src-main/adapters/notify/delivery-log';
import { Notifier } from '../../src-main/adapters/notify/notifier';
import { decodedMail, startHttpReceiver, startSmtpSink, waitUntil } from './escalation-harness';
import type { HttpReceiver, SmtpSink } from './escalation-harness';

const NO_SECRETS = { smtpPassword: null, webhookToken: null };

function heatAlarm(activatedAt: number, patch: Partial<Alarm> = {}): Alarm {
  return {
    id: 'heat@st-7', ruleId: 'heat', stationId: 'st-7', metric: 'temperature', kind: 'process', severity: 'critical', state: 'unacknowledged',
    isActive: true, message: 'Heatwave: temperature above 35 °C', value: 37.4, peakValue: 37.4, threshold: 35, activatedAt, clearedAt: null,
    acknowledgedAt: null, acknowledgedBy: null, activationCount: 1, isChattering: false, shelf: null, updatedAt: activatedAt, ...patch,
  };
}

function escalation(hookUrl: string, smtpPort: number, delays: readonly [number, number]) {
  return EscalationSettingsSchema.parse({
    linkBaseUrl: 'http://127.0.0.1:8080',
    channels: [
      { kind: 'webhook', id: 'oncall', name: 'On-call webhook', url: hookUrl, timeoutMs: 2_000 },
      { kind: 'email', id: 'chief', name: 'Duty chief', host: '127.0.0.1', port: smtpPort, security: 'none', from: 'stationwatch@city.invalid', to: ['chief@city.invalid'], timeoutMs: 2_000 },
    ],
    policies: [{ id: 'crit', name: 'Critical alarms', severities: ['critical'], steps: [{ afterSeconds: delays[0], channelIds: ['oncall'] }, { afterSeconds: delays[1], channelIds: ['chief'] }] }],
  });
}

/** Ticks the notifier every 50 ms (as the engine's tick would) until stopped. */
function ticking(notifier: Notifier): () => void {
  const timer = setInterval(() => notifier.tick(), 50);
  return () => clearInterval(timer);
}

describe('escalation to a webhook and an SMTP server', () => {
  let receiver: HttpReceiver;
  let smtp: SmtpSink;

  beforeAll(async () => {
    receiver = await startHttpReceiver();
    smtp = await startSmtpSink();
  });
  afterAll(async () => {
    await receiver?.close();
    await smtp?.close();
  });

  it('sends step 1 to the webhook and step 2 by email after their delays, each once', async () => {
    receiver.posts.length = 0;
    smtp.messages.length = 0;
    smtp.receivedAt.length = 0;
    const problems: string[] = [];
    const notifier = await Notifier.open({ settings: escalation(receiver.url, smtp.port, [1, 2]), secrets: NO_SECRETS, log: new MemoryDeliveryLog(), now: () => Date.now(), stationName: () => 'Dam Square', onProblem: (m) => problems.push(m) });
    const activatedAt = Date.now();
    notifier.observe(heatAlarm(activatedAt));
    const stop = ticking(notifier);
    try {
      await waitUntil(() => smtp.messages.length >= 1, 10_000, 'the email of step 2');
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      stop();
      await notifier.idle();
    }
    expect(problems).toEqual([]);
    expect(receiver.posts).toHaveLength(1);
    const post = receiver.posts[0];
    expect(post?.at).toBeGreaterThanOrEqual(activatedAt + 1_000);
    expect(post?.headers['content-type']).toContain('application/json');
    expect(post?.headers['idempotency-key']).toBe(`heat@st-7#${activatedAt}#crit#1#oncall`);
    expect(post?.body).toMatchObject({
      kind: 'stationwatch.alarm', key: `heat@st-7#${activatedAt}#crit#1#oncall`, station: { id: 'st-7', name: 'Dam Square' }, metric: 'temperature',
      value: 37.4, unit: '°C', threshold: 35, severity: 'critical', state: 'unacknowledged', escalation: { policyId: 'crit', step: 1 },
      link: 'http://127.0.0.1:8080/?alarm=heat%40st-7', alarm: { id: 'heat@st-7', activatedAtMs: activatedAt },
    });
    expect(String(post?.body.text)).toContain('Dam Square (st-7): 37.4 °C');
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.receivedAt[0]).toBeGreaterThanOrEqual(activatedAt + 2_000);
    const mail = smtp.messages[0] ?? '';
    expect(mail).toMatch(/^X-Stationwatch-Key: heat@st-7#\d+#crit#2#chief$/m);
    expect(mail).toMatch(/^To: chief@city\.invalid$/m);
    expect(decodedMail(mail)).toMatch(/^CRITICAL: Heatwave: temperature above 35 °C at Dam Square \(st-7\): 37\.4 °C — unacknowledged for [23] s$/m);
    expect(decodedMail(mail)).toContain('Escalation: Critical alarms, step 2');
  });

  it('sends nothing after the alarm is acknowledged', async () => {
    receiver.posts.length = 0;
    smtp.messages.length = 0;
    smtp.receivedAt.length = 0;
    const notifier = await Notifier.open({ settings: escalation(receiver.url, smtp.port, [0.5, 1.5]), secrets: NO_SECRETS, log: new MemoryDeliveryLog(), now: () => Date.now() });
    const activatedAt = Date.now();
    notifier.observe(heatAlarm(activatedAt));
    const stop = ticking(notifier);
    try {
      await waitUntil(() => receiver.posts.length >= 1, 10_000, 'the webhook of step 1');
      notifier.observe(heatAlarm(activatedAt, { state: 'acknowledged', acknowledgedAt: Date.now(), acknowledgedBy: 'ana' }));
      // Well past step 2's delay.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    } finally {
      stop();
      await notifier.idle();
    }
    expect(Date.now()).toBeGreaterThan(activatedAt + 2_500);
    expect(receiver.posts).toHaveLength(1);
    expect(smtp.messages).toEqual([]);
  });
});
