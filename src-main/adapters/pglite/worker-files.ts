/**
 * The packaged app runs the PGlite worker and PGlite's WebAssembly and data files from outside app.asar
 * (a worker thread cannot start from inside the archive), where ASAR integrity does not reach them. The
 * engine, which is inside the archive, therefore holds their SHA-256 digests (written into its bundle by
 * scripts/build.mjs) and checks the files against them before every start of the worker.
 * https://www.electronjs.org/docs/latest/tutorial/asar-integrity
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';

/** Expected SHA-256 (hex) of each file, by its name in the worker's directory. */
export type WorkerFileDigests = Readonly<Record<string, string>>;

/** Resolves when every file in `dir` hashes to its digest; rejects naming the first that is missing or differs. */
export async function verifyWorkerFiles(dir: string, digests: WorkerFileDigests): Promise<void> {
  for (const [name, expected] of Object.entries(digests)) {
    const path = join(dir, name);
    const actual = await sha256(path).catch(() => null);
    if (actual === expected) continue;
    const what = actual === null ? 'is missing or unreadable' : 'is not the file this engine was built with';
    // SQLSTATE 58000, "system error" (PostgreSQL appendix A, class 58: errors external to PostgreSQL): the store
    // counts the database as unavailable and keeps the writes, instead of blaming them.
    throw Object.assign(new Error(`The embedded database was not started: ${path} ${what}. The installation is damaged or has been changed; reinstall Stationwatch.`), { code: '58000' });
  }
}

/** SHA-256 of a file, streamed so a large file never blocks the engine's event loop for long. */
export async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}
