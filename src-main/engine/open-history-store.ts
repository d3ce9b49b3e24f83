/** Opens the profile's database: in-memory, embedded PGlite (the default) or a PostgreSQL server. */
import type { EngineOptions } from './engine-api';
import type { Profile } from '../../src-shared/settings/schema';
import type { HistoryStore } from '../core/ports';
import { MemoryStore } from '../core/memory-store';

export async function openHistoryStore(profile: Profile, _options: EngineOptions): Promise<HistoryStore> {
  const database = profile.database;
  switch (database.kind) {
    case 'memory':
      return new MemoryStore();
    case 'pglite':
    case 'postgres':
      throw new Error(`The ${database.kind} store is not wired into the engine yet.`);
  }
}
