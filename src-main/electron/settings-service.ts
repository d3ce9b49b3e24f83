/**
 * Main's settings and secrets: the settings file plus the encrypted secret store, behind the two
 * requests main answers itself (settings:get, settings:save). Everything it returns is safe for the
 * renderer: secrets appear only as SecretStatus booleans.
 */
import type { SettingsView, ValidRequestArgs } from '../../src-shared/ipc/contract';
import type { SecretName } from '../../src-shared/ipc/contract';
import { activeProfile } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import type { SecretValues } from '../engine/engine-api';
import { SecretStore } from './secret-store';
import type { StringCipher } from './secret-store';
import { loadSettings, saveSettings } from './settings-store';

/** What changed in a save, so the caller knows whether to restart the engine. */
export interface SettingsChange {
  readonly previous: Settings;
  readonly next: Settings;
  /** True when the engine must be rebuilt: another or edited active profile, its secrets, or engine-wide settings. */
  readonly needsEngineRestart: boolean;
}

/** Owns settings.json and secrets.json in `dir`. */
export class SettingsService {
  private current: Settings;
  private notice: string | null;
  private readonly secrets: SecretStore;

  constructor(
    private readonly dir: string,
    cipher: StringCipher,
    now: number,
  ) {
    const loaded = loadSettings(dir, now);
    this.current = loaded.settings;
    this.notice = loaded.notice;
    this.secrets = new SecretStore(dir, cipher);
  }

  get settings(): Settings {
    return this.current;
  }

  /** The renderer's view; a pending notice is shown once. */
  view(): SettingsView {
    const notice = this.notice;
    this.notice = null;
    return { settings: this.current, secrets: this.secrets.status(this.current.profiles.map((p) => p.id)), notice };
  }

  /** Decrypted secrets for the engine; never for the renderer. */
  secretValues(): SecretValues {
    return this.secrets.values();
  }

  /** Stored secrets of a profile with unsaved updates applied: what connection:test should try. */
  secretsForTest(profileId: string, updates: Partial<Record<SecretName, string | null | undefined>>): Partial<Record<SecretName, string>> {
    const merged: Partial<Record<SecretName, string | null | undefined>> = { ...this.secrets.values()[profileId], ...updates };
    const out: Partial<Record<SecretName, string>> = {};
    for (const [name, value] of Object.entries(merged)) if (typeof value === 'string' && value !== '') out[name as SecretName] = value;
    return out;
  }

  /** Persist settings and write-only secret updates. */
  save(args: ValidRequestArgs<'settings:save'>): SettingsChange {
    const previous = this.current;
    const next = saveSettings(this.dir, args.settings);
    const profileIds = next.profiles.map((p) => p.id);
    const activeId = activeProfile(next).id;
    const activeSecretsChanged = Object.values(args.secrets[activeId] ?? {}).some((v) => v !== undefined);
    this.secrets.update(args.secrets, profileIds);
    this.current = next;
    return { previous, next, needsEngineRestart: activeSecretsChanged || engineSettingsDiffer(previous, next) };
  }
}

/** Settings the engine is built from (as opposed to rules, notifications and UI, which it takes live). */
export function engineSettingsDiffer(a: Settings, b: Settings): boolean {
  const shape = (s: Settings): string => JSON.stringify([activeProfile(s), s.decoder, s.windows, s.store]);
  return shape(a) !== shape(b);
}
