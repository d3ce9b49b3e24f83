/**
 * Passwords and keys, encrypted with Electron's safeStorage (OS keychain / DPAPI / libsecret) and kept
 * in userData/secrets.json, apart from the settings. Only main and the engine ever see the values;
 * the renderer gets SecretStatus booleans.
 *
 * On Linux without a keyring Electron falls back to its basic_text backend, whose key is hard-coded in
 * Electron (safe-storage.md, getSelectedStorageBackend): encryption there hides nothing from anyone who
 * can read the file, so a secret is stored there only when the user has confirmed it. A secrets file that
 * cannot be read is never overwritten: the next save keeps it aside first.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_NAMES } from '../../src-shared/ipc/contract';
import type { SecretName, SecretStatus, SecretStorageStatus } from '../../src-shared/ipc/contract';
import type { SecretValues } from '../engine/engine-api';
import { writeFileAtomically } from './atomic-file';
import { requestedChanges, secretStatuses } from './secret-source';
import type { SecretRef, SecretSource, SecretUpdateOutcome, SecretUpdates } from './secret-source';

/** The safeStorage methods we use, injected by main (this folder never imports electron); tests pass a real reversible cipher. */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: the password store safeStorage chose ('basic_text', 'gnome_libsecret', 'kwallet', …; 'unknown' before ready). Absent elsewhere. */
  getSelectedStorageBackend?(): string;
}

type StoredSecrets = Record<string, Partial<Record<SecretName, string>>>;

const FILE = 'secrets.json';

/** Why basic_text is refused, and the two ways on. */
export const WEAK_STORAGE_WARNING =
  "On this Linux desktop Electron would keep secrets with its basic_text backend, whose key is hard-coded in Electron: anyone who can read secrets.json could read the passwords. Unlock or install a keyring (GNOME Keyring or KWallet; Electron's --password-store switch picks one), or confirm to store them anyway.";

/** The encrypted secrets file; every write is atomic and owner-only. */
export class SecretStore implements SecretSource {
  private stored: StoredSecrets;
  /** Why secrets.json could not be read, until a save has kept it aside; null when it was read (or absent). */
  private unreadable: string | null;

  constructor(
    private readonly dir: string,
    private readonly cipher: StringCipher,
    /** Names the copy of an unreadable secrets file. */
    private readonly clock: () => number = Date.now,
  ) {
    ({ stored: this.stored, unreadable: this.unreadable } = readStored(join(dir, FILE)));
  }

  /** Weak storage (basic_text) and an unreadable file, in words for the settings dialog. */
  storage(): SecretStorageStatus | null {
    const isWeak = this.isWeak();
    const unreadable = this.unreadable !== null ? `${FILE} could not be read (${this.unreadable}); the secrets in it are not used. It is left as it is, and the next save keeps it as ${FILE}.unreadable-<time> before writing a new one: enter the passwords again.` : null;
    const warning = [isWeak ? WEAK_STORAGE_WARNING : null, unreadable].filter((part) => part !== null).join(' ');
    return warning === '' ? null : { isWeak, warning };
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

  /**
   * Apply write-only updates and drop secrets of profiles that no longer exist. Throws if encryption is
   * unavailable, or weak (basic_text) and not allowed. An unreadable secrets file is renamed aside first.
   */
  update(updates: SecretUpdates, keepProfileIds: readonly string[], options: { readonly allowWeakStorage?: boolean } = {}): SecretUpdateOutcome {
    const next: StoredSecrets = {};
    for (const id of keepProfileIds) if (this.stored[id] !== undefined) next[id] = { ...this.stored[id] };
    for (const [profileId, changes] of Object.entries(updates)) {
      if (!keepProfileIds.includes(profileId)) continue;
      const entry = (next[profileId] ??= {});
      for (const name of SECRET_NAMES) {
        const change = changes[name];
        if (change === undefined) continue;
        if (change === null || change === '') delete entry[name];
        else entry[name] = this.encrypt(change, options.allowWeakStorage === true);
      }
    }
    const path = join(this.dir, FILE);
    if (this.unreadable !== null && existsSync(path)) renameSync(path, `${path}.unreadable-${new Date(this.clock()).toISOString().replace(/[:.]/g, '-')}`);
    writeFileAtomically(path, JSON.stringify({ version: 1, profiles: next }));
    this.stored = next;
    this.unreadable = null;
    return { changed: [...new Set(requestedChanges(updates, keepProfileIds).map((ref) => ref.profileId))], ignored: [] };
  }

  whereToSet(_ref: SecretRef): string {
    return 'enter it in the profile in the settings dialog';
  }

  private encrypt(value: string, allowWeakStorage: boolean): string {
    // Refuse rather than write a password in the clear (safeStorage is unavailable before app 'ready' or without a keyring).
    if (!this.cipher.isEncryptionAvailable()) throw new Error('Secure storage is not available on this system, so the password cannot be saved.');
    // … or under a key everyone has, unless the user said so.
    if (this.isWeak() && !allowWeakStorage) throw new Error(`The password was not saved. ${WEAK_STORAGE_WARNING}`);
    return this.cipher.encryptString(value).toString('base64');
  }

  private isWeak(): boolean {
    return this.cipher.getSelectedStorageBackend?.() === 'basic_text';
  }
}

function readStored(path: string): { stored: StoredSecrets; unreadable: string | null } {
  if (!existsSync(path)) return { stored: {}, unreadable: null };
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { profiles?: unknown } | null;
    if (typeof raw !== 'object' || raw === null || typeof raw.profiles !== 'object' || raw.profiles === null) return { stored: {}, unreadable: 'it holds no secrets object' };
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
    return { stored: out, unreadable: null };
  } catch (error) {
    return { stored: {}, unreadable: error instanceof Error ? error.message : String(error) };
  }
}
