/**
 * A migrated, empty PGlite database folder to start a test's embedded database from, instead of a new one.
 *
 * A new PGlite folder runs initdb first: about 3.5 s of CPU here (5 s for the first open, against 1.5 s for a
 * copy of a folder already made), and the suites open dozens. A copy is the same database the engine's first
 * start makes: the template is made by the engine's own openStore() and migrations, and a store opened on a
 * copy still runs its migrations (there are none left to apply). Tests about the first start itself — an
 * empty folder, initdb, a folder that cannot be made — keep starting from nothing.
 *
 * The template lives in the system's temporary folder, named by a digest of what shapes it (the migrations and
 * the PGlite version), so a change to either makes a new one; it is made once per machine and built in a
 * private folder first, then renamed into place, so test processes that race each other never see half of one.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openStore } from '../../src-main/adapters/sql/open-store';

const root = join(import.meta.dirname, '..', '..');

function templateDir(): string {
  const digest = createHash('sha256');
  for (const file of ['src-main/adapters/sql/migrations.ts', 'src-main/adapters/sql/migrate.ts', 'node_modules/@electric-sql/pglite/package.json']) digest.update(readFileSync(join(root, file)));
  return join(tmpdir(), `stationwatch-pglite-template-${digest.digest('hex').slice(0, 16)}`);
}

let made: Promise<string> | null = null;

/** The template folder, made now if no process has made it yet. */
function template(): Promise<string> {
  made ??= (async () => {
    const dir = templateDir();
    if (existsSync(join(dir, 'PG_VERSION'))) return dir;
    const work = mkdtempSync(join(tmpdir(), 'stationwatch-pglite-making-'));
    const store = await openStore({ kind: 'pglite', dir: join(work, 'db') }, { dataDir: work });
    await store.writeWindows([]);
    await store.caughtUp();
    await store.close();
    try {
      renameSync(join(work, 'db'), dir);
    } catch (error) {
      // Another process put its own in place first: the same database, so that one serves.
      if (!existsSync(join(dir, 'PG_VERSION'))) throw error;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return dir;
  })();
  return made;
}

/** Fills `dir` (which must not exist yet; its parents are made private if missing) with a copy of the migrated, empty embedded database. */
export async function seedPgliteDir(dir: string): Promise<void> {
  if (existsSync(dir)) throw new Error(`seedPgliteDir: ${dir} already exists`);
  const source = await template();
  mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
  cpSync(source, dir, { recursive: true });
}
