/**
 * Passwords and keys, encrypted with Electron's safeStorage (OS keychain / DPAPI / libsecret) and kept
 * in userData/secrets.json, apart from the settings. Only main and the engine ever see the values;
 * the renderer gets SecretStatus booleans.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_NAMES } from '../../src-shared/ipc/contract';
import type { SecretName, SecretStatus } from '../../src-shared/ipc/contract';
import type { SecretValues } from '../engine/engine-api';
import { writeFileAtomically } from './atomic-file';
import { requestedChanges, secretStatuses } from './secret-source';
import type { SecretRef, SecretSource, SecretUpdateOutcome, SecretUpdates } from './secret-source';

/** The safeStorage methods we use, injected by main (this folder never imports electron); tests pass a real reversible cipher. */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

type StoredSecrets = Record<string, Partial<Record<SecretName, string>>>;

const FILE = 'secrets.json';

/** The encrypted secrets file; every write is atomic and owner-only. */
export class SecretStore implements SecretSource {
  private stored: StoredSecrets;

  constructor(
    private readonly dir: string,
    private readonly cipher: StringCipher,
  ) {
    this.stored = readStored(join(dir, FILE));
  }

  /** Set / not set, for every profile id given. Safe to send to the renderer. */
  status(profileIds: readonly string[]): Record<string, SecretStatus> {
    // A secret that no longer decrypts still counts as set: the user sees it and can replace it.
    return secretStatuses(profileIds, this.stored);
  }

  /** Decrypted values for the engine. A secret that no longer decrypts (new OS keyring) is left out. */
  values(): SecretValues {
    const out: Record<string, Partial<Record<SecretName, string>>> = {};
    for (const [profileId, entry] of Object.entries(this.stored)) {
      const decrypted: Partial<Record<SecretName, string>> = {};
      for (const name of SECRET_NAMES) {
        const blob = entry[name];
        if (blob === undefined) continue;
        try {
          decrypted[name] = this.cipher.decryptString(Buffer.from(blob, 'base64'));
        } catch {
          // Unreadable after an OS keyring change: the UI shows it as set; the user re-enters it.
        }
      }
      out[profileId] = decrypted;
    }
    return out;
  }

  /** Apply write-only updates and drop secrets of profiles that no longer exist. Throws if encryption is unavailable. */
  update(updates: SecretUpdates, keepProfileIds: readonly string[]): SecretUpdateOutcome {
    const next: StoredSecrets = {};
    for (const id of keepProfileIds) if (this.stored[id] !== undefined) next[id] = { ...this.stored[id] };
    for (const [profileId, changes] of Object.entries(updates)) {
      if (!keepProfileIds.includes(profileId)) continue;
      const entry = (next[profileId] ??= {});
      for (const name of SECRET_NAMES) {
        const change = changes[name];
        if (change === undefined) continue;
        if (change === null || change === '') delete entry[name];
        else entry[name] = this.encrypt(change);
      }
    }
    writeFileAtomically(join(this.dir, FILE), JSON.stringify({ version: 1, profiles: next }));
    this.stored = next;
    return { changed: [...new Set(requestedChanges(updates, keepProfileIds).map((ref) => ref.profileId))], ignored: [] };
  }

  whereToSet(_ref: SecretRef): string {
    return 'enter it in the profile in the settings dialog';
  }

  private encrypt(value: string): string {
    // Refuse rather than write a password in the clear (safeStorage is unavailable before app 'ready' or without a keyring).
    if (!this.cipher.isEncryptionAvailable()) throw new Error('Secure storage is not available on this system, so the password cannot be saved.');
    return this.cipher.encryptString(value).toString('base64');
  }
}

function readStored(path: string): StoredSecrets {
  if (!existsSync(path)) return {};
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { profiles?: unknown };
    if (typeof raw.profiles !== 'object' || raw.profiles === null) return {};
    const out: StoredSecrets = {};
    for (const [id, entry] of Object.entries(raw.profiles as Record<string, unknown>)) {
      if (typeof entry !== 'object' || entry === null) continue;
      const clean: Partial<Record<SecretName, string>> = {};
      for (const name of SECRET_NAMES) {
        const value = (entry as Record<string, unknown>)[name];
        if (typeof value === 'string') clean[name] = value;
      }
      out[id] = clean;
    }
    return out;
  } catch {
    return {};
  }
}
