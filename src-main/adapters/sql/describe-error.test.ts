import { describe, expect, it } from 'vitest';
import { describeDatabaseError } from './describe-error';

describe('describeDatabaseError', () => {
  it('names a refused connection with its address', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5433 });
    expect(describeDatabaseError(error)).toEqual({ message: 'connection refused at 127.0.0.1:5433', isRetryable: true });
  });

  it('unwraps the AggregateError Node reports after trying several addresses', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5433 });
    const error = new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED', address: '::1', port: 5433 }), inner], '');
    expect(describeDatabaseError(error).message).toBe('connection refused at 127.0.0.1:5433');
  });

  it('keeps the server message for authentication failures and keeps retrying', () => {
    const error = Object.assign(new Error('password authentication failed for user "alice"'), { code: '28P01' });
    expect(describeDatabaseError(error)).toEqual({ message: 'password authentication failed for user "alice"', isRetryable: true });
  });

  it('marks data errors as not retryable', () => {
    expect(describeDatabaseError(Object.assign(new Error('value too long'), { code: '22001' })).isRetryable).toBe(false);
    expect(describeDatabaseError(Object.assign(new Error('syntax error'), { code: '42601' })).isRetryable).toBe(false);
  });

  it('treats server shutdown and missing passwords as outages', () => {
    expect(describeDatabaseError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })).isRetryable).toBe(true);
    expect(describeDatabaseError(new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string')).message).toMatch(/asks for a password/);
  });

  it('uses the target when the error has no address', () => {
    expect(describeDatabaseError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), 'db.city.local:5432').message).toBe('connection timed out at db.city.local:5432');
  });
});
