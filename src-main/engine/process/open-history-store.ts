/** Opens the profile's database: embedded PGlite (the default), a PostgreSQL server, or memory (tests). */
import type { EngineOptions } from '../engine-api';
import type { Profile } from '../../../src-shared/settings/schema';
import type { HistoryStore } from '../../core/ports';
import { MemoryStore } from '../../adapters/memory/memory-store';
import { openStore } from '../../adapters/sql/open-store';

export async function openHistoryStore(profile: Profile, options: EngineOptions): Promise<HistoryStore> {
  const database = profile.database;
  if (database.kind === 'memory') return new MemoryStore();
  const password = options.secrets[profile.id]?.databasePassword;
  return openStore(database, {
    dataDir: options.dataDir,
    ...(password ? { password } : {}),
    ...(bundledWorkerUrl() ? { pgliteWorkerUrl: bundledWorkerUrl() as URL } : {}),
  });
}

// In the bundled app the engine is dist/engine/engine-entry.cjs and the PGlite worker sits beside it.
function bundledWorkerUrl(): URL | null {
  return import.meta.url.endsWith('.cjs') ? new URL('./pglite-worker.cjs', import.meta.url) : null;
}
