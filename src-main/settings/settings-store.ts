/**
 * The settings file (settings.json in the desktop's userData or headless mode's data directory, or
 * headless mode's --config file): versioned, migrated, validated with SettingsSchema on load, written
 * atomically and owner-only. Secrets never live here (see secret-source.ts).
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultSettings, SettingsSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { writeFileAtomically } from './atomic-file';
import { migrateSettings } from './settings-migrations';

export const SETTINGS_FILE = 'settings.json';

/** Loaded settings plus a one-time notice ("defaults restored, backup at …"), or null. */
export interface LoadedSettings {
  readonly settings: Settings;
  readonly notice: string | null;
}

/** `dir`/settings.json through loadSettingsFile. */
export function loadSettings(dir: string, now: number): LoadedSettings {
  return loadSettingsFile(join(dir, SETTINGS_FILE), now);
}

/**
 * Load, migrate and validate the app's own settings file; recovers from a corrupt one: it is kept as
 * `<path>.corrupt-<time>` (`now` names it) and replaced by defaults, with a notice for the UI.
 */
export function loadSettingsFile(path: string, now: number): LoadedSettings {
  if (!existsSync(path)) return { settings: defaultSettings(), notice: null };
  let problem: string;
  try {
    const { settings, fromVersion } = parseSettings(readFileSync(path, 'utf8'));
    if (fromVersion !== settings.version) writeSettingsFile(path, settings);
    return { settings, notice: upgradeNotice(fromVersion, settings) };
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const backup = `${path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, backup);
  const settings = defaultSettings();
  writeSettingsFile(path, settings);
  return { settings, notice: `The settings file could not be read (${firstLine(problem)}). Defaults were restored; the old file was kept as ${backup}.` };
}

/**
 * Load a settings file someone wrote by hand (headless mode's --config): migrated in memory without a
 * notice (such files often leave out `version`), written in the current version by the next save. A
 * file that is missing or invalid throws with the reason, leaving the file as it is.
 */
export function readSettingsFile(path: string): LoadedSettings {
  const text = readFileSync(path, 'utf8');
  let parsed: { settings: Settings; fromVersion: number };
  try {
    parsed = parseSettings(text);
  } catch (error) {
    throw new Error(`${path} is not valid settings:\n${error instanceof Error ? error.message : String(error)}`);
  }
  return { settings: parsed.settings, notice: null };
}

/** `dir`/settings.json through writeSettingsFile. */
export function saveSettings(dir: string, settings: Settings): Settings {
  return writeSettingsFile(join(dir, SETTINGS_FILE), settings);
}

/** Validate and write atomically and owner-only (writeFileAtomically). Throws on invalid settings. */
export function writeSettingsFile(path: string, settings: Settings): Settings {
  const valid = SettingsSchema.parse(settings);
  writeFileAtomically(path, `${JSON.stringify(valid, null, 2)}\n`);
  return valid;
}

function parseSettings(text: string): { settings: Settings; fromVersion: number } {
  const raw: unknown = JSON.parse(text);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('The file does not hold a settings object.');
  const { settings, fromVersion } = migrateSettings(raw as Record<string, unknown>);
  const parsed = SettingsSchema.safeParse(settings);
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  return { settings: parsed.data, fromVersion };
}

function upgradeNotice(fromVersion: number, settings: Settings): string | null {
  return fromVersion !== settings.version ? `Settings were upgraded from version ${fromVersion}.` : null;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
