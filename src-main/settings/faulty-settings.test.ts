/**
 * A settings file that cannot be used, end to end through the settings owner and its router (the path the
 * desktop and headless mode share): nothing runs on defaults, every client hears which field is wrong, the
 * file is never overwritten without a copy, and the last good settings stand in when there are any.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RequestName } from '../../src-shared/ipc/contract';
import { ContractError } from '../../src-shared/ipc/contract-error';
import { SettingsSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import type { EngineHandle, EngineOptions } from '../engine/engine-api';
import { readOnlySecrets } from './secret-source';
import { createSettingsRouter } from './settings-router';
import type { RestartableEngine } from './settings-router';
import { SettingsService } from './settings-service';
import { loadSettingsFile, saveSettings, SETTINGS_FILE } from './settings-store';

const NOW = Date.UTC(2026, 10, 23, 10, 15, 0);

/** Records what the host is asked to do: which options it was (re)started with, which requests reached it. */
class RecordingEngine implements RestartableEngine {
  readonly starts: EngineOptions[] = [];
  readonly requests: RequestName[] = [];
  async restart(options: EngineOptions): Promise<void> {
    this.starts.push(options);
  }
  request: EngineHandle['request'] = async (name) => {
    this.requests.push(name);
    return null as never;
  };
  subscribe: EngineHandle['subscribe'] = () => () => undefined;
  stop: EngineHandle['stop'] = async () => null;
}

const production = SettingsSchema.parse({
  activeProfileId: 'city',
  profiles: [{ id: 'city', name: 'City Kafka', source: { kind: 'kafka', brokers: ['kafka.city.invalid:9092'], topics: ['readings'] }, database: { kind: 'postgres', url: 'postgres://sw@db.city.invalid/sw' } }],
});
const faulty = JSON.stringify({ ...production, windows: { ...production.windows, sizesMs: [0] } });

function open(dir: string) {
  const file = join(dir, SETTINGS_FILE);
  const owner = new SettingsService({ file, loaded: loadSettingsFile(file), secrets: readOnlySecrets(() => ({}), () => 'set it in the environment'), clock: () => NOW });
  const engine = new RecordingEngine();
  const engineOptions = (): EngineOptions => ({ settings: owner.settings, secrets: owner.secretValues(), dataDir: dir, operator: 'duty' });
  return { file, owner, engine, route: createSettingsRouter({ engine, settings: owner, engineOptions }) };
}

describe('a faulty settings file', () => {
  it('with nothing to stand in: no engine, every request refused naming the field, and a save keeps a copy, starts the engine and ends the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-faulty-'));
    writeFileSync(join(dir, SETTINGS_FILE), faulty);
    const { file, owner, engine, route } = open(dir);
    expect(owner.canStartEngine).toBe(false);
    const view = await route('settings:get', {});
    expect(view.problem).toMatchObject({ file, field: 'windows.sizesMs[0]', fallback: 'none' });
    // Shown for as long as it lasts, not once like a notice.
    expect((await route('settings:get', {})).problem).toEqual(view.problem);
    for (const name of ['pipeline:status', 'alarms:list', 'rules:list'] as const) {
      const refused = await route(name, {} as never).then(() => null, (error: unknown) => error);
      expect(refused).toBeInstanceOf(ContractError);
      expect(refused).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/invalid value at “windows\.sizesMs\[0\]”.*not processing any data/) });
    }
    expect(engine.requests).toEqual([]);
    expect(engine.starts).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(faulty);

    // The operator fixes it in the dialog (here: saves the production settings).
    const saved = await route('settings:save', { settings: production, secrets: {} });
    const copy = join(dir, 'settings.json.invalid-2026-11-23T10-15-00-000Z');
    expect(readFileSync(copy, 'utf8')).toBe(faulty);
    expect(saved.notice).toContain(`The faulty settings file was kept as ${copy}.`);
    expect(saved.problem).toBeNull();
    expect(engine.starts.map((o) => o.settings.profiles[0]?.source.kind)).toEqual(['kafka']);
    expect(loadSettingsFile(file)).toEqual({ settings: { ...production, rules: owner.settings.rules }, notice: null, problem: null });
    expect(existsSync(`${file}.last-good`)).toBe(true);
    await route('pipeline:status', {});
    expect(engine.requests).toEqual(['pipeline:status']);
  });

  it('with a last good file: runs on it, says so, and a save keeps a copy of the faulty file before replacing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-faulty-'));
    saveSettings(dir, production);
    writeFileSync(join(dir, SETTINGS_FILE), faulty);
    const { file, owner, route, engine } = open(dir);
    expect(owner.canStartEngine).toBe(true);
    expect(owner.settings).toEqual(production);
    expect((await route('settings:get', {})).problem).toMatchObject({ field: 'windows.sizesMs[0]', fallback: 'last-good' });
    await route('rules:list', {});
    expect(engine.requests).toEqual(['rules:list']);
    const renamed: Settings = { ...production, operator: 'night shift' };
    await route('settings:save', { settings: renamed, secrets: {} });
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.invalid-2026-11-23T10-15-00-000Z', 'settings.json.last-good']);
    expect(readFileSync(join(dir, 'settings.json.invalid-2026-11-23T10-15-00-000Z'), 'utf8')).toBe(faulty);
    expect(loadSettingsFile(file).settings.operator).toBe('night shift');
    expect(owner.problem).toBeNull();
  });
});
