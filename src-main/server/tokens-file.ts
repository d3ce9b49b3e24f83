/**
 * Where `npm run serve` leaves the access tokens it generated: an owner-only file in the data directory,
 * not stdout, where terminal scrollback, the journal and CI logs would keep them. Tokens given through
 * the environment are not written anywhere: whoever set them has them.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../settings/atomic-file';
import type { ServerTokens } from './access';

/** The file's name in the data directory. */
export const TOKENS_FILE = 'tokens.json';

/** The tokens in force that were not given, i.e. that the server generated this run. */
export function generatedTokens(inForce: ServerTokens | null, given: Partial<ServerTokens>): Partial<ServerTokens> {
  if (inForce === null) return {};
  return {
    ...(given.viewer === undefined ? { viewer: inForce.viewer } : {}),
    ...(given.operator === undefined ? { operator: inForce.operator } : {}),
    ...(given.ingest === undefined && inForce.ingest !== undefined ? { ingest: inForce.ingest } : {}),
  };
}

/**
 * Write the generated tokens as JSON to `<dataDir>/tokens.json`, owner-only (0600) and replaced in one
 * step; remove the file when none were generated, so an earlier run's tokens never look current.
 * Returns the file's path.
 */
export function writeTokensFile(dataDir: string, generated: Partial<ServerTokens>): string {
  const path = join(dataDir, TOKENS_FILE);
  if (generated.viewer === undefined && generated.operator === undefined && generated.ingest === undefined) rmSync(path, { force: true });
  else writeFileAtomically(path, `${JSON.stringify(generated, null, 2)}\n`);
  return path;
}

/** The start-up lines that say where each token is, never the token itself. */
export function tokenLines(given: Partial<ServerTokens>, path: string, url: string): string[] {
  const where = (role: keyof ServerTokens): string => (given[role] !== undefined ? 'as given in the environment' : `in ${path} (owner-only)`);
  return [`  viewer token:   ${where('viewer')}`, `  operator token: ${where('operator')}`, `  ingest token:   ${where('ingest')} (POST ${url}/ingest only)`, `  browser: ${url}/?token=<token>`];
}
