import { describe, expect, it } from 'vitest';
import { EscalationSettingsSchema } from '../../src-shared/settings/escalation';
import { escalationProblems, firstEscalationProblem, freeId, newEmailChannel, newPolicy, newWebhookChannel, parseRecipients } from './escalation-ops';

const valid = EscalationSettingsSchema.parse({
  channels: [
    { kind: 'webhook', id: 'oncall', name: 'On call', url: 'https://hooks.example.invalid/a' },
    { kind: 'email', id: 'chief', name: 'Chief', host: 'smtp.example.invalid', from: 'sw@example.invalid', to: ['chief@example.invalid'] },
  ],
  policies: [{ id: 'heat', name: 'Heat', steps: [{ afterSeconds: 300, channelIds: ['oncall'] }] }],
});

describe('escalation editor helpers', () => {
  it('finds nothing wrong with valid settings', () => {
    expect(escalationProblems(valid).size).toBe(0);
    expect(firstEscalationProblem(valid)).toBeNull();
  });

  it('says in plain words what is wrong, keyed by the field', () => {
    const broken = {
      ...valid,
      channels: [{ ...valid.channels[0]!, url: 'ftp://x' }, { ...valid.channels[1]!, port: Number.NaN, to: ['chief@example.invalid', 'not an address'] }],
      policies: [{ ...valid.policies[0]!, severities: [], steps: [{ afterSeconds: 300, channelIds: ['gone'] }] }],
    } as typeof valid;
    const problems = escalationProblems(broken);
    expect(problems.get('channels.0.url')).toBe('The web address must start with http:// or https://.');
    expect(problems.get('channels.1.port')).toBe('The port must be a whole number from 1 to 65535.');
    expect(problems.get('channels.1.to')).toBe('List at least one recipient, each an email address.');
    expect(problems.get('policies.0.severities')).toBe('Choose at least one severity.');
    expect(problems.get('policies.0.steps.0.channelIds')).toBe('Step 1 sends to channel “gone”, which does not exist.');
    expect(firstEscalationProblem(broken)).toBe('Escalation channel “On call”: The web address must start with http:// or https://.');
  });

  it('gives new channels and policies free ids and leaves the addresses to fill in', () => {
    expect(freeId('webhook', ['webhook', 'webhook-2'])).toBe('webhook-3');
    const hook = newWebhookChannel(valid.channels);
    expect(hook).toMatchObject({ kind: 'webhook', id: 'webhook', url: '', retries: 3 });
    const mail = newEmailChannel([...valid.channels, { ...valid.channels[1]!, id: 'email' }]);
    expect(mail).toMatchObject({ kind: 'email', id: 'email-2', host: '', port: 587, security: 'starttls', to: [] });
    const policy = newPolicy(valid);
    expect(policy.steps).toEqual([{ afterSeconds: 300, channelIds: ['oncall'] }, { afterSeconds: 900, channelIds: ['chief'] }]);
    expect(escalationProblems({ ...valid, policies: [...valid.policies, policy] }).size).toBe(0);
    // The empty address of a new channel is reported, so Save stays blocked until it is filled in.
    expect(escalationProblems({ ...valid, channels: [...valid.channels, hook] }).get('channels.2.url')).toBe('The web address must start with http:// or https://.');
  });

  it('reads recipients separated by commas, semicolons or spaces', () => {
    expect(parseRecipients(' a@example.invalid, b@example.invalid;c@example.invalid  d@example.invalid,')).toEqual(['a@example.invalid', 'b@example.invalid', 'c@example.invalid', 'd@example.invalid']);
  });
});
