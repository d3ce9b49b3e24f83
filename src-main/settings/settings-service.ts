/**
 * The one owner of settings, for the desktop and headless mode alike: the settings in force, the file
 * they are saved to, and the secrets beside them (a SecretSource). settings-router.ts applies a save to
 * the engine. Everything it returns is safe for the renderer: secrets appear only as SecretStatus booleans.
 *
 * Rules have one home: the engine's store, written by rules:save alone (a saved rule list wins over the
 * settings' one, which only seeds a database that has none; see HistoryStore.loadRules). So a settings
 * save keeps the rule list it had: the dialog's copy may be older than the last "Save rules".
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretName, SettingsView, ValidRequestArgs } from '../../src-shared/ipc/contract';
import { activeProfile, SettingsSchema } from '../../src-shared/settings/schema';
import type { Profile, Settings } from '../../src-shared/settings/schema';
import type { SettingsProblem } from '../../src-shared/settings/settings-problem';
import type { SecretValues } from '../engine/engine-api';
import { connectionTestSecrets } from './connection-secrets';
import type { ConnectionTestSecrets } from './connection-secrets';
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
  /** The settings in force at start, with the notice and the problem from loading them. */
  readonly loaded: LoadedSettings;
  readonly secrets: SecretSource;
  /** Names the copy of a faulty settings file kept before a save replaces it. Default Date.now. */
  readonly clock?: () => number;
}

/** Owns the settings in force and their file; the only writer of both. */
export class SettingsService {
  private current: Settings;
  private notice: string | null;
  private fault: SettingsProblem | null;

  constructor(private readonly options: SettingsServiceOptions) {
    this.current = options.loaded.settings;
    this.notice = options.loaded.notice;
    this.fault = options.loaded.problem ?? null;
  }

  get settings(): Settings {
    return this.current;
  }

  /** The settings file could not be used (until a save replaces it), or null. */
  get problem(): SettingsProblem | null {
    return this.fault;
  }

  /** False while no settings are in force (a faulty file and no last good one): the engine must not start, least of all on defaults. */
  get canStartEngine(): boolean {
    return this.fault?.fallback !== 'none';
  }

  /** The renderer's view. A pending load notice is shown once, before `notice`; a problem, for as long as it lasts. */
  view(notice: string | null = null): SettingsView {
    const text = [this.notice, notice].filter((part) => part !== null).join(' ');
    this.notice = null;
    const secretStorage = this.options.secrets.storage?.() ?? null;
    return { settings: this.current, secrets: this.options.secrets.status(this.profileIds(this.current)), notice: text === '' ? null : text, problem: this.fault, secretStorage };
  }

  /** Secret values for the engine; never for the renderer. */
  secretValues(): SecretValues {
    return this.options.secrets.values(this.profileIds(this.current));
  }

  /**
   * What connection:test of `profile` runs with: the typed-in `updates`, and the stored secrets of the saved
   * profile with its id only where the tested connection settings equal the saved ones (connection-secrets.ts).
   */
  secretsForTest(profile: Profile, updates: Partial<Record<SecretName, string | null | undefined>>): ConnectionTestSecrets {
    const saved = this.current.profiles.find((p) => p.id === profile.id);
    const stored = saved === undefined ? undefined : this.options.secrets.values([saved.id])[saved.id];
    return connectionTestSecrets(profile, saved, stored, updates);
  }

  /**
   * Persist settings (keeping the rules in force) and the write-only secret updates. A faulty settings
   * file is copied aside first (`<file>.invalid-<time>`), never lost; the save ends the problem.
   */
  save(args: ValidRequestArgs<'settings:save'>): SettingsChange {
    const previous = this.current;
    const wasStopped = !this.canStartEngine;
    const next = SettingsSchema.parse({ ...args.settings, rules: previous.rules });
    // The faulty file's copy, then secrets: when either cannot be made safely, no settings are written at all.
    const keptAside = this.options.file !== null && this.fault !== null ? this.keepFaultyFile(this.options.file) : null;
    const outcome = this.options.secrets.update(args.secrets, this.profileIds(next), { allowWeakStorage: args.allowWeakSecretStorage === true });
    if (this.options.file !== null) this.write(this.options.file, next);
    this.current = next;
    this.fault = null;
    const active = activeProfile(next);
    const ignored = outcome.ignored.map((ref) => `This server keeps no secrets, so the ${SECRET_LABELS[ref.name]} for “${profileName(next, ref)}” was not saved: ${this.options.secrets.whereToSet(ref)}.`);
    const kept = keptAside !== null ? [`The faulty settings file was kept as ${keptAside}.`] : [];
    // An engine that never started (no settings were in force) starts now, whatever changed.
    const needsEngineRestart = wasStopped || outcome.changed.includes(active.id) || engineSettingsDiffer(previous, next);
    return { previous, next, needsEngineRestart, notes: [...kept, ...ignored, ...this.missingNotes(active, outcome.ignored)] };
  }

  /** The active profile's required secrets that are not set (those just reported as not kept aside). */
  private missingNotes(profile: Profile, reported: readonly SecretRef[]): string[] {
    const status = this.options.secrets.status([profile.id])[profile.id];
    return requiredSecrets(profile)
      .filter((name) => status?.[name] !== true && !reported.some((ref) => ref.profileId === profile.id && ref.name === name))
      .map((name) => `Profile “${profile.name}” needs a ${SECRET_LABELS[name]} and none is set: ${this.options.secrets.whereToSet({ profileId: profile.id, name })}.`);
  }

  /** A copy of the faulty file beside it, before a save replaces it; its path, or null when it is gone already. */
  private keepFaultyFile(file: string): string | null {
    if (!existsSync(file)) return null;
    const copy = `${file}.invalid-${new Date((this.options.clock ?? Date.now)()).toISOString().replace(/[:.]/g, '-')}`;
    try {
      copyFileSync(file, copy);
    } catch (error) {
      throw new Error(`The settings were not saved: the faulty settings file could not be kept as ${copy} first (${error instanceof Error ? error.message : String(error)}).`);
    }
    return copy;
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
export function openDesktopSettings(dir: string, cipher: StringCipher, clock: () => number = Date.now): SettingsService {
  return new SettingsService({ file: join(dir, SETTINGS_FILE), loaded: loadSettings(dir), secrets: new SecretStore(dir, cipher, clock), clock });
}

/** Settings the engine is built from (as opposed to rules, notifications and UI, which it takes live). */
export function engineSettingsDiffer(a: Settings, b: Settings): boolean {
  const shape = (s: Settings): string => JSON.stringify([activeProfile(s), s.decoder, s.windows, s.store, s.airQuality]);
  return shape(a) !== shape(b);
}

function profileName(settings: Settings, ref: SecretRef): string {
  return settings.profiles.find((p) => p.id === ref.profileId)?.name ?? ref.profileId;
}
