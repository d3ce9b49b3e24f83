/**
 * Escalation wired into the engine (in-process, sped-up simulator with a heatwave, memory store): the
 * heatwave alarm reaches a webhook receiver on 127.0.0.1 after the configured delay, and once the
 * operator acknowledges it the next step never goes out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine } from '../../src-main/engine/process/engine';
import type { EngineHandle } from '../../src-main/engine/engine-api';
import { defaultSettings, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { EscalationSettingsSchema } from '../../src-shared/settings/escalation';
import { startHttpReceiver, waitUntil } from './escalation-harness';
import type { HttpReceiver } from './escalation-harness';

const ALARM = 'temperature-high@st-02';

function settingsWith(hookUrl: string): Settings {
  const source = SimulatorSourceSchema.parse({
    kind: 'simulator', seed: 5, outlierRate: 0, speed: 120,
    scenarios: [{ kind: 'heatwave', target: 'st-02', startAfterMs: 30_000, durationMs: 3_600_000 }],
  });
  const escalation = EscalationSettingsSchema.parse({
    channels: [
      { kind: 'webhook', id: 'oncall', name: 'On call', url: `${hookUrl}?step=1` },
      { kind: 'webhook', id: 'chief', name: 'Chief', url: `${hookUrl}?step=2` },
    ],
    policies: [{ id: 'heat', name: 'Heat', severities: ['warning', 'critical'], ruleIds: ['temperature-high'], steps: [{ afterSeconds: 1, channelIds: ['oncall'] }, { afterSeconds: 4, channelIds: ['chief'] }] }],
  });
  return { ...defaultSettings(), activeProfileId: 'test', profiles: [{ id: 'test', name: 'Test', source, database: { kind: 'memory' }, escalation }] };
}

let engine: EngineHandle | null = null;
let receiver: HttpReceiver | null = null;
afterEach(async () => {
  await engine?.stop();
  await receiver?.close();
  engine = null;
  receiver = null;
});

describe('escalation in the engine', () => {
  it('escalates the heatwave alarm after the delay and stops once it is acknowledged', async () => {
    receiver = await startHttpReceiver();
    const posts = receiver.posts;
    engine = await startEngine({ settings: settingsWith(receiver.url), secrets: {}, dataDir: '/tmp', operator: 'tester' });
    const seenAt = new Map<string, number>();
    engine.subscribe('alarm:changed', ({ alarm }) => {
      if (alarm.id === ALARM && alarm.state === 'unacknowledged' && !seenAt.has(ALARM)) seenAt.set(ALARM, Date.now());
    });
    await waitUntil(() => posts.some((p) => (p.body.alarm as { id: string }).id === ALARM), 30_000, 'the step-1 webhook for the heatwave alarm');
    const first = posts.find((p) => (p.body.alarm as { id: string }).id === ALARM);
    expect(first?.body).toMatchObject({ kind: 'stationwatch.alarm', metric: 'temperature', unit: '°C', state: 'unacknowledged', escalation: { policyId: 'heat', step: 1 } });
    // At least the configured delay after the alarm was raised (the event arrives at most a tick before the planner sees it).
    expect((first?.at ?? 0) - (seenAt.get(ALARM) ?? Number.POSITIVE_INFINITY)).toBeGreaterThanOrEqual(900);
    const acknowledged = await engine.request('alarms:ack', { alarmId: ALARM, comment: 'on it' }, 'tester');
    expect(acknowledged.state).toBe('acknowledged');
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    const forAlarm = posts.filter((p) => (p.body.alarm as { id: string }).id === ALARM);
    expect(forAlarm.map((p) => (p.body.escalation as { step: number }).step)).toEqual([1]);
    // notify:deliveries (the Deliveries view's request) lists what the receiver got, and nothing more.
    const log = (await engine.request('notify:deliveries', { limit: 100 })).filter((d) => d.alarmId === ALARM);
    expect(log.map((d) => [d.step, d.channelId, d.status, d.attempts, d.lastError])).toEqual([[1, 'oncall', 'delivered', 1, null]]);
  });
});

describe('notify:test through the engine', () => {
  it('uses the stored webhook token only for the saved channel and its own address', async () => {
    receiver = await startHttpReceiver();
    const other = await startHttpReceiver();
    try {
      const base = settingsWith(receiver.url);
      const profile = base.profiles[0];
      const escalation = EscalationSettingsSchema.parse({
        channels: [{ kind: 'webhook', id: 'oncall', name: 'On call', url: receiver.url, authorization: 'bearer' }],
        policies: [{ id: 'p', name: 'P', steps: [{ afterSeconds: 600, channelIds: ['oncall'] }] }],
      });
      const settings: Settings = { ...base, profiles: [{ ...profile!, escalation }] };
      engine = await startEngine({ settings, secrets: { test: { webhookToken: 'stored-token' } }, dataDir: '/tmp', operator: 'tester' });
      const saved = escalation.channels[0];
      if (saved?.kind !== 'webhook') throw new Error('expected the saved webhook channel');
      const same = await engine.request('notify:test', { channel: saved, secrets: {} });
      expect(same).toEqual({ isOk: true, message: `The test message for “On call” was sent to ${receiver.url}.` });
      expect(receiver.posts[0]?.headers.authorization).toBe('Bearer stored-token');
      // The saved channel's id pointed elsewhere: the stored token stays home.
      const elsewhere = await engine.request('notify:test', { channel: { ...saved, url: other.url }, secrets: {} });
      expect(elsewhere).toEqual({
        isOk: false,
        message: 'The test message for “On call” was not sent: channel “On call” sends a bearer token, but no webhook token is stored for this profile. The saved webhook token was not used: it is only sent with the saved channel\'s own address and settings, and the channel tested here differs. To test it, enter the webhook token here.',
      });
      expect(other.posts).toHaveLength(0);
      const typed = await engine.request('notify:test', { channel: { ...saved, url: other.url }, secrets: { webhookToken: 'typed' } });
      expect(typed.isOk).toBe(true);
      expect(other.posts[0]?.headers.authorization).toBe('Bearer typed');
    } finally {
      await other.close();
    }
  });
});
