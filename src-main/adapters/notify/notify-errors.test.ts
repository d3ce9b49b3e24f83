import { describe, expect, it } from 'vitest';
import { describeDeliveryError, describeHttpStatus } from './notify-errors';

describe('delivery errors in words', () => {
  it('HTTP statuses: words, hints, and which ones are worth a retry', () => {
    expect(describeHttpStatus(500, '')).toEqual({ message: 'the receiver answered 500 Internal Server Error', isRetryable: true });
    expect(describeHttpStatus(429, 'Too Many Requests').isRetryable).toBe(true);
    expect(describeHttpStatus(401, 'Unauthorized')).toEqual({ message: 'the receiver answered 401 Unauthorized — check the webhook token', isRetryable: false });
    expect(describeHttpStatus(404, '')).toEqual({ message: 'the receiver answered 404 Not Found — check the address', isRetryable: false });
    expect(describeHttpStatus(418, '')).toEqual({ message: 'the receiver answered 418 an error', isRetryable: false });
  });

  it('socket, DNS, timeout and SMTP errors', () => {
    expect(describeDeliveryError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), '127.0.0.1:9', 1000)).toEqual({ message: 'nothing accepts connections there (connection refused) at 127.0.0.1:9', isRetryable: true });
    expect(describeDeliveryError(Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' }), 'h:25', 1000).message).toBe('nothing accepts connections there (connection refused) at h:25');
    expect(describeDeliveryError(Object.assign(new Error('getaddrinfo ENOTFOUND x.invalid'), { code: 'ENOTFOUND' }), 'x.invalid', 1000).message).toBe('the host name was not found (DNS) at x.invalid');
    expect(describeDeliveryError(Object.assign(new Error('timed out after 500 ms'), { name: 'TimeoutError' }), 'h:1', 2500)).toEqual({ message: 'no answer from h:1 within 2.5 s', isRetryable: true });
    expect(describeDeliveryError(Object.assign(new Error('Invalid login'), { code: 'EAUTH', response: '535 5.7.8 Authentication credentials invalid' }), 'mx:587', 1000)).toEqual({ message: 'the mail server mx:587 refused the user name or password (535 5.7.8 Authentication credentials invalid)', isRetryable: false });
    expect(describeDeliveryError(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:9'), { code: 'ECONNREFUSED' })]), 'localhost:9', 1000).message).toBe('nothing accepts connections there (connection refused) at localhost:9');
    expect(describeDeliveryError('weird', 'h:1', 1000)).toEqual({ message: 'sending to h:1 failed: weird', isRetryable: true });
  });
});
