/**
 * A migrated, empty PGlite database folder to start a test's embedded database from, instead of a new one.
 *
 * A new PGlite folder runs initdb first: about 3.5 s of CPU here (5 s for the first open, against 1.5 s for a
 * copy of a folder already made), and the suites open dozens. A copy has the schema the engine's first start
 * makes: the template is made by the engine's own openStore() and migrations, then opened directly and checked
 * to hold every migration, and a store opened on a copy still runs its migrations (none left to apply). Copies
 * share the template's system identifier and migration times, which nothing reads. Tests about the first start
 * itself keep starting from nothing: the store suite's migrations, the desktop app's first start
 * (main.test.ts) and headless mode's (ui-compliance-report.test.ts).
 *
 * The template lives in the system's temporary folder, per user, named by a digest of what shapes it (the
 * migrations, how PGlite is opened, this file, the PGlite version), so a change to any makes a new one. It is
 * made in a private folder, checked, marked complete and renamed into place, so racing test processes never
 * take half of one; one found incomplete or not this user's (a temporary-folder cleaner removes files before
 * folders) is made again.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { openStore } from '../../src-main/adapters/sql/open-store';
import { openPgliteClient } from '../../src-main/adapters/pglite/pglite-sql-client';
import { MIGRATIONS } from '../../src-main/adapters/sql/migrations';

const root = join(import.meta.dirname, '..', '..');
const SHAPED_BY = ['src-main/adapters/sql/migrations.ts', 'src-main/adapters/sql/migrate.ts', 'src-main/adapters/pglite/pglite-sql-client.ts', 'tests/helpers/pglite-template.ts', 'node_modules/@electric-sql/pglite/package.json'];
/** Written last into a checked template: a folder without it is not one. */
const COMPLETE = 'stationwatch-template-complete';

function templateDir(): string {
  const digest = createHash('sha256');
  for (const file of SHAPED_BY) digest.update(readFileSync(join(root, file)));
  return join(tmpdir(), `stationwatch-pglite-template-${userInfo().uid}-${digest.digest('hex').slice(0, 16)}`);
}

function isComplete(dir: string): boolean {
  return existsSync(join(dir, COMPLETE)) && statSync(dir).uid === userInfo().uid;
}

/** Makes the template in `work`/db and checks it: throws unless PGlite opens it and it holds the last migration. */
async function make(work: string): Promise<string> {
  const db = join(work, 'db');
  const store = await openStore({ kind: 'pglite', dir: db }, { dataDir: work });
  try {
    await store.writeWindows([]);
    await store.caughtUp();
  } finally {
    await store.close();
  }
  const client = await openPgliteClient(db);
  try {
    const { rows } = await client.query('SELECT max(version) FROM schema_migrations');
    const last = MIGRATIONS.at(-1)!.version;
    if (Number(rows[0]?.[0]) !== last) throw new Error(`pglite-template: the template in ${db} is not at schema version ${last}`);
  } finally {
    await client.close();
  }
  writeFileSync(join(db, COMPLETE), '');
  return db;
}

let made: Promise<string> | null = null;

/** The template folder, made now if no process of this user has made it yet. */
function template(): Promise<string> {
  made ??= (async () => {
    const dir = templateDir();
    if (isComplete(dir)) return dir;
    const work = mkdtempSync(join(tmpdir(), 'stationwatch-pglite-making-'));
    try {
      const db = await make(work);
      if (isComplete(dir)) return dir;
      // An incomplete or foreign one goes aside first; a rename onto a folder that is there fails.
      if (existsSync(dir)) renameSync(dir, join(work, 'bad'));
      try {
        renameSync(db, dir);
      } catch (error) {
        // Another process put its own in place first: the same database, so that one serves.
        if (!isComplete(dir)) throw error;
      }
      return dir;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  })();
  return made;
}

/** Fills `dir` (which must not exist yet; its parents are made private if missing) with a copy of the migrated, empty embedded database. */
export async function seedPgliteDir(dir: string): Promise<void> {
  if (existsSync(dir)) throw new Error(`seedPgliteDir: ${dir} already exists`);
  const source = await template();
  mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
  cpSync(source, dir, { recursive: true, filter: (path) => !path.endsWith(COMPLETE) });
}
