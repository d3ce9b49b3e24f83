/**
 * The settings file (settings.json in the desktop's userData or headless mode's data directory, or
 * headless mode's --config file): versioned, migrated, validated with SettingsSchema on load, written
 * atomically and owner-only. Secrets never live here (see secret-source.ts).
 *
 * A file that cannot be used is never replaced by defaults (that once switched a production install to
 * the simulator without a word): it is left as it is, the settings last loaded or saved without fault
 * (`settings.json.last-good`) are used instead if there are any, and the problem names the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultSettings, SettingsSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { describeSettingsProblem, LAST_GOOD_SUFFIX } from '../../src-shared/settings/settings-problem';
import type { SettingsProblem } from '../../src-shared/settings/settings-problem';
import { writeFileAtomically } from './atomic-file';
import { migrateSettings } from './settings-migrations';

export const SETTINGS_FILE = 'settings.json';

/** Loaded settings plus a one-time notice ("Settings were upgraded …"), and the problem when the file cannot be used. */
export interface LoadedSettings {
  /** In force: the file's, else the last good ones, else defaults for the dialog only (problem.fallback 'none': nothing runs). */
  readonly settings: Settings;
  readonly notice: string | null;
  /** Absent or null when the file was used. */
  readonly problem?: SettingsProblem | null;
}

/** `dir`/settings.json through loadSettingsFile. */
export function loadSettings(dir: string): LoadedSettings {
  return loadSettingsFile(join(dir, SETTINGS_FILE));
}

/**
 * Load, migrate and validate the app's own settings file, and remember it as the last good one. A file
 * that cannot be used stays as it is: the last good settings stand in if there are any, and `problem`
 * says which field is wrong.
 */
export function loadSettingsFile(path: string): LoadedSettings {
  if (!existsSync(path)) return { settings: defaultSettings(), notice: null, problem: null };
  let parsed: ParsedSettings;
  try {
    parsed = parseSettings(readFileSync(path, 'utf8'));
  } catch (error) {
    parsed = { isValid: false, field: null, message: error instanceof Error ? error.message : String(error), detail: '' };
  }
  if (parsed.isValid) {
    const { settings, fromVersion } = parsed;
    if (fromVersion !== settings.version) writeSettingsFile(path, settings);
    else keepLastGood(path, settings);
    return { settings, notice: upgradeNotice(fromVersion, settings), problem: null };
  }
  const lastGood = readLastGood(path);
  const problem: SettingsProblem = { file: path, field: parsed.field, message: firstLine(parsed.message), fallback: lastGood !== null ? 'last-good' : 'none' };
  return { settings: lastGood ?? defaultSettings(), notice: null, problem };
}

/**
 * For a start that needs settings in force (headless mode): the loaded settings, or a throw that says
 * what is wrong when nothing can stand in for a faulty file. `warn` hears about a last-good stand-in.
 */
export function startableSettings(loaded: LoadedSettings, warn: (text: string) => void): LoadedSettings {
  const problem = loaded.problem ?? null;
  if (problem === null) return loaded;
  if (problem.fallback === 'none') throw new Error(describeSettingsProblem(problem, true));
  warn(describeSettingsProblem(problem));
  return loaded;
}

/**
 * Load a settings file someone wrote by hand (headless mode's --config): migrated in memory without a
 * notice (such files often leave out `version`), written in the current version by the next save. A
 * file that is missing or invalid throws with the reason, leaving the file as it is.
 */
export function readSettingsFile(path: string): LoadedSettings {
  const parsed = parseSettings(readFileSync(path, 'utf8'));
  if (!parsed.isValid) throw new Error(`${path} is not valid settings:\n${parsed.detail || parsed.message}`);
  return { settings: parsed.settings, notice: null };
}

/** `dir`/settings.json through writeSettingsFile. */
export function saveSettings(dir: string, settings: Settings): Settings {
  return writeSettingsFile(join(dir, SETTINGS_FILE), settings);
}

/** Validate and write atomically and owner-only (writeFileAtomically), and keep it as the last good file. Throws on invalid settings. */
export function writeSettingsFile(path: string, settings: Settings): Settings {
  const valid = SettingsSchema.parse(settings);
  writeFileAtomically(path, settingsText(valid));
  keepLastGood(path, valid);
  return valid;
}

type ParsedSettings =
  | { readonly isValid: true; readonly settings: Settings; readonly fromVersion: number }
  /** `field` and `message` name the first fault; `detail` lists them all (empty when there is one message). */
  | { readonly isValid: false; readonly field: string | null; readonly message: string; readonly detail: string };

function parseSettings(text: string): ParsedSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { isValid: false, field: null, message: `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`, detail: '' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { isValid: false, field: null, message: 'The file does not hold a settings object.', detail: '' };
  let migrated: ReturnType<typeof migrateSettings>;
  try {
    migrated = migrateSettings(raw as Record<string, unknown>);
  } catch (error) {
    return { isValid: false, field: 'version', message: error instanceof Error ? error.message : String(error), detail: '' };
  }
  const parsed = SettingsSchema.safeParse(migrated.settings);
  if (parsed.success) return { isValid: true, settings: parsed.data, fromVersion: migrated.fromVersion };
  const [first, ...others] = parsed.error.issues;
  const more = others.length > 0 ? ` (and ${others.length} more)` : '';
  return { isValid: false, field: fieldPath(first?.path ?? []), message: `${first?.message ?? 'invalid'}${more}`, detail: z.prettifyError(parsed.error) };
}

/** "windows.sizesMs[0]", as z.prettifyError writes a path; null for the whole object. */
function fieldPath(path: readonly PropertyKey[]): string | null {
  if (path.length === 0) return null;
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index > 0 ? '.' : ''}${String(key)}`)).join('');
}

function settingsText(settings: Settings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}

/** `<path>.last-good` holds the settings last loaded or saved without fault (rewritten only when they differ). */
function keepLastGood(path: string, settings: Settings): void {
  const text = settingsText(settings);
  const lastGood = `${path}${LAST_GOOD_SUFFIX}`;
  try {
    if (existsSync(lastGood) && readFileSync(lastGood, 'utf8') === text) return;
    writeFileAtomically(lastGood, text);
  } catch {
    // Only a convenience for a later faulty file: failing to keep it must not fail a load or a save.
  }
}

function readLastGood(path: string): Settings | null {
  try {
    const parsed = parseSettings(readFileSync(`${path}${LAST_GOOD_SUFFIX}`, 'utf8'));
    return parsed.isValid ? parsed.settings : null;
  } catch {
    return null;
  }
}

function upgradeNotice(fromVersion: number, settings: Settings): string | null {
  return fromVersion !== settings.version ? `Settings were upgraded from version ${fromVersion}.` : null;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
