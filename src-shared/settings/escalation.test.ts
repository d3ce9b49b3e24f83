import { describe, expect, it } from 'vitest';
import { EscalationSettingsSchema, NO_ESCALATION } from './escalation';

const hook = { kind: 'webhook', id: 'oncall', name: 'On call', url: 'https://hooks.city.invalid/x' };

function messages(input: unknown): string[] {
  const result = EscalationSettingsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe('escalation settings', () => {
  it('fills defaults: critical only, no quiet hours, 3 retries, STARTTLS on 587', () => {
    const parsed = EscalationSettingsSchema.parse({
      channels: [hook, { kind: 'email', id: 'mail', name: 'Mail', host: 'smtp.city.invalid', from: 'sw@city.invalid', to: ['duty@city.invalid'] }],
      policies: [{ id: 'p', name: 'P', steps: [{ afterSeconds: 300, channelIds: ['oncall', 'mail'] }] }],
    });
    expect(parsed.policies[0]).toMatchObject({ enabled: true, severities: ['critical'], ruleIds: null, quietHours: null });
    expect(parsed.channels[0]).toMatchObject({ authorization: 'none', timeoutMs: 10_000, retries: 3, retryDelayMs: 2_000 });
    expect(parsed.channels[1]).toMatchObject({ port: 587, security: 'starttls', username: null });
    expect(EscalationSettingsSchema.parse({})).toEqual(NO_ESCALATION);
  });

  it('refuses a step to a missing channel, duplicate ids, a bad zone, a bad time and a non-web address', () => {
    expect(messages({ channels: [hook], policies: [{ id: 'p', name: 'Critical', steps: [{ afterSeconds: 60, channelIds: ['pager'] }] }] })).toEqual(['Policy “Critical” step 1 sends to channel “pager”, which does not exist']);
    expect(messages({ channels: [hook, hook] })).toEqual(['Two channels are named “oncall”; channel ids must differ']);
    expect(messages({ channels: [hook], policies: [{ id: 'p', name: 'P', steps: [{ afterSeconds: 1, channelIds: ['oncall'] }], quietHours: { start: '22:00', end: '07:00', zone: 'Mars/Olympus' } }] }))
      .toEqual(['“Mars/Olympus” is not a time zone this computer knows (use an IANA name such as Europe/Amsterdam)']);
    expect(messages({ channels: [hook], policies: [{ id: 'p', name: 'P', steps: [{ afterSeconds: 1, channelIds: ['oncall'] }], quietHours: { start: '25:00', end: '07:00', zone: 'UTC' } }] }))
      .toEqual(['use a 24-hour time such as 22:00']);
    expect(messages({ channels: [{ ...hook, url: 'ftp://files.city.invalid/x' }] })).toEqual(['expected a web address starting with http:// or https://']);
  });
});
