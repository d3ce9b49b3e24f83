/**
 * The escalation editor's pure helpers: new channels and policies with the schema's defaults, the
 * recipients text, and the schema's findings turned into sentences an operator can act on.
 */
import { EmailChannelSchema, EscalationPolicySchema, EscalationSettingsSchema, WebhookChannelSchema } from '../../src-shared/settings/escalation';
import type { Channel, EscalationPolicy, EscalationSettings } from '../../src-shared/settings/escalation';

/** A profile's escalation settings as the editor holds them (never undefined). */
export function escalationOf(settings: EscalationSettings | undefined): EscalationSettings {
  return settings ?? { channels: [], policies: [], linkBaseUrl: null };
}

/** An id not yet taken among `taken`: `base`, else `base-2`, `base-3` … */
export function freeId(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

/** A webhook channel to fill in (its address empty, so the editor asks for one). */
export function newWebhookChannel(channels: readonly Channel[]): Channel {
  const id = freeId('webhook', channels.map((c) => c.id));
  return { ...WebhookChannelSchema.parse({ kind: 'webhook', id, name: 'Webhook', url: 'https://hooks.example.invalid/stationwatch' }), url: '' };
}

/** An email channel to fill in: port 587 with STARTTLS, as most mail servers take submissions. */
export function newEmailChannel(channels: readonly Channel[]): Channel {
  const id = freeId('email', channels.map((c) => c.id));
  return { ...EmailChannelSchema.parse({ kind: 'email', id, name: 'Email', host: 'smtp.example.invalid', from: 'stationwatch@example.invalid', to: ['duty@example.invalid'] }), host: '', from: '', to: [] };
}

/** A policy as the issue describes it: critical alarms, on call after 5 minutes, a second channel after 15. */
export function newPolicy(settings: EscalationSettings): EscalationPolicy {
  const id = freeId('policy', settings.policies.map((p) => p.id));
  const [first, second] = settings.channels;
  const steps = [{ afterSeconds: 300, channelIds: first === undefined ? [] : [first.id] }];
  if (second !== undefined) steps.push({ afterSeconds: 900, channelIds: [second.id] });
  return { ...EscalationPolicySchema.parse({ id, name: 'Critical alarms', steps: [{ afterSeconds: 300, channelIds: ['x'] }] }), steps };
}

/** Recipients typed as text: separated by commas, semicolons or spaces. */
export function parseRecipients(text: string): string[] {
  return text.split(/[,;\s]+/).filter((part) => part !== '');
}

/** One finding, keyed by where it is: 'channels.0.url', 'policies.1.steps.0.channelIds', 'linkBaseUrl'. */
export type EscalationProblems = ReadonlyMap<string, string>;

const FIELD_WORDS: Readonly<Record<string, string>> = {
  id: 'The id may use letters, digits, dot, dash or underscore (at most 100).',
  name: 'The name is empty.',
  url: 'The web address must start with http:// or https://.',
  host: 'The SMTP server name is empty.',
  port: 'The port must be a whole number from 1 to 65535.',
  from: 'The sender is not an email address.',
  to: 'List at least one recipient, each an email address.',
  username: 'The user name is empty: clear it for a server without login.',
  timeoutMs: 'The time-out must be 0.1 to 120 seconds.',
  retries: 'Retries must be a whole number from 0 to 10.',
  retryDelayMs: 'The first retry wait must be 0.01 to 60 seconds.',
  afterSeconds: 'The delay must be a number of minutes from 0 to 7 days.',
  channelIds: 'Choose at least one channel for this step.',
  steps: 'A policy needs at least one step (at most 10).',
  severities: 'Choose at least one severity.',
  start: 'Use a 24-hour time such as 22:00.',
  end: 'Use a 24-hour time such as 07:00.',
  linkBaseUrl: 'The link address must start with http:// or https://.',
};

/** Every finding of the schema in plain words, by path; empty when the settings can be saved. */
export function escalationProblems(settings: EscalationSettings): EscalationProblems {
  const parsed = EscalationSettingsSchema.safeParse(settings);
  const problems = new Map<string, string>();
  if (parsed.success) return problems;
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String);
    // Recipients are checked one by one: name the address, not its index.
    const field = path[0] === 'channels' && path[2] === 'to' ? 'to' : (path.filter((p) => !/^\d+$/.test(p)).pop() ?? '');
    const key = field === 'to' ? path.slice(0, 3).join('.') : path.join('.');
    if (problems.has(key)) continue;
    problems.set(key, issue.code === 'custom' ? issue.message : (FIELD_WORDS[field] ?? issue.message));
  }
  // The schema checks references only once every field parses; the editor says it at once.
  const channelIds = new Set(settings.channels.map((c) => c.id));
  settings.policies.forEach((policy, index) => policy.steps.forEach((step, stepIndex) => {
    const missing = step.channelIds.find((id) => !channelIds.has(id));
    if (missing !== undefined) problems.set(`policies.${index}.steps.${stepIndex}.channelIds`, `Step ${stepIndex + 1} sends to channel “${missing}”, which does not exist.`);
  }));
  return problems;
}

/** The first finding as one sentence naming the channel or policy it concerns, or null. */
export function firstEscalationProblem(settings: EscalationSettings): string | null {
  const [entry] = escalationProblems(settings);
  if (entry === undefined) return null;
  const [key, message] = entry;
  const [list, index] = key.split('.');
  if (list === 'channels') return `Escalation channel “${settings.channels[Number(index)]?.name ?? index}”: ${message}`;
  if (list === 'policies') return `Escalation policy “${settings.policies[Number(index)]?.name ?? index}”: ${message}`;
  return `Escalation: ${message}`;
}
