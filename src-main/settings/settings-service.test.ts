import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecretName } from '../../src-shared/ipc/contract';
import { defaultSettings, KafkaSourceSchema, SettingsSchema, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import type { Profile, Settings } from '../../src-shared/settings/schema';
import { readOnlySecrets, secretStatuses } from './secret-source';
import type { SecretSource } from './secret-source';
import { SettingsService } from './settings-service';
import { loadSettingsFile, readSettingsFile } from './settings-store';

const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'sw-owner-')), 'settings.json');
const kafka = KafkaSourceSchema.parse({ kind: 'kafka', brokers: ['kafka.city.invalid:9092'], topics: ['readings'] });

function withProfiles(profiles: readonly Profile[], activeProfileId = profiles[0]!.id): Settings {
  return SettingsSchema.parse({ activeProfileId, profiles });
}

/** Headless mode's kind of source: secrets read from a fixed map, none kept. */
function environment(values: Record<string, Partial<Record<SecretName, string>>> = {}): SecretSource {
  return readOnlySecrets(() => values, ({ profileId, name }) => `set SECRET_${profileId}_${name} and restart the server`);
}

function owner(file: string | null, settings: Settings = defaultSettings(), secrets: SecretSource = environment()): SettingsService {
  return new SettingsService({ file, loaded: { settings, notice: null }, secrets });
}

const sim: Profile = { id: 'sim', name: 'Simulator', source: SimulatorSourceSchema.parse({ kind: 'simulator' }), database: { kind: 'memory' } };

describe('settings owner', () => {
  it('writes every save atomically to an owner-only file that the next start reads back', () => {
    const file = fresh();
    writeFileSync(file, JSON.stringify(defaultSettings()), { mode: 0o644 });
    const before = statSync(file).ino;
    // A temp file left by a crash in the middle of an earlier write does not matter.
    writeFileSync(`${file}.tmp`, '{"half": ');
    const settings = { ...defaultSettings(), operator: 'Ada', ui: { theme: 'light' as const, tileUrl: null } };
    owner(file).save({ settings, secrets: {} });
    // Replaced by a rename (a new inode), never rewritten in place where a crash could leave half a file.
    expect(statSync(file).ino).not.toBe(before);
    expect(existsSync(`${file}.tmp`)).toBe(false);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSettingsFile(file)).toEqual({ settings, notice: null, problem: null });
    expect(readSettingsFile(file)).toEqual({ settings, notice: null });
  });

  it('keeps the rule list it has: a settings save never rewrites rules', () => {
    const file = fresh();
    const inForce = defaultSettings().rules.filter((r) => r.kind !== 'stale');
    const service = owner(file, { ...defaultSettings(), rules: inForce });
    const change = service.save({ settings: { ...defaultSettings(), ui: { theme: 'light', tileUrl: null } }, secrets: {} });
    expect(change.next.rules).toEqual(inForce);
    expect(service.settings.rules).toEqual(inForce);
    expect(readSettingsFile(file).settings.rules).toEqual(inForce);
  });

  it('restarts the engine for the active profile, its source, database or scenario, and engine-wide settings only', () => {
    const base = withProfiles([sim, { id: 'city', name: 'City', source: kafka, database: { kind: 'memory' } }]);
    const restarts = (edit: (s: Settings) => Settings): boolean => owner(null, base).save({ settings: edit(base), secrets: {} }).needsEngineRestart;
    const editSim = (edit: (p: Profile) => Profile) => (s: Settings): Settings => ({ ...s, profiles: s.profiles.map((p) => (p.id === 'sim' ? edit(p) : p)) });
    expect(restarts((s) => ({ ...s, ui: { theme: 'light', tileUrl: null } }))).toBe(false);
    expect(restarts((s) => ({ ...s, operator: 'night shift', notifications: { ...s.notifications, enabled: false } }))).toBe(false);
    expect(restarts((s) => ({ ...s, profiles: s.profiles.map((p) => (p.id === 'city' ? { ...p, name: 'City (renamed)' } : p)) }))).toBe(false);
    expect(restarts((s) => ({ ...s, activeProfileId: 'city' }))).toBe(true);
    expect(restarts(editSim((p) => ({ ...p, source: kafka })))).toBe(true);
    expect(restarts(editSim((p) => ({ ...p, database: { kind: 'pglite', dir: null } })))).toBe(true);
    expect(restarts(editSim((p) => ({ ...p, source: SimulatorSourceSchema.parse({ kind: 'simulator', scenarios: [{ kind: 'heatwave' }] }) })))).toBe(true);
    expect(restarts((s) => ({ ...s, store: { ...s.store, rawReadings: true } }))).toBe(true);
  });

  it('keeps no secret in a read-only source and says where the secret comes from instead', () => {
    const file = fresh();
    const city: Profile = { id: 'city', name: 'City Kafka', source: { ...kafka, sasl: { mechanism: 'scram-sha-512', username: 'sw' } }, database: { kind: 'memory' } };
    const service = owner(file, withProfiles([sim, city]));
    const typed = service.save({ settings: withProfiles([sim, city], 'city'), secrets: { city: { saslPassword: 'typed-pw-5d1e' } } });
    expect(typed.notes).toEqual(['This server keeps no secrets, so the SASL password for “City Kafka” was not saved: set SECRET_city_saslPassword and restart the server.']);
    expect(readFileSync(file, 'utf8')).not.toContain('typed-pw-5d1e');
    expect(service.view().secrets.city?.saslPassword).toBe(false);
    // Nothing typed, still missing: the active profile cannot connect without it.
    expect(service.save({ settings: service.settings, secrets: {} }).notes).toEqual(['Profile “City Kafka” needs a SASL password and none is set: set SECRET_city_saslPassword and restart the server.']);
    // Provided by the environment: nothing to say, and the status shows it set.
    const provided = owner(null, withProfiles([sim, city], 'city'), environment({ city: { saslPassword: 'from-env' } }));
    expect(provided.save({ settings: provided.settings, secrets: {} }).notes).toEqual([]);
    expect(provided.view().secrets.city?.saslPassword).toBe(true);
    expect(provided.secretsForTest(city, { tlsCa: 'typed-ca' })).toEqual({ secrets: { saslPassword: 'from-env', tlsCa: 'typed-ca' }, withheld: [] });
  });

  it('shows a load notice once, ahead of what a save has to say', () => {
    const service = new SettingsService({ file: null, loaded: { settings: defaultSettings(), notice: 'Settings were upgraded from version 0.' }, secrets: environment() });
    expect(service.view('The engine restarted with profile “Simulator”.').notice).toBe('Settings were upgraded from version 0. The engine restarted with profile “Simulator”.');
    expect(service.view().notice).toBeNull();
  });

  it('says which file could not be written, and keeps the settings in force', () => {
    const service = owner(join(fresh(), 'missing-dir', 'settings.json'));
    expect(() => service.save({ settings: { ...defaultSettings(), operator: 'Ada' }, secrets: {} })).toThrow(/^The settings could not be saved to .*missing-dir/);
    expect(service.settings.operator).toBeNull();
  });
});

describe('secret status', () => {
  it('has one rule for both sources: a non-empty string is set', () => {
    expect(secretStatuses(['a', 'b'], { a: { saslPassword: 'x', tlsCa: '' } })).toEqual({
      a: { saslPassword: true, tlsCa: false, tlsCert: false, tlsKey: false, databasePassword: false, smtpPassword: false, webhookToken: false },
      b: { saslPassword: false, tlsCa: false, tlsCert: false, tlsKey: false, databasePassword: false, smtpPassword: false, webhookToken: false },
    });
  });
});
