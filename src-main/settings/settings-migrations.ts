/**
 * Settings file migrations: one step per old version, each turning the raw JSON of version n into
 * version n + 1. Version 1 is current; the table grows when the schema changes incompatibly.
 */

/** The settings version this build writes. Equal to SettingsSchema's `version` literal. */
export const CURRENT_SETTINGS_VERSION = 1;

type RawSettings = Record<string, unknown>;
/** One step: raw settings of `from` → raw settings of `from + 1`. Pure. */
export type SettingsMigration = (raw: RawSettings) => RawSettings;

/**
 * Version 0 was the unreleased prototype: a single Kafka/simulator connection at the top level
 * (`source`, `database`) instead of named profiles, and `notify` instead of `notifications`.
 */
function fromPrototype(raw: RawSettings): RawSettings {
  const { source, database, notify, ...rest } = raw;
  const out: RawSettings = { ...rest, version: 1 };
  if (source !== undefined || database !== undefined) {
    out.activeProfileId = 'default';
    out.profiles = [{ id: 'default', name: 'Default', source: source ?? { kind: 'simulator' }, database: database ?? { kind: 'pglite', dir: null } }];
  }
  if (typeof notify === 'object' && notify !== null) out.notifications = notify;
  return out;
}

/** Index = the version migrated from. */
export const SETTINGS_MIGRATIONS: readonly SettingsMigration[] = [fromPrototype];

/**
 * Bring raw settings up to `target`. A file without a version counts as version 0. Throws for a
 * version newer than this build (a downgrade): the caller keeps the file and uses defaults.
 */
export function migrateSettings(raw: RawSettings, migrations: readonly SettingsMigration[] = SETTINGS_MIGRATIONS, target = CURRENT_SETTINGS_VERSION): { readonly settings: RawSettings; readonly fromVersion: number } {
  const fromVersion = typeof raw.version === 'number' && Number.isInteger(raw.version) ? raw.version : 0;
  if (fromVersion > target) throw new Error(`The settings file is from a newer Stationwatch (version ${fromVersion}; this build reads up to ${target}).`);
  let current = raw;
  for (let version = fromVersion; version < target; version++) {
    const step = migrations[version];
    if (step === undefined) throw new Error(`No migration from settings version ${version}.`);
    current = { ...step(current), version: version + 1 };
  }
  return { settings: current, fromVersion };
}
