import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src-shared/settings/schema';
import { migrateSettings } from './settings-migrations';
import { loadSettings, readSettingsFile, saveSettings, SETTINGS_FILE } from './settings-store';

const NOW = Date.UTC(2026, 10, 23, 10, 15, 0);
const fresh = () => mkdtempSync(join(tmpdir(), 'sw-settings-'));

describe('settings file', () => {
  it('starts with defaults when there is no file', () => {
    expect(loadSettings(fresh(), NOW)).toEqual({ settings: defaultSettings(), notice: null });
  });

  it('round-trips saved settings', () => {
    const dir = fresh();
    const settings = { ...defaultSettings(), operator: 'Ada', ui: { theme: 'light' as const, tileUrl: null } };
    saveSettings(dir, settings);
    expect(loadSettings(dir, NOW)).toEqual({ settings, notice: null });
  });

  it.each([
    ['broken JSON', '{"version": 1, "profiles": ['],
    ['a schema violation', JSON.stringify({ version: 1, profiles: [] })],
    ['not an object', '[1,2,3]'],
    ['a newer version', JSON.stringify({ version: 9 })],
  ])('recovers from %s: backup, defaults, visible notice', (_what, content) => {
    const dir = fresh();
    writeFileSync(join(dir, SETTINGS_FILE), content);
    const loaded = loadSettings(dir, NOW);
    expect(loaded.settings).toEqual(defaultSettings());
    const backup = readdirSync(dir).find((f) => f.startsWith(`${SETTINGS_FILE}.corrupt-`));
    expect(backup).toBe('settings.json.corrupt-2026-11-23T10-15-00-000Z');
    expect(readFileSync(join(dir, backup!), 'utf8')).toBe(content);
    expect(loaded.notice).toContain('Defaults were restored');
    expect(loaded.notice).toContain(backup);
    // The replacement file is valid: the next start is quiet.
    expect(loadSettings(dir, NOW + 1).notice).toBeNull();
  });

  it('migrates a version 0 file and writes it back as the current version', () => {
    const dir = fresh();
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ operator: 'Grace', source: { kind: 'simulator', stations: 30 }, database: { kind: 'memory' }, notify: { enabled: false } }));
    const loaded = loadSettings(dir, NOW);
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
