import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretStore, WEAK_STORAGE_WARNING } from './secret-store';
import type { StringCipher } from './secret-store';

/** AES-256-GCM with a per-test key: a real, reversible, authenticated cipher standing in for safeStorage (a wrong key always fails). */
function aesCipher(key = randomBytes(32), isAvailable = true, backend?: string): StringCipher {
  return {
    // Linux's safeStorage names its backend; elsewhere the method does not exist (safe-storage.md).
    ...(backend !== undefined ? { getSelectedStorageBackend: () => backend } : {}),
    isEncryptionAvailable: () => isAvailable,
    encryptString(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(blob) {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('secret store', () => {
  it('encrypts at rest, decrypts for the engine and reports only set / not set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-secrets-'));
    const key = randomBytes(32);
    const store = new SecretStore(dir, aesCipher(key));
    store.update({ city: { saslPassword: 'correct horse battery', databasePassword: 'pg-secret-99' } }, ['city', 'sim']);
    const onDisk = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(onDisk).not.toContain('correct horse');
    expect(onDisk).not.toContain('pg-secret-99');
    if (process.platform !== 'win32') expect(statSync(join(dir, 'secrets.json')).mode & 0o077).toBe(0);
    expect(store.status(['city', 'sim'])).toEqual({
      city: { saslPassword: true, tlsCa: false, tlsCert: false, tlsKey: false, databasePassword: true, smtpPassword: false, webhookToken: false },
      sim: { saslPassword: false, tlsCa: false, tlsCert: false, tlsKey: false, databasePassword: false, smtpPassword: false, webhookToken: false },
    });
    // A new instance (next app start) reads the same file back.
    expect(new SecretStore(dir, aesCipher(key)).values()).toEqual({ city: { saslPassword: 'correct horse battery', databasePassword: 'pg-secret-99' } });
  });

  it('replaces, deletes and keeps secrets as the write-only update says, and drops removed profiles', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-secrets-'));
    const store = new SecretStore(dir, aesCipher());
    store.update({ a: { saslPassword: 'one', tlsKey: 'k' }, b: { databasePassword: 'two' } }, ['a', 'b']);
    store.update({ a: { saslPassword: 'uno', tlsKey: null } }, ['a', 'b']);
    expect(store.values()).toEqual({ a: { saslPassword: 'uno' }, b: { databasePassword: 'two' } });
    store.update({}, ['a']);
    expect(store.values()).toEqual({ a: { saslPassword: 'uno' } });
  });

  it('refuses to store a secret without encryption, and skips secrets it can no longer decrypt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-secrets-'));
    expect(() => new SecretStore(dir, aesCipher(randomBytes(32), false)).update({ a: { saslPassword: 'x' } }, ['a'])).toThrow('Secure storage is not available');
    new SecretStore(dir, aesCipher()).update({ a: { saslPassword: 'x' } }, ['a']);
    const otherKeyring = new SecretStore(dir, aesCipher());
    expect(otherKeyring.values()).toEqual({ a: {} });
    expect(otherKeyring.status(['a']).a?.saslPassword).toBe(true);
  });

  it("refuses to store a secret under Linux's basic_text backend (a hard-coded key) unless the user confirmed it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-secrets-'));
    const key = randomBytes(32);
    const store = new SecretStore(dir, aesCipher(key, true, 'basic_text'));
    expect(store.storage()).toEqual({ isWeak: true, warning: WEAK_STORAGE_WARNING });
    expect(() => store.update({ a: { saslPassword: 'typed-pw' } }, ['a'])).toThrow(/basic_text backend, whose key is hard-coded/);
    // Refused whole: nothing was written.
    expect(readdirSync(dir)).toEqual([]);
    // Removing a secret or keeping the stored ones needs no consent: nothing new is encrypted.
    expect(() => store.update({ a: { saslPassword: null } }, ['a'])).not.toThrow();
    store.update({ a: { saslPassword: 'typed-pw' } }, ['a'], { allowWeakStorage: true });
    expect(new SecretStore(dir, aesCipher(key, true, 'basic_text')).values()).toEqual({ a: { saslPassword: 'typed-pw' } });
    // A keyring, or a platform without the method (macOS, Windows), stores as before, and says nothing.
    for (const cipher of [aesCipher(key, true, 'gnome_libsecret'), aesCipher(key, true, 'kwallet6'), aesCipher(key)]) {
      const other = new SecretStore(mkdtempSync(join(tmpdir(), 'sw-secrets-')), cipher);
      expect(other.storage()).toBeNull();
      other.update({ a: { saslPassword: 'pw' } }, ['a']);
      expect(other.values()).toEqual({ a: { saslPassword: 'pw' } });
    }
  });

  it('keeps an unreadable secrets.json aside on the next save instead of overwriting it, and warns before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-secrets-'));
    const unreadable = '{"version": 1, "profiles": {"a": {"saslPassword": "AAAA'; // cut short by a crash or a full disk
    writeFileSync(join(dir, 'secrets.json'), unreadable);
    const store = new SecretStore(dir, aesCipher(), () => Date.UTC(2026, 10, 23, 10, 15, 0));
    expect(store.values()).toEqual({});
    expect(store.storage()).toMatchObject({ isWeak: false, warning: expect.stringMatching(/^secrets\.json could not be read \(.*\).*keeps it as secrets\.json\.unreadable-<time>/) });
    store.update({ a: { databasePassword: 'new-pw' } }, ['a']);
    expect(readFileSync(join(dir, 'secrets.json.unreadable-2026-11-23T10-15-00-000Z'), 'utf8')).toBe(unreadable);
    expect(store.values()).toEqual({ a: { databasePassword: 'new-pw' } });
    expect(store.storage()).toBeNull();
    // Only once: the next save writes over the new, readable file as usual.
    store.update({}, ['a']);
    expect(readdirSync(dir).sort()).toEqual(['secrets.json', 'secrets.json.unreadable-2026-11-23T10-15-00-000Z']);
  });
});
