/**
 * Where profile secrets (passwords, keys) come from: on the desktop an encrypted file (secret-store.ts),
 * in headless mode the environment (server/env-secrets.ts). Either way the renderer sees only
 * SecretStatus booleans, computed here by one rule.
 */
import { SECRET_NAMES } from '../../src-shared/ipc/contract';
import type { SecretName, SecretStatus, SecretStorageStatus } from '../../src-shared/ipc/contract';
import type { Profile } from '../../src-shared/settings/schema';
import type { SecretValues } from '../engine/engine-api';

/** Per profile: a string replaces the secret, null deletes it, absent keeps it. */
export type SecretUpdates = Readonly<Record<string, Partial<Record<SecretName, string | null | undefined>>>>;

/** One secret of one profile. */
export interface SecretRef {
  readonly profileId: string;
  readonly name: SecretName;
}

/** What a save's secret updates did. */
export interface SecretUpdateOutcome {
  /** Profiles whose secrets changed: the engine restarts when the active one is among them. */
  readonly changed: readonly string[];
  /** Updates this source cannot keep (headless mode stores no secrets); the user is told. */
  readonly ignored: readonly SecretRef[];
}

/** A source of profile secrets. */
export interface SecretSource {
  /** Set / not set for each profile id: safe for the renderer. */
  status(profileIds: readonly string[]): Record<string, SecretStatus>;
  /** The values, for the engine and connection tests only. */
  values(profileIds: readonly string[]): SecretValues;
  /**
   * Apply a save's write-only updates; profiles not in `keepProfileIds` lose their secrets. May throw (no
   * safe storage, or weak storage the user did not accept with `allowWeakStorage`).
   */
  update(updates: SecretUpdates, keepProfileIds: readonly string[], options?: { readonly allowWeakStorage?: boolean }): SecretUpdateOutcome;
  /** How the user provides this secret, as the end of a sentence: "enter it in the settings dialog". */
  whereToSet(ref: SecretRef): string;
  /** What the user must know about where secrets are kept before saving one; null (or absent) when nothing. */
  storage?(): SecretStorageStatus | null;
}

/** Words for each secret, for notices. */
export const SECRET_LABELS: Readonly<Record<SecretName, string>> = {
  saslPassword: 'SASL password',
  tlsCa: 'TLS CA certificate',
  tlsCert: 'TLS client certificate',
  tlsKey: 'TLS client key',
  databasePassword: 'database password',
  smtpPassword: 'SMTP password',
  webhookToken: 'webhook token',
};

/** The one rule for SecretStatus: a secret is set when a non-empty string is held for it. */
export function secretStatuses(profileIds: readonly string[], held: Readonly<Record<string, Partial<Record<SecretName, unknown>>>>): Record<string, SecretStatus> {
  const out: Record<string, SecretStatus> = {};
  for (const id of profileIds) {
    const entry = held[id] ?? {};
    out[id] = Object.fromEntries(SECRET_NAMES.map((name) => [name, typeof entry[name] === 'string' && entry[name] !== ''])) as unknown as SecretStatus;
  }
  return out;
}

/** Secrets a profile cannot connect without (TLS files and database passwords are optional). */
export function requiredSecrets(profile: Profile): readonly SecretName[] {
  return profile.source.kind === 'kafka' && profile.source.sasl !== null ? ['saslPassword'] : [];
}

/** Every update that asks for a change (a new value or a removal). */
export function requestedChanges(updates: SecretUpdates, keepProfileIds: readonly string[]): readonly SecretRef[] {
  const out: SecretRef[] = [];
  for (const [profileId, changes] of Object.entries(updates)) {
    if (!keepProfileIds.includes(profileId)) continue;
    for (const name of SECRET_NAMES) if (changes[name] !== undefined) out.push({ profileId, name });
  }
  return out;
}

/**
 * A source that reads secrets from elsewhere and keeps none itself (headless mode: the environment).
 * Updates from the dialog are ignored and reported, never written anywhere.
 */
export function readOnlySecrets(read: (profileIds: readonly string[]) => SecretValues, whereToSet: (ref: SecretRef) => string): SecretSource {
  return {
    status: (profileIds) => secretStatuses(profileIds, read(profileIds)),
    values: read,
    update: (updates, keepProfileIds) => ({ changed: [], ignored: requestedChanges(updates, keepProfileIds) }),
    whereToSet,
  };
}
