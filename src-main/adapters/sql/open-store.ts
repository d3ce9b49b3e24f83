import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { DatabaseSettings } from '../../../src-shared/settings/schema';
import type { HistoryStore } from '../../core/ports';
import { openPostgresBackend } from '../postgres/open-postgres';
import { PgliteStoreClient } from '../pglite/pglite-store-client';
import type { WorkerFileDigests } from '../pglite/worker-files';
import { BufferedStore } from './buffered-store';
import type { StoreBackend } from './store-write';

export interface OpenStoreOptions {
  /** The app's data directory: PGlite lives in <dataDir>/pglite unless settings name a dir; spill files in <dataDir>/store-spill. */
  readonly dataDir: string;
  /** PostgreSQL password (a secret, never in the URL or settings). */
  readonly password?: string;
  /** Outage buffer size in rows (default 2,000,000). */
  readonly capacityRows?: number;
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  /** PGlite worker entry, for bundled builds that place it elsewhere (see pglite-store-client.ts). */
  readonly pgliteWorkerUrl?: URL;
  /** Digests of the bundled worker's files, checked before it starts (see pglite/worker-files.ts). */
  readonly pgliteWorkerDigests?: WorkerFileDigests;
}

/**
 * The store for a profile's database settings, behind the outage buffer. Never rejects because the
 * database is away: the returned store reports that in status() and buffers writes. 'memory' is an
 * in-memory PGlite (real SQL, nothing kept).
 */
export async function openStore(settings: DatabaseSettings, options: OpenStoreOptions): Promise<HistoryStore> {
  const backend = createBackend(settings, options);
  const spillDir = settings.kind === 'memory' ? await mkdtemp(join(tmpdir(), 'stationwatch-spill-')) : join(options.dataDir, 'store-spill', spillName(settings));
  return BufferedStore.open(backend, {
    spillDir,
    ...(settings.kind === 'memory' ? { kind: 'memory' as const } : {}),
    target: settings.kind === 'postgres' ? hostOf(settings.url) : null,
    ...(options.capacityRows !== undefined ? { capacityRows: options.capacityRows } : {}),
    ...(options.retryInitialMs !== undefined ? { retryInitialMs: options.retryInitialMs } : {}),
    ...(options.retryMaxMs !== undefined ? { retryMaxMs: options.retryMaxMs } : {}),
  });
}

function createBackend(settings: DatabaseSettings, options: OpenStoreOptions): StoreBackend {
  const workerUrl = {
    ...(options.pgliteWorkerUrl !== undefined ? { workerUrl: options.pgliteWorkerUrl } : {}),
    ...(options.pgliteWorkerDigests !== undefined ? { workerDigests: options.pgliteWorkerDigests } : {}),
  };
  switch (settings.kind) {
    case 'postgres':
      return openPostgresBackend({ url: settings.url, ssl: settings.ssl, ...(options.password !== undefined ? { password: options.password } : {}) });
    case 'pglite':
      return new PgliteStoreClient({ dir: pgliteFolder(settings.dir, options.dataDir), ...workerUrl });
    case 'memory':
      return new PgliteStoreClient({ dir: null, ...workerUrl });
  }
}

/** Where the embedded database lives: the folder the settings name, else <dataDir>/pglite. */
export function pgliteFolder(dir: string | null, dataDir: string): string {
  return dir ?? join(dataDir, 'pglite');
}

/** One spill directory per database, so switching profiles never replays one database's writes into another. */
function spillName(settings: DatabaseSettings): string {
  const key = settings.kind === 'postgres' ? settings.url : settings.kind === 'pglite' ? (settings.dir ?? 'default') : 'memory';
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return `${settings.kind}-${(hash >>> 0).toString(16)}`;
}

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  } catch {
    return null;
  }
}
