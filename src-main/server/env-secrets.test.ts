import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src-shared/settings/schema';
import { readOwnerOnlyFile, secretEnvName, secretsFromEnv, tokensFromEnv } from './env-secrets';

const dir = mkdtempSync(join(tmpdir(), 'sw-secrets-'));
function secretFile(name: string, content: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

describe('headless secrets', () => {
  it('reads owner-only files and refuses readable ones', () => {
    expect(readOwnerOnlyFile(secretFile('ok', 'hunter2\n', 0o600), 'linux')).toBe('hunter2');
    expect(() => readOwnerOnlyFile(secretFile('open', 'hunter2', 0o644), 'linux')).toThrow('readable by others (mode 644); run chmod 600');
  });

  it('takes tokens from the environment or owner-only files', () => {
    expect(tokensFromEnv({ STATIONWATCH_VIEWER_TOKEN: 'v' })).toEqual({ viewer: 'v' });
    expect(tokensFromEnv({ STATIONWATCH_OPERATOR_TOKEN_FILE: secretFile('op', 'o-token\n', 0o400) })).toEqual({ operator: 'o-token' });
    expect(() => tokensFromEnv({ STATIONWATCH_OPERATOR_TOKEN_FILE: secretFile('op2', 'x', 0o640) })).toThrow('readable by others');
    expect(tokensFromEnv({ STATIONWATCH_INGEST_TOKEN: 'i' })).toEqual({ ingest: 'i' });
    expect(tokensFromEnv({ STATIONWATCH_INGEST_TOKEN_FILE: secretFile('in', 'i-token\n', 0o600) })).toEqual({ ingest: 'i-token' });
  });

  it('names profile secrets predictably and collects them', () => {
    expect(secretEnvName('city-kafka', 'saslPassword')).toBe('STATIONWATCH_SECRET_CITY_KAFKA_SASL_PASSWORD');
    const profiles = defaultSettings().profiles;
    expect(secretsFromEnv({ STATIONWATCH_SECRET_DEFAULT_DATABASE_PASSWORD: 'pg-pass', UNRELATED: 'x' }, profiles)).toEqual({ default: { databasePassword: 'pg-pass' } });
    expect(secretsFromEnv({}, profiles)).toEqual({});
  });
});
