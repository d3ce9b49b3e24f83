/**
 * Sending through a configured channel, whatever its kind, with retries; and the channel's test
 * button (one attempt, the outcome in a sentence).
 */
import type { Channel } from '../../../src-shared/settings/escalation';
import { describeEmailError, sendEmail } from './email-sender';
import type { MessageContext, Notification } from './notification-message';
import { testNotification } from './notification-message';
import { sendWithRetries } from './send-with-retries';
import type { DeliveryResult, RetryOptions } from './send-with-retries';
import { describeWebhookError, postWebhook } from './webhook-sender';

/** The profile secrets channels use; null when not stored. */
export interface ChannelSecrets {
  readonly smtpPassword: string | null;
  readonly webhookToken: string | null;
}

/** What a channel's test button shows. */
export interface ChannelTestResult {
  readonly isOk: boolean;
  readonly message: string;
}

/** Sends `notification` through `channel`, retrying as the channel says. */
export function deliver(channel: Channel, notification: Notification, secrets: ChannelSecrets, options: Omit<RetryOptions, 'retries' | 'retryDelayMs'>): Promise<DeliveryResult> {
  const retry = { ...options, retries: channel.retries, retryDelayMs: channel.retryDelayMs };
  switch (channel.kind) {
    case 'webhook':
      return sendWithRetries(() => postWebhook(channel, notification.body, secrets.webhookToken), (e) => describeWebhookError(channel, e), retry);
    case 'email':
      return sendWithRetries(() => sendEmail(channel, notification, secrets.smtpPassword), (e) => describeEmailError(channel, e), retry);
    default: {
      const unknown: never = channel;
      throw new Error(`Unknown channel kind in ${JSON.stringify(unknown)}`);
    }
  }
}

/** Sends one test message (no retries) and says how it went. */
export async function testChannel(channel: Channel, secrets: ChannelSecrets, context: Omit<MessageContext, 'stationName'>): Promise<ChannelTestResult> {
  const notification = testNotification(channel.name, { ...context, stationName: null });
  const result = await deliver({ ...channel, retries: 0 }, notification, secrets, { now: () => context.now });
  const where = channel.kind === 'webhook' ? channel.url : `${channel.to.join(', ')} via ${channel.host}:${channel.port}`;
  return result.isOk
    ? { isOk: true, message: `The test message for “${channel.name}” was sent to ${where}.` }
    : { isOk: false, message: `The test message for “${channel.name}” was not sent: ${result.error ?? 'unknown error'}.` };
}
