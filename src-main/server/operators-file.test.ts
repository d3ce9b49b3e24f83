import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callerFor, completeTokens } from './access';
import { operatorsFromEnv, parseOperators } from './operators-file';

const TOKEN_A = 'a'.repeat(24);
const TOKEN_B = 'b'.repeat(30);

describe('the named operators file', () => {
  it('reads names and tokens, names trimmed', () => {
    expect(parseOperators(JSON.stringify([{ name: ' Ana de Vries ', token: TOKEN_A }, { name: 'Bram', token: TOKEN_B }]))).toEqual([
      { name: 'Ana de Vries', token: TOKEN_A },
      { name: 'Bram', token: TOKEN_B },
    ]);
  });

  it.each([
    ['not JSON', '{', 'not valid JSON'],
    ['an object instead of a list', '{"name":"Ana"}', 'JSON array'],
    ['a short token', JSON.stringify([{ name: 'Ana', token: 'short' }]), 'entry 1: token: a token has at least 24 characters'],
    ['a token with a space', JSON.stringify([{ name: 'Ana', token: `${TOKEN_A} x` }]), 'printable ASCII without spaces'],
    ['an empty name', JSON.stringify([{ name: '  ', token: TOKEN_A }]), 'entry 1: name: a name is required'],
    ['a name twice', JSON.stringify([{ name: 'Ana', token: TOKEN_A }, { name: 'ana', token: TOKEN_B }]), 'entry 2: the name "ana" is listed twice'],
    ['a token twice', JSON.stringify([{ name: 'Ana', token: TOKEN_A }, { name: 'Bram', token: TOKEN_A }]), 'entry 2 (Bram): this token is already in use'],
  ])('refuses %s with a message naming the problem', (_, text, message) => {
    expect(() => parseOperators(text)).toThrow(message);
  });

  it('refuses a token equal to the shared operator or viewer token', () => {
    expect(() => parseOperators(JSON.stringify([{ name: 'Ana', token: TOKEN_A }]), { viewer: TOKEN_A })).toThrow('already in use');
  });

  it('is read from the owner-only file STATIONWATCH_OPERATORS_FILE names, and a readable-by-others one is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-operators-'));
    const path = join(dir, 'operators.json');
    writeFileSync(path, JSON.stringify([{ name: 'Ana', token: TOKEN_A }]));
    chmodSync(path, 0o600);
    expect(operatorsFromEnv({ STATIONWATCH_OPERATORS_FILE: path }, {})).toEqual([{ name: 'Ana', token: TOKEN_A }]);
    expect(operatorsFromEnv({}, {})).toEqual([]);
    chmodSync(path, 0o644);
    expect(() => operatorsFromEnv({ STATIONWATCH_OPERATORS_FILE: path }, {})).toThrow('STATIONWATCH_OPERATORS_FILE: ');
  });
});

describe('callerFor', () => {
  const tokens = completeTokens({ viewer: 'viewer-token', operator: 'shared-token', named: [{ name: 'Ana', token: TOKEN_A }] });

  it('names the person behind a named token; shared tokens name nobody', () => {
    expect(callerFor(tokens, TOKEN_A)).toEqual({ role: 'operator', person: 'Ana' });
    expect(callerFor(tokens, 'shared-token')).toEqual({ role: 'operator', person: null });
    expect(callerFor(tokens, 'viewer-token')).toEqual({ role: 'viewer', person: null });
    expect(callerFor(tokens, `${TOKEN_A}a`)).toBeNull();
    expect(callerFor(tokens, null)).toBeNull();
    expect(callerFor(null, null)).toEqual({ role: 'operator', person: null });
  });
});
