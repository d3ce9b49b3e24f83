/**
 * The settings file (userData/settings.json): versioned, migrated, validated with SettingsSchema on
 * load. A file that cannot be read as settings is kept as settings.json.corrupt-<time> and replaced by
 * defaults, with a notice for the UI. Secrets never live here (see secret-store.ts).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultSettings, SettingsSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { migrateSettings } from './settings-migrations';

export const SETTINGS_FILE = 'settings.json';

/** Loaded settings plus a one-time notice ("defaults restored, backup at …"), or null. */
export interface LoadedSettings {
  readonly settings: Settings;
  readonly notice: string | null;
}

/** Load, migrate and validate; recovers from a corrupt file. `now` names the backup. */
export function loadSettings(dir: string, now: number): LoadedSettings {
  const path = join(dir, SETTINGS_FILE);
  if (!existsSync(path)) return { settings: defaultSettings(), notice: null };
  let problem: string;
  try {
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('The file does not hold a settings object.');
    const { settings, fromVersion } = migrateSettings(raw as Record<string, unknown>);
    const parsed = SettingsSchema.safeParse(settings);
    if (parsed.success) {
      if (fromVersion !== parsed.data.version) saveSettings(dir, parsed.data);
      return { settings: parsed.data, notice: fromVersion !== parsed.data.version ? `Settings were upgraded from version ${fromVersion}.` : null };
    }
    problem = z.prettifyError(parsed.error);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const backup = `${path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, backup);
  const settings = defaultSettings();
  saveSettings(dir, settings);
  return { settings, notice: `The settings file could not be read (${firstLine(problem)}). Defaults were restored; the old file was kept as ${backup}.` };
}

/** Validate and write atomically (temp file + rename). Throws on invalid settings. */
export function saveSettings(dir: string, settings: Settings): Settings {
  const valid = SettingsSchema.parse(settings);
  const path = join(dir, SETTINGS_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
  return valid;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
