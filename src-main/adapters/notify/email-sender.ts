/**
 * The email channel: one message over SMTP with nodemailer. 'tls' is TLS from the first byte (port
 * 465), 'starttls' upgrades a plain connection and refuses to go on without it, 'none' never
 * upgrades. The password is the profile secret `smtpPassword`.
 */
import nodemailer from 'nodemailer';
import type { EmailChannel } from '../../../src-shared/settings/escalation';
import type { Notification } from './notification-message';
import { describeDeliveryError } from './notify-errors';
import type { DeliveryFailure } from './notify-errors';
import { DeliveryError } from './send-with-retries';

/** Sends `notification` once to every recipient of the channel; throws nodemailer's error or a DeliveryError. */
export async function sendEmail(channel: EmailChannel, notification: Notification, password: string | null): Promise<void> {
  if (channel.username !== null && password === null) {
    throw new DeliveryError({ message: `channel “${channel.name}” logs in as ${channel.username}, but no SMTP password is stored for this profile`, isRetryable: false });
  }
  const transport = nodemailer.createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.security === 'tls',
    requireTLS: channel.security === 'starttls',
    ignoreTLS: channel.security === 'none',
    connectionTimeout: channel.timeoutMs,
    greetingTimeout: channel.timeoutMs,
    socketTimeout: channel.timeoutMs,
    tls: { rejectUnauthorized: !channel.allowSelfSigned },
    ...(channel.username !== null && password !== null ? { auth: { user: channel.username, pass: password } } : {}),
  });
  try {
    await transport.sendMail({
      from: channel.from,
      to: channel.to.join(', '),
      subject: notification.subject,
      text: notification.text,
      headers: notification.body.key === null ? {} : { 'X-Stationwatch-Key': notification.body.key },
    });
  } finally {
    transport.close();
  }
}

/** Plain words for an SMTP error. */
export function describeEmailError(channel: EmailChannel, error: unknown): DeliveryFailure {
  return error instanceof DeliveryError ? error.failure : describeDeliveryError(error, `${channel.host}:${channel.port}`, channel.timeoutMs);
}
