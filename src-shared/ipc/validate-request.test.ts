import { describe, expect, it } from 'vitest';
import { validateRequest } from './validate-request';

const outOfService = (args: Record<string, unknown>) => () => validateRequest('alarms:outOfService', { stationId: 'st-07', outOfService: true, ...args });

describe("alarms:outOfService's arguments", () => {
  it('accepts ordinary ids, a null metric, and a multi-line comment of up to 500 characters', () => {
    expect(outOfService({ comment: 'sensor swap\nback tomorrow' })()).toEqual({ stationId: 'st-07', metric: null, outOfService: true, comment: 'sensor swap\nback tomorrow' });
    expect(outOfService({ stationId: 'Zürich-Höngg 😀', metric: 'noise_level', comment: 'x'.repeat(500) })()).toMatchObject({ stationId: 'Zürich-Höngg 😀', metric: 'noise_level' });
  });

  it.each([
    ['a NUL in the station id', { stationId: 'st\u000007' }, /station id contains control character U\+0000/],
    ['an empty station id', { stationId: '' }, /station id is empty/],
    ['a station id longer than 128 characters', { stationId: 'x'.repeat(129) }, /station id is 129 characters long/],
    ['a station id with a leading space', { stationId: ' st-07' }, /station id starts or ends with a space/],
    ['a direction-changing character in the station id', { stationId: 'st-\u202e70' }, /station id contains invisible or direction-changing character U\+202E/],
    ['a lone surrogate in the metric', { metric: 'temp\ud800' }, /metric contains a lone surrogate/],
    ['a comment longer than 500 characters', { comment: 'x'.repeat(501) }, /comment is 501 characters long \(max 500\)/],
    ['a NUL in the comment', { comment: 'a\u0000b' }, /comment contains control character U\+0000/],
    ['a tab in the comment', { comment: 'a\tb' }, /comment contains control character U\+0009/],
    ['a carriage return in the comment', { comment: 'a\r\nb' }, /comment contains control character U\+000D/],
    ['an escape sequence in the comment', { comment: '\u001b[31mred' }, /comment contains control character U\+001B/],
    ['a C1 control in the comment', { comment: 'a\u0085b' }, /comment contains control character U\+0085/],
  ])('refuses %s', (_name, args, message) => {
    expect(outOfService(args)).toThrow(expect.objectContaining({ code: 'invalid-arguments', message: expect.stringMatching(message) }));
  });
});

describe('what a refusal repeats of the input (found by the server fuzz)', () => {
  it('quotes an unknown request name in full when short, and only its start when huge', () => {
    expect(() => validateRequest('nope:nothing' as never, {})).toThrow(expect.objectContaining({ code: 'invalid-arguments', message: 'Unknown request "nope:nothing".' }));
    const refusal = (() => {
      try {
        validateRequest('x'.repeat(1_000_000) as never, {});
      } catch (error) {
        return error as Error;
      }
      return null;
    })();
    expect(refusal?.message).toMatch(/^Unknown request "x{99}… \(1000002 characters\)\.$/);
  });

  it('refuses an alarm id longer than a rule id, "@" and a station id', () => {
    const id = `${'r'.repeat(64)}@${'s'.repeat(128)}`;
    expect(validateRequest('alarms:ack', { alarmId: id })).toMatchObject({ alarmId: id });
    for (const name of ['alarms:ack', 'alarms:unshelve'] as const) {
      expect(() => validateRequest(name, { alarmId: `${id}x` })).toThrow(expect.objectContaining({ code: 'invalid-arguments', message: expect.stringContaining('alarmId') }));
    }
    expect(() => validateRequest('alarms:shelve', { alarmId: `${id}x`, reason: 'r', until: 1 })).toThrow(expect.objectContaining({ code: 'invalid-arguments' }));
  });

  it('lists the problems of many wrong elements only in part', () => {
    const refusal = (() => {
      try {
        validateRequest('quality:flags', { stationIds: Array.from({ length: 45 }, (_, i) => i), metric: 'pm10', from: 0, to: 1 });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(refusal?.message.length).toBeLessThan(2000);
    expect(refusal?.message).toMatch(/^Invalid arguments for quality:flags: .*… \(\d+ problems in all\)$/s);
  });
});
