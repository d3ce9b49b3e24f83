import { describe, expect, it } from 'vitest';
import { clientErrorCode, ContractError, ERROR_CODES, errorCodeOf, isErrorCode } from './contract-error';
import { fromEnvelope, fromErrorBody, toEnvelope, toErrorBody } from './envelope';
import type { Envelope } from './envelope';
import { decodeWire, encodeWire } from './wire';
import type { ServerMessage } from './wire';

/** What crossing a process does to an envelope: structured clone (Electron IPC, the engine) or JSON (the wire). */
function cross(envelope: Envelope): Envelope[] {
  const wired = decodeWire<ServerMessage>(encodeWire({ t: 'res', id: 1, ...envelope }));
  return [structuredClone(envelope), wired as Envelope];
}

describe('ContractError', () => {
  it('is an Error with a code and its own name', () => {
    const error = new ContractError('forbidden', 'A viewer token cannot alarms:ack.');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ContractError', code: 'forbidden', message: 'A viewer token cannot alarms:ack.' });
  });

  it('knows every code, and reads the code of anything thrown', () => {
    for (const code of ERROR_CODES) expect(isErrorCode(code)).toBe(true);
    expect(isErrorCode('ENOENT')).toBe(false);
    expect(errorCodeOf(new ContractError('timeout', 'slow'))).toBe('timeout');
    expect(errorCodeOf(Object.assign(new Error('No alarm x.'), { code: 'not-found' }))).toBe('not-found');
    expect(errorCodeOf(Object.assign(new Error('disk'), { code: 'ENOSPC' }))).toBe('failed');
    expect(errorCodeOf('a string')).toBe('failed');
    expect(errorCodeOf(null)).toBe('failed');
  });

  it('tells clients "unavailable" for every engine-host supervision code', () => {
    for (const code of ['unavailable', 'timeout', 'engine-restarted', 'engine-stopped', 'init-failed', 'init-timeout', 'engine-exited'] as const) expect(clientErrorCode(code)).toBe('unavailable');
    for (const code of ['invalid-arguments', 'forbidden', 'unauthorized', 'not-found', 'not-implemented', 'failed'] as const) expect(clientErrorCode(code)).toBe(code);
  });
});

describe('envelope', () => {
  it('round-trips a result, typed arrays included, over clone and wire', async () => {
    const result = { ts: new Float64Array([1, 2.5]), name: 'st-01' };
    const envelope = await toEnvelope(async () => result);
    expect(envelope).toEqual({ ok: true, result });
    for (const crossed of cross(envelope)) expect(fromEnvelope(crossed)).toEqual(result);
  });

  it('round-trips a ContractError: same class, code and message on the other side', async () => {
    const envelope = await toEnvelope(async () => {
      throw new ContractError('invalid-arguments', 'Invalid arguments for alarms:ack: alarmId');
    });
    expect(envelope).toEqual({ ok: false, error: { code: 'invalid-arguments', message: 'Invalid arguments for alarms:ack: alarmId' } });
    for (const crossed of cross(envelope)) {
      const error = (() => {
        try {
          fromEnvelope(crossed);
        } catch (thrown) {
          return thrown;
        }
        throw new Error('fromEnvelope did not throw');
      })();
      expect(error).toBeInstanceOf(ContractError);
      expect(error).toMatchObject({ code: 'invalid-arguments', message: 'Invalid arguments for alarms:ack: alarmId' });
    }
  });

  it('settles a synchronous throw, a plain Error and a non-Error too', async () => {
    expect(
      await toEnvelope(() => {
        throw new Error('boom');
      }),
    ).toEqual({ ok: false, error: { code: 'failed', message: 'boom' } });
    expect(await toEnvelope(() => Promise.reject('just text'))).toEqual({ ok: false, error: { code: 'failed', message: 'just text' } });
    expect(toErrorBody(new ContractError('engine-restarted', 'The engine restarted; try again.'))).toEqual({ code: 'unavailable', message: 'The engine restarted; try again.' });
  });

  it('maps a code this version does not know, arriving from the wire, to "failed" and keeps the message', () => {
    const error = fromErrorBody({ code: 'quota-exceeded' as never, message: 'Too many requests.' });
    expect(error).toMatchObject({ name: 'ContractError', code: 'failed', message: 'Too many requests.' });
    expect(fromErrorBody({ code: 'forbidden', message: '' }).message).toBe('forbidden');
  });
});
