/** Owner-only files replaced in one step, for the settings and the secrets beside them. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Write `text` to `path` atomically: a fresh owner-only temp file beside it, then a rename, so a crash
 * leaves the old file or the new one, never half of one. A temp file left by an earlier crash is removed
 * first ('wx' then creates it anew, so its mode is 0600 whatever the old one had).
 */
export function writeFileAtomically(path: string, text: string): void {
  const temp = `${path}.tmp`;
  rmSync(temp, { force: true });
  writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
  renameSync(temp, path);
}
