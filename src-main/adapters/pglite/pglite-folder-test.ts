/**
 * The database half of "Test connection" for the embedded PGlite database: nothing to connect to, but
 * its folder must be writable and have room. The test never opens the database (the running engine may
 * hold it) and writes nothing: it checks the folder, or, when PGlite will create it, its parent (PGlite
 * creates only the last folder of the path), and the free space of that file system (statfs).
 */
import { constants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ConnectionStepResult } from '../../../src-shared/ipc/contract';
import { probeStep } from '../network/network-probes';

/** Below this much free space the space step fails: an empty database takes some 40 MB, a day of windows more. */
const MIN_FREE_BYTES = 256 * 1024 * 1024;

/** Folder and free-space steps for PGlite in `dir`. */
export async function testPgliteFolder(dir: string): Promise<ConnectionStepResult[]> {
  const t0 = performance.now();
  const kind = await kindOf(dir);
  if (kind === 'file') return [probeStep('folder', t0, false, `${dir} is a file, not a folder`, 'Choose a folder for the embedded database, or leave the setting empty for the app\'s own data folder.')];
  const checked = kind === 'folder' ? dir : dirname(dir);
  if (kind === 'missing' && (await kindOf(checked)) !== 'folder') {
    return [probeStep('folder', t0, false, `neither ${dir} nor its parent folder exists`, `The embedded database creates only its own folder. Create ${checked} first, or choose another folder.`)];
  }
  try {
    await access(checked, constants.W_OK | constants.X_OK);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return [probeStep('folder', t0, false, `${checked} is not writable (${typeof code === 'string' ? code : 'no access'})`, `Stationwatch cannot write in ${checked}. Choose a folder this user may write to, or change its permissions.`)];
  }
  const steps = [probeStep('folder', t0, true, kind === 'folder' ? `${dir} is writable` : `${dir} will be created in ${checked}, which is writable`, null)];
  steps.push(await spaceStep(checked));
  return steps;
}

async function spaceStep(folder: string): Promise<ConnectionStepResult> {
  const t0 = performance.now();
  try {
    const fs = await statfs(folder);
    const free = fs.bavail * fs.bsize;
    const detail = `${formatBytes(free)} free of ${formatBytes(fs.blocks * fs.bsize)}`;
    if (free >= MIN_FREE_BYTES) return probeStep('space', t0, true, detail, null);
    return probeStep('space', t0, false, detail, `The embedded database needs at least ${formatBytes(MIN_FREE_BYTES)} free. Free some space on this disk, or choose a folder on another one.`);
  } catch (err) {
    return probeStep('space', t0, false, err instanceof Error ? err.message : String(err), 'The free space of this folder could not be read. Choose a folder on a local disk.');
  }
}

async function kindOf(path: string): Promise<'folder' | 'file' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
