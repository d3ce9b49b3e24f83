import { describe, expect, it } from 'vitest';
import { describeDatabaseError } from './describe-error';
import { NewerSchemaError } from './migrate';

describe('describeDatabaseError', () => {
  it('names a refused connection with its address', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5433 });
    expect(describeDatabaseError(error)).toEqual({ message: 'connection refused at 127.0.0.1:5433', kind: 'unreachable' });
  });

  it('unwraps the AggregateError Node reports after trying several addresses', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5433 });
    const error = new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED', address: '::1', port: 5433 }), inner], '');
    expect(describeDatabaseError(error).message).toBe('connection refused at 127.0.0.1:5433');
  });

  it('keeps the server message for authentication failures and keeps retrying', () => {
    const error = Object.assign(new Error('password authentication failed for user "alice"'), { code: '28P01' });
    expect(describeDatabaseError(error)).toEqual({ message: 'password authentication failed for user "alice"', kind: 'unreachable' });
  });

  it('waits on a schema newer than this build knows, as on a database away, also as the embedded worker passes it (message and code only)', () => {
    const error = new NewerSchemaError(14, 13);
    const described = { message: error.message, kind: 'unreachable' };
    expect(describeDatabaseError(error)).toEqual(described);
    expect(describeDatabaseError(Object.assign(new Error(error.message), { code: error.code }))).toEqual(described);
    expect(error.message).toBe('the database was last migrated by a newer Stationwatch (schema version 14; this build knows up to 13), so this build does not write to it: use that newer build, or another database');
  });

  it("marks data errors as the write's own fault", () => {
    expect(describeDatabaseError(Object.assign(new Error('value too long'), { code: '22001' })).kind).toBe('invalid');
    expect(describeDatabaseError(Object.assign(new Error('syntax error'), { code: '42601' })).kind).toBe('invalid');
    expect(describeDatabaseError(Object.assign(new Error('integer out of range'), { code: '22003' })).kind).toBe('invalid');
  });

  it('gives statement timeouts, deadlocks and errors without a SQLSTATE bounded retries, not endless ones', () => {
    expect(describeDatabaseError(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })).kind).toBe('uncertain');
    expect(describeDatabaseError(Object.assign(new Error('deadlock detected'), { code: '40P01' })).kind).toBe('uncertain');
    expect(describeDatabaseError(Object.assign(new Error('could not read block'), { code: 'XX001' })).kind).toBe('uncertain');
    // pg's own query_timeout, and any driver error with no code at all.
    expect(describeDatabaseError(new Error('Query read timeout')).kind).toBe('uncertain');
    expect(describeDatabaseError(new Error('boom')).kind).toBe('uncertain');
    expect(describeDatabaseError('a thrown string')).toEqual({ message: 'a thrown string', kind: 'uncertain' });
  });

  it('keeps a lost or never-made connection an outage, retried without limit', () => {
    for (const message of ['Connection terminated unexpectedly', 'timeout exceeded when trying to connect', 'Client has encountered a connection error and is not queryable', 'embedded database worker exited (code 1)']) {
      expect(describeDatabaseError(new Error(message)).kind).toBe('unreachable');
    }
    expect(describeDatabaseError(Object.assign(new Error('the database system is starting up'), { code: '57P03' })).kind).toBe('unreachable');
    expect(describeDatabaseError(Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' })).kind).toBe('unreachable');
  });

  it('treats server shutdown and missing passwords as outages', () => {
    expect(describeDatabaseError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })).kind).toBe('unreachable');
    expect(describeDatabaseError(new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string')).message).toMatch(/asks for a password/);
  });

  it('uses the target when the error has no address', () => {
    expect(describeDatabaseError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), 'db.city.local:5432').message).toBe('connection timed out at db.city.local:5432');
  });
});
