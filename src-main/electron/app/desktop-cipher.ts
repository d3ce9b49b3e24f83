/** Electron's safeStorage as the settings owner's StringCipher (src-main/settings never imports electron). */
import type { StringCipher } from '../../settings/secret-store';

/** The safeStorage methods used; getSelectedStorageBackend exists on Linux only (safe-storage.md, "@platform linux"). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/** The cipher for `platform`: the storage backend is asked on Linux only, where basic_text (a hard-coded key) can be chosen. */
export function desktopCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform): StringCipher {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.bind(safeStorage) : undefined;
  return {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    encryptString: (plainText) => safeStorage.encryptString(plainText),
    decryptString: (encrypted) => safeStorage.decryptString(encrypted),
    ...(backend !== undefined ? { getSelectedStorageBackend: backend } : {}),
  };
}
