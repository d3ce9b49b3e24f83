/**
 * Secrets for headless mode, where there is no safeStorage: from environment variables, or from
 * files only the owner can read (`<NAME>_FILE`). A group- or world-readable file is refused.
 */
import { readFileSync, statSync } from 'node:fs';
import { SECRET_NAMES } from '../../src-shared/ipc/contract';
import type { SecretName } from '../../src-shared/ipc/contract';
import type { SecretValues } from '../engine/engine-api';
import { readOnlySecrets } from '../settings/secret-source';
import type { SecretSource } from '../settings/secret-source';
import type { ServerTokens } from './access';

/** Read a secret file, refusing one that group or others may read (POSIX); trailing newline trimmed. */
export function readOwnerOnlyFile(path: string, platform: NodeJS.Platform = process.platform): string {
  const mode = statSync(path).mode;
  if (platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new Error(`${path} is readable by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path}.`);
  }
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}

/** `VALUE` from env, or the owner-only file named by `VALUE_FILE`; undefined when neither is set. */
export function envSecret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct.length > 0) return direct;
  const file = env[`${name}_FILE`];
  return file !== undefined && file.length > 0 ? readOwnerOnlyFile(file) : undefined;
}

/** Tokens from STATIONWATCH_VIEWER_TOKEN / STATIONWATCH_OPERATOR_TOKEN / STATIONWATCH_INGEST_TOKEN (or their _FILE forms). */
export function tokensFromEnv(env: NodeJS.ProcessEnv): Partial<ServerTokens> {
  const viewer = envSecret(env, 'STATIONWATCH_VIEWER_TOKEN');
  const operator = envSecret(env, 'STATIONWATCH_OPERATOR_TOKEN');
  const ingest = envSecret(env, 'STATIONWATCH_INGEST_TOKEN');
  return { ...(viewer !== undefined ? { viewer } : {}), ...(operator !== undefined ? { operator } : {}), ...(ingest !== undefined ? { ingest } : {}) };
}

/** Env variable for one profile secret, e.g. STATIONWATCH_SECRET_DEFAULT_DATABASE_PASSWORD. */
export function secretEnvName(profileId: string, secret: SecretName): string {
  const profile = profileId.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const name = secret.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
  return `STATIONWATCH_SECRET_${profile}_${name}`;
}

/** Every profile secret found in the environment. */
export function secretsFromEnv(env: NodeJS.ProcessEnv, profiles: readonly { readonly id: string }[]): SecretValues {
  const result: Record<string, Partial<Record<SecretName, string>>> = {};
  for (const profile of profiles) {
    for (const secret of SECRET_NAMES) {
      const value = envSecret(env, secretEnvName(profile.id, secret));
      if (value !== undefined) (result[profile.id] ??= {})[secret] = value;
    }
  }
  return result;
}

/**
 * Headless mode's secrets for the settings owner: read from `env` whenever they are needed (so a profile
 * added in the dialog finds its variables), never stored; a password typed in the dialog is reported, not kept.
 */
export function environmentSecrets(env: NodeJS.ProcessEnv): SecretSource {
  return readOnlySecrets(
    (profileIds) => secretsFromEnv(env, profileIds.map((id) => ({ id }))),
    ({ profileId, name }) => {
      const variable = secretEnvName(profileId, name);
      return `headless mode reads secrets only from the environment, so set ${variable} (or ${variable}_FILE, naming an owner-only file) for the server and restart it`;
    },
  );
}
