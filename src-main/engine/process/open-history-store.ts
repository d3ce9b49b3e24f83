/** Opens the profile's database: embedded PGlite (the default), a PostgreSQL server, or memory (tests). */
import type { EngineOptions } from '../engine-api';
import type { Profile } from '../../../src-shared/settings/schema';
import type { HistoryStore } from '../../core/ports';
import { MemoryStore } from '../../adapters/memory/memory-store';
import { openStore } from '../../adapters/sql/open-store';
import { bundledWorker } from './bundled-worker';

export async function openHistoryStore(profile: Profile, options: EngineOptions): Promise<HistoryStore> {
  const database = profile.database;
  if (database.kind === 'memory') return new MemoryStore();
  const password = options.secrets[profile.id]?.databasePassword;
  // In the bundled app the engine is dist/engine/engine-entry.cjs and the PGlite worker sits beside it.
  const worker = database.kind === 'pglite' ? bundledWorker(import.meta.url) : null;
  return openStore(database, {
    dataDir: options.dataDir,
    ...(password ? { password } : {}),
    ...(worker !== null ? { pgliteWorkerUrl: worker.url, pgliteWorkerDigests: worker.digests } : {}),
  });
}
