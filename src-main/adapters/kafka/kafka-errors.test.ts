import { describe, expect, it } from 'vitest';
import { KafkaSourceSchema } from '../../../src-shared/settings/schema';
import { errorCode, errorMessage, kafkaProblem, tlsProblem } from './kafka-errors';

const profile = KafkaSourceSchema.parse({ kind: 'kafka', brokers: ['k1:9093'], topics: ['readings'], sasl: { mechanism: 'scram-sha-256', username: 'ops' } });

function error(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

describe('kafkaProblem', () => {
  it('explains a rejected login with the mechanism, and marks it as not retriable', () => {
    const p = kafkaProblem(error('KafkaJSSASLAuthenticationError', 'SASL SCRAM SHA256 authentication failed: invalid credentials'), profile);
    expect(p.hint).toBe('The broker rejected the user name or password (SCRAM-SHA-256). Check the credentials or the mechanism.');
    expect(p.isAuth).toBe(true);
  });

  it('treats a refused connection as retriable', () => {
    const p = kafkaProblem(error('KafkaJSConnectionError', 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', { code: 'ECONNREFUSED' }), profile);
    expect(p.isAuth).toBe(false);
    expect(p.hint).toContain('cannot be reached');
  });

  it('finds the code of a nested cause (retries exceeded → TLS failure)', () => {
    const inner = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    const outer = error('KafkaJSNumberOfRetriesExceeded', 'Connection error: self-signed certificate in certificate chain', { cause: inner });
    expect(errorCode(outer)).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    const p = kafkaProblem(outer, profile);
    expect(p.isAuth).toBe(true);
    expect(p.hint).toContain('not signed by the CA');
  });

  it('explains a missing topic and authorization failures', () => {
    expect(kafkaProblem(error('KafkaJSProtocolError', 'This server does not host this topic-partition', { type: 'UNKNOWN_TOPIC_OR_PARTITION' }), profile).hint).toContain('does not exist');
    expect(kafkaProblem(error('KafkaJSProtocolError', 'Not authorized to access topics', { type: 'TOPIC_AUTHORIZATION_FAILED' }), profile).isAuth).toBe(true);
  });

  it('falls back to pointing at the connection test', () => {
    expect(kafkaProblem(new Error('something odd'), profile).hint).toContain('connection test');
    expect(kafkaProblem('plain string', profile).detail).toBe('plain string');
  });
});

describe('tlsProblem', () => {
  it('names hostname mismatch, expiry and a plaintext port', () => {
    expect(tlsProblem(Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'k1:9093').hint).toContain('not issued for the name');
    expect(tlsProblem(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }), 'k1:9093').hint).toContain('validity period');
    expect(tlsProblem(Object.assign(new Error('Client network socket disconnected before secure TLS connection was established'), { code: 'ECONNRESET' }), 'k1:9092').hint).toContain('plaintext port');
  });
});

describe('errorMessage', () => {
  it('appends the cause when it adds something', () => {
    expect(errorMessage(Object.assign(new Error('outer'), { cause: new Error('inner') }))).toBe('outer: inner');
    expect(errorMessage(Object.assign(new Error('outer: inner'), { cause: new Error('inner') }))).toBe('outer: inner');
  });
});

describe('errorCode', () => {
  it('prefers the kafkajs error type over its numeric code, and ignores non-string codes', () => {
    expect(errorCode(Object.assign(new Error('coordinator not available'), { code: 15, type: 'COORDINATOR_NOT_AVAILABLE' }))).toBe('COORDINATOR_NOT_AVAILABLE');
    expect(errorCode(Object.assign(new Error('odd'), { code: 15 }))).toBeNull();
    expect(kafkaProblem(Object.assign(new Error('odd'), { code: 15 }), profile).hint).toContain('connection test');
    expect(kafkaProblem(Object.assign(new Error('The coordinator is not available'), { code: 15, type: 'COORDINATOR_NOT_AVAILABLE' }), profile).hint).toContain('coordinator is not ready yet');
  });
});
