/**
 * The webhook channel: one JSON POST per notification over node:http / node:https (so the timeout and
 * the self-signed option are per request). Any 2xx is success; anything else is a failure in words.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { WebhookChannel } from '../../../src-shared/settings/escalation';
import type { NotificationBody } from './notification-message';
import { describeDeliveryError, describeHttpStatus } from './notify-errors';
import type { DeliveryFailure } from './notify-errors';
import { DeliveryError } from './send-with-retries';

/** Keep at most this much of an error answer, for the log. */
const MAX_ANSWER_BYTES = 2_000;

/** Posts `body` once; throws a DeliveryError (status in words) or the socket's error. */
export function postWebhook(channel: WebhookChannel, body: NotificationBody, token: string | null): Promise<void> {
  const url = new URL(channel.url);
  if (channel.authorization === 'bearer' && token === null) {
    return Promise.reject(new DeliveryError({ message: `channel “${channel.name}” sends a bearer token, but no webhook token is stored for this profile`, isRetryable: false }));
  }
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(payload.length),
    'user-agent': 'Stationwatch',
    ...(body.key === null ? {} : { 'idempotency-key': body.key }),
    ...(channel.authorization === 'bearer' && token !== null ? { authorization: `Bearer ${token}` } : {}),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<void>((resolve, reject) => {
    const req = send(url, { method: 'POST', headers, timeout: channel.timeoutMs, rejectUnauthorized: !channel.allowSelfSigned }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new DeliveryError(withAnswer(describeHttpStatus(status, res.statusMessage ?? ''), Buffer.concat(chunks).toString('utf8'))));
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`timed out after ${channel.timeoutMs} ms`), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Plain words for a webhook error (status errors arrive already described). */
export function describeWebhookError(channel: WebhookChannel, error: unknown): DeliveryFailure {
  return error instanceof DeliveryError ? error.failure : describeDeliveryError(error, new URL(channel.url).host, channel.timeoutMs);
}

function withAnswer(failure: DeliveryFailure, answer: string): DeliveryFailure {
  const text = answer.replace(/\s+/g, ' ').trim().slice(0, 200);
  return text === '' ? failure : { ...failure, message: `${failure.message}: “${text}”` };
}
