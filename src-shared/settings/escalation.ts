/**
 * Escalation beyond the screen: outbound notification channels (a webhook, email over SMTP) and the
 * policies that route unacknowledged alarms to them after a delay. Secrets (the SMTP password, the
 * webhook bearer token) are not here: they are profile secrets (`smtpPassword`, `webhookToken`).
 */
import { z } from 'zod';
import { SeveritySchema } from '../domain/rules';

const IdSchema = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, dot, dash or underscore');

const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'expected a web address starting with http:// or https://' });

/** Delivery limits shared by every channel kind. */
const DeliveryLimits = {
  /** One attempt gives up after this long. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** Attempts after the first one fails; each waits an exponential backoff first. */
  retries: z.number().int().min(0).max(10).default(3),
  /** Wait before the first retry; doubles per retry up to 60 s. */
  retryDelayMs: z.number().int().min(10).max(60_000).default(2_000),
};

/** A JSON POST to any URL (chat tools, paging services); body documented in adapters/notify/notification-message.ts. */
export const WebhookChannelSchema = z.object({
  kind: z.literal('webhook'),
  id: IdSchema,
  name: z.string().trim().min(1).max(100),
  url: HttpUrlSchema,
  /** 'bearer' sends `Authorization: Bearer <profile secret webhookToken>`. */
  authorization: z.enum(['none', 'bearer']).default('none'),
  /** Accept a self-signed HTTPS certificate (test rigs only). */
  allowSelfSigned: z.boolean().default(false),
  ...DeliveryLimits,
});
export type WebhookChannel = z.infer<typeof WebhookChannelSchema>;

/** Email over SMTP; the password is the profile secret `smtpPassword`. */
export const EmailChannelSchema = z.object({
  kind: z.literal('email'),
  id: IdSchema,
  name: z.string().trim().min(1).max(100),
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65_535).default(587),
  /** 'tls': TLS from the first byte (usually port 465); 'starttls': plain then upgraded, refused if the server cannot; 'none': plain text. */
  security: z.enum(['none', 'starttls', 'tls']).default('starttls'),
  allowSelfSigned: z.boolean().default(false),
  /** null: no login. */
  username: z.string().min(1).max(320).nullable().default(null),
  from: z.email(),
  to: z.array(z.email()).min(1).max(50),
  ...DeliveryLimits,
});
export type EmailChannel = z.infer<typeof EmailChannelSchema>;

export const ChannelSchema = z.discriminatedUnion('kind', [WebhookChannelSchema, EmailChannelSchema]);
export type Channel = z.infer<typeof ChannelSchema>;

const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use a 24-hour time such as 22:00');

/** An IANA zone name the runtime knows (Europe/Amsterdam, UTC). */
export const ZoneSchema = z.string().min(1).superRefine((zone, ctx) => {
  if (!isKnownZone(zone)) ctx.addIssue({ code: 'custom', message: `“${zone}” is not a time zone this computer knows (use an IANA name such as Europe/Amsterdam)` });
});

/**
 * A daily local-time window (it may span midnight: 22:00–07:00) during which only the listed
 * severities go out; other steps wait until the window ends and go out then if the alarm still needs it.
 */
export const QuietHoursSchema = z.object({
  start: ClockTimeSchema,
  end: ClockTimeSchema,
  zone: ZoneSchema,
  allowSeverities: z.array(SeveritySchema).default(['critical']),
});
export type QuietHours = z.infer<typeof QuietHoursSchema>;

/** After `afterSeconds` unacknowledged since activation, notify every channel listed. */
export const EscalationStepSchema = z.object({
  afterSeconds: z.number().min(0).max(7 * 86_400),
  channelIds: z.array(IdSchema).min(1).max(20),
});
export type EscalationStep = z.infer<typeof EscalationStepSchema>;

/** Which alarms a policy escalates (by severity, and optionally only some rules) and its steps. */
export const EscalationPolicySchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().default(true),
  severities: z.array(SeveritySchema).min(1).default(['critical']),
  /** null: every rule (and system alarms) of those severities. */
  ruleIds: z.array(z.string().min(1)).nullable().default(null),
  steps: z.array(EscalationStepSchema).min(1).max(10),
  quietHours: QuietHoursSchema.nullable().default(null),
});
export type EscalationPolicy = z.infer<typeof EscalationPolicySchema>;

export const EscalationSettingsSchema = z
  .object({
    channels: z.array(ChannelSchema).max(50).default([]),
    policies: z.array(EscalationPolicySchema).max(50).default([]),
    /** Base address for the "open in Stationwatch" link in messages (headless mode's URL); null: no link. */
    linkBaseUrl: HttpUrlSchema.nullable().default(null),
  })
  .superRefine((settings, ctx) => {
    const channelIds = new Set<string>();
    settings.channels.forEach((channel, index) => {
      if (channelIds.has(channel.id)) ctx.addIssue({ code: 'custom', path: ['channels', index, 'id'], message: `Two channels are named “${channel.id}”; channel ids must differ` });
      channelIds.add(channel.id);
    });
    const policyIds = new Set<string>();
    settings.policies.forEach((policy, index) => {
      if (policyIds.has(policy.id)) ctx.addIssue({ code: 'custom', path: ['policies', index, 'id'], message: `Two policies are named “${policy.id}”; policy ids must differ` });
      policyIds.add(policy.id);
      policy.steps.forEach((step, stepIndex) => {
        for (const id of step.channelIds) {
          if (!channelIds.has(id)) ctx.addIssue({ code: 'custom', path: ['policies', index, 'steps', stepIndex, 'channelIds'], message: `Policy “${policy.name}” step ${stepIndex + 1} sends to channel “${id}”, which does not exist` });
        }
      });
    });
  });
export type EscalationSettings = z.infer<typeof EscalationSettingsSchema>;

/** No channels, no policies: nothing leaves the screen. */
export const NO_ESCALATION: EscalationSettings = { channels: [], policies: [], linkBaseUrl: null };

function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
