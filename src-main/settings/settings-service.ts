/**
 * The one owner of settings, for the desktop and headless mode alike: the settings in force, the file
 * they are saved to, and the secrets beside them (a SecretSource). settings-router.ts applies a save to
 * the engine. Everything it returns is safe for the renderer: secrets appear only as SecretStatus booleans.
 *
 * Rules have one home: the engine's store, written by rules:save alone (a saved rule list wins over the
 * settings' one, which only seeds a database that has none; see HistoryStore.loadRules). So a settings
 * save keeps the rule list it had: the dialog's copy may be older than the last "Save rules".
 */
import { join } from 'node:path';
import type { SecretName, SettingsView, ValidRequestArgs } from '../../src-shared/ipc/contract';
import { activeProfile, SettingsSchema } from '../../src-shared/settings/schema';
import type { Profile, Settings } from '../../src-shared/settings/schema';
import type { SecretValues } from '../engine/engine-api';
import { requiredSecrets, SECRET_LABELS } from './secret-source';
import type { SecretRef, SecretSource } from './secret-source';
import { SecretStore } from './secret-store';
import type { StringCipher } from './secret-store';
import { loadSettings, SETTINGS_FILE, writeSettingsFile } from './settings-store';
import type { LoadedSettings } from './settings-store';

/** What changed in a save, so the caller knows whether to restart the engine and what to tell the user. */
export interface SettingsChange {
  readonly previous: Settings;
  readonly next: Settings;
  /** True when the engine must be rebuilt: another or edited active profile, its secrets, or engine-wide settings. */
  readonly needsEngineRestart: boolean;
  /** Sentences for the user: secrets that were not kept, or that the active profile still lacks. */
  readonly notes: readonly string[];
}

/** Where the owner saves, what it starts with, and where secrets come from. */
export interface SettingsServiceOptions {
  /** Where saves are written (atomically, owner-only), or null to keep settings in memory only. */
  readonly file: string | null;
  /** The settings in force at start, with the notice from loading them. */
  readonly loaded: LoadedSettings;
  readonly secrets: SecretSource;
}

/** Owns the settings in force and their file; the only writer of both. */
export class SettingsService {
  private current: Settings;
  private notice: string | null;

  constructor(private readonly options: SettingsServiceOptions) {
    this.current = options.loaded.settings;
    this.notice = options.loaded.notice;
  }

  get settings(): Settings {
    return this.current;
  }

  /** The renderer's view. A pending load notice is shown once, before `notice`. */
  view(notice: string | null = null): SettingsView {
    const text = [this.notice, notice].filter((part) => part !== null).join(' ');
    this.notice = null;
    return { settings: this.current, secrets: this.options.secrets.status(this.profileIds(this.current)), notice: text === '' ? null : text };
  }

  /** Secret values for the engine; never for the renderer. */
  secretValues(): SecretValues {
    return this.options.secrets.values(this.profileIds(this.current));
  }

  /** Stored secrets of a profile with unsaved updates applied: what connection:test should try. */
  secretsForTest(profileId: string, updates: Partial<Record<SecretName, string | null | undefined>>): Partial<Record<SecretName, string>> {
    const merged: Partial<Record<SecretName, string | null | undefined>> = { ...this.options.secrets.values([profileId])[profileId], ...updates };
    const out: Partial<Record<SecretName, string>> = {};
    for (const [name, value] of Object.entries(merged)) if (typeof value === 'string' && value !== '') out[name as SecretName] = value;
    return out;
  }

  /** Persist settings (keeping the rules in force) and the write-only secret updates. */
  save(args: ValidRequestArgs<'settings:save'>): SettingsChange {
    const previous = this.current;
    const next = SettingsSchema.parse({ ...args.settings, rules: previous.rules });
    // Secrets first: when they cannot be stored safely (no keyring), nothing is written at all.
    const outcome = this.options.secrets.update(args.secrets, this.profileIds(next));
    if (this.options.file !== null) this.write(this.options.file, next);
    this.current = next;
    const active = activeProfile(next);
    const ignored = outcome.ignored.map((ref) => `This server keeps no secrets, so the ${SECRET_LABELS[ref.name]} for “${profileName(next, ref)}” was not saved: ${this.options.secrets.whereToSet(ref)}.`);
    return { previous, next, needsEngineRestart: outcome.changed.includes(active.id) || engineSettingsDiffer(previous, next), notes: [...ignored, ...this.missingNotes(active, outcome.ignored)] };
  }

  /** The active profile's required secrets that are not set (those just reported as not kept aside). */
  private missingNotes(profile: Profile, reported: readonly SecretRef[]): string[] {
    const status = this.options.secrets.status([profile.id])[profile.id];
    return requiredSecrets(profile)
      .filter((name) => status?.[name] !== true && !reported.some((ref) => ref.profileId === profile.id && ref.name === name))
      .map((name) => `Profile “${profile.name}” needs a ${SECRET_LABELS[name]} and none is set: ${this.options.secrets.whereToSet({ profileId: profile.id, name })}.`);
  }

  private write(file: string, settings: Settings): void {
    try {
      writeSettingsFile(file, settings);
    } catch (error) {
      throw new Error(`The settings could not be saved to ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private profileIds(settings: Settings): string[] {
    return settings.profiles.map((p) => p.id);
  }
}

/** The desktop's owner: `dir`/settings.json, and secrets encrypted with `cipher` (Electron's safeStorage) in `dir`/secrets.json. */
export function openDesktopSettings(dir: string, cipher: StringCipher, now: number): SettingsService {
  return new SettingsService({ file: join(dir, SETTINGS_FILE), loaded: loadSettings(dir, now), secrets: new SecretStore(dir, cipher) });
}

/** Settings the engine is built from (as opposed to rules, notifications and UI, which it takes live). */
export function engineSettingsDiffer(a: Settings, b: Settings): boolean {
  const shape = (s: Settings): string => JSON.stringify([activeProfile(s), s.decoder, s.windows, s.store]);
  return shape(a) !== shape(b);
}

function profileName(settings: Settings, ref: SecretRef): string {
  return settings.profiles.find((p) => p.id === ref.profileId)?.name ?? ref.profileId;
}
