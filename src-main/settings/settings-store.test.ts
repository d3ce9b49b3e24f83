import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings, SettingsSchema } from '../../src-shared/settings/schema';
import { describeSettingsProblem } from '../../src-shared/settings/settings-problem';
import { migrateSettings } from './settings-migrations';
import { loadSettings, readSettingsFile, saveSettings, SETTINGS_FILE, startableSettings } from './settings-store';

const fresh = () => mkdtempSync(join(tmpdir(), 'sw-settings-'));
/** A production setup: Kafka and PostgreSQL, nothing like the simulator defaults. */
const production = SettingsSchema.parse({
  activeProfileId: 'city',
  profiles: [{ id: 'city', name: 'City Kafka', source: { kind: 'kafka', brokers: ['kafka.city.invalid:9092'], topics: ['readings'] }, database: { kind: 'postgres', url: 'postgres://sw@db.city.invalid/sw' } }],
});

describe('settings file', () => {
  it('starts with defaults when there is no file', () => {
    expect(loadSettings(fresh())).toEqual({ settings: defaultSettings(), notice: null, problem: null });
  });

  it('round-trips saved settings', () => {
    const dir = fresh();
    const settings = { ...defaultSettings(), operator: 'Ada', ui: { theme: 'light' as const, tileUrl: null } };
    saveSettings(dir, settings);
    expect(loadSettings(dir)).toEqual({ settings, notice: null, problem: null });
  });

  it.each([
    ['one invalid value', { ...production, windows: { ...production.windows, sizesMs: [0] } }, 'windows.sizesMs[0]', /Too small/],
    ['a schema violation', { version: 1, profiles: [] }, 'profiles', /at least 1|>=1/],
    ['a newer version', { ...production, version: 9 }, 'version', /newer Stationwatch \(version 9/],
    ['broken JSON', '{"version": 1, "profiles": [', null, /not valid JSON/],
    ['not an object', '[1,2,3]', null, /does not hold a settings object/],
  ])('never replaces a faulty file (%s) with defaults: it stays as it was, the problem names the field, nothing runs', (_what, content, field, message) => {
    const dir = fresh();
    const path = join(dir, SETTINGS_FILE);
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    writeFileSync(path, text);
    const before = statSync(path).mtimeMs;
    const loaded = loadSettings(dir);
    expect(loaded.problem).toEqual({ file: path, field, message: expect.stringMatching(message), fallback: 'none' });
    // Untouched, and nothing written beside it: no defaults on disk for the next start to pick up.
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(statSync(path).mtimeMs).toBe(before);
    expect(readdirSync(dir)).toEqual([SETTINGS_FILE]);
    // Start-up refuses with the field named, rather than running the simulator defaults.
    expect(() => startableSettings(loaded, () => undefined)).toThrow(field === null ? /Configuration error: the settings file .* cannot be used/ : `has an invalid value at “${field}”`);
    // The next start sees the same problem.
    expect(loadSettings(dir).problem).toEqual(loaded.problem);
  });

  it('falls back to the last good settings, with a notice naming the field, and leaves the faulty file as it is', () => {
    const dir = fresh();
    const path = join(dir, SETTINGS_FILE);
    saveSettings(dir, production);
    expect(readFileSync(`${path}.last-good`, 'utf8')).toBe(readFileSync(path, 'utf8'));
    const faulty = JSON.stringify({ ...production, windows: { ...production.windows, sizesMs: [0] } });
    writeFileSync(path, faulty);
    const loaded = loadSettings(dir);
    expect(loaded.settings).toEqual(production);
    expect(loaded.problem).toMatchObject({ field: 'windows.sizesMs[0]', fallback: 'last-good' });
    const warnings: string[] = [];
    expect(startableSettings(loaded, (text) => warnings.push(text)).settings.profiles[0]?.source.kind).toBe('kafka');
    expect(warnings).toEqual([describeSettingsProblem(loaded.problem!)]);
    expect(warnings[0]).toMatch(/invalid value at “windows\.sizesMs\[0\]”.*runs on the last good settings \(.*settings\.json\.last-good\)/);
    expect(readFileSync(path, 'utf8')).toBe(faulty);
    // A faulty last-good file is no stand-in either.
    writeFileSync(`${path}.last-good`, '{"version": 1, "profiles": []}');
    expect(loadSettings(dir).problem?.fallback).toBe('none');
  });

  it('remembers a valid file found at start as the last good one', () => {
    const dir = fresh();
    const path = join(dir, SETTINGS_FILE);
    writeFileSync(path, JSON.stringify(production));
    expect(loadSettings(dir).problem).toBeNull();
    expect(JSON.parse(readFileSync(`${path}.last-good`, 'utf8'))).toEqual(production);
  });

  it('migrates a version 0 file and writes it back as the current version', () => {
    const dir = fresh();
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ operator: 'Grace', source: { kind: 'simulator', stations: 30 }, database: { kind: 'memory' }, notify: { enabled: false } }));
    const loaded = loadSettings(dir);
    expect(loaded.notice).toBe('Settings were upgraded from version 0.');
    expect(loaded.settings.version).toBe(1);
    expect(loaded.settings.operator).toBe('Grace');
    expect(loaded.settings.profiles).toHaveLength(1);
    expect(loaded.settings.profiles[0]).toMatchObject({ id: 'default', source: { kind: 'simulator', stations: 30 }, database: { kind: 'memory' } });
    expect(loaded.settings.notifications.enabled).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8')).version).toBe(1);
    expect(existsSync(join(dir, `${SETTINGS_FILE}.tmp`))).toBe(false);
  });

  it('reads a hand-written file (headless --config) strictly: an invalid one throws naming it and stays as it was', () => {
    const dir = fresh();
    const path = join(dir, 'stationwatch.json');
    writeFileSync(path, JSON.stringify({ profiles: [] }));
    expect(() => readSettingsFile(path)).toThrow(`${path} is not valid settings:`);
    expect(readdirSync(dir)).toEqual(['stationwatch.json']);
    writeFileSync(path, JSON.stringify({ operator: 'Ada', ui: { theme: 'light' } }));
    expect(readSettingsFile(path)).toEqual({ settings: { ...defaultSettings(), operator: 'Ada', ui: { theme: 'light', tileUrl: null } }, notice: null });
  });

  it('runs a migration table step by step and refuses gaps and downgrades', () => {
    const steps = [(raw: Record<string, unknown>) => ({ ...raw, a: 1 }), (raw: Record<string, unknown>) => ({ ...raw, b: (raw.a as number) + 1 })];
    expect(migrateSettings({ version: 0 }, steps, 2)).toEqual({ settings: { version: 2, a: 1, b: 2 }, fromVersion: 0 });
    expect(migrateSettings({ version: 1, a: 5 }, steps, 2).settings).toEqual({ version: 2, a: 5, b: 6 });
    expect(() => migrateSettings({ version: 0 }, steps.slice(0, 1), 2)).toThrow('No migration from settings version 1.');
    expect(() => migrateSettings({ version: 3 }, steps, 2)).toThrow('newer Stationwatch');
  });
});
