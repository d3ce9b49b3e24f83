import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StoreBackend, StoreWrite } from '../sql/store-write';
import type { AirHistory } from '../../core/air-quality/air-history-port';
import type { AlarmSnapshot, HistoryQuery, RetentionPolicy, RetentionResult, WindowSeries, WindowSeriesQuery } from '../../core/ports';
import type { HistoryResult } from '../../../src-shared/ipc/contract';
import type { Station } from '../../../src-shared/domain/station';
import type { Alarm, AlarmEvent } from '../../../src-shared/domain/alarms';
import type { Rule } from '../../../src-shared/domain/rules';
import type { QuarantinedMessage } from '../../../src-shared/ipc/status';
import type { WorkerInit, WorkerMethod, WorkerReply, WorkerRequest } from './worker-protocol';
import { verifyWorkerFiles } from './worker-files';
import type { WorkerFileDigests } from './worker-files';

export interface PgliteOptions {
  /** Database directory; null = in memory. */
  readonly dir: string | null;
  /** Where the worker entry is. Default: pglite-worker.ts beside this file in dev, pglite-worker.js beside the bundle. */
  readonly workerUrl?: URL;
  /** Digests of the files the worker runs from (names in its directory), checked before every start; none in dev. */
  readonly workerDigests?: WorkerFileDigests;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The PGlite backend as seen from the engine thread: each call is a message to the worker that owns
 * the database. If the worker dies, pending calls reject and the next call starts a new one.
 */
export class PgliteStoreClient implements StoreBackend {
  readonly kind = 'pglite' as const;
  /** The running worker, once started. */
  private worker: Worker | null = null;
  /** What every call posts to, in call order: the worker, once its files are checked and it is started. */
  private starting: Promise<Worker> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly options: PgliteOptions) {}

  ready = (): Promise<void> => this.call('ready') as Promise<void>;
  apply = (write: StoreWrite): Promise<void> => this.call('apply', write) as Promise<void>;
  runRetention = (policy: RetentionPolicy, now: number): Promise<RetentionResult> => this.call('runRetention', policy, now) as Promise<RetentionResult>;
  queryHistory = (query: HistoryQuery): Promise<HistoryResult> => this.call('queryHistory', query) as Promise<HistoryResult>;
  queryWindows = (query: WindowSeriesQuery): Promise<readonly WindowSeries[]> => this.call('queryWindows', query) as Promise<WindowSeries[]>;
  listStations = (): Promise<readonly Station[]> => this.call('listStations') as Promise<Station[]>;
  loadAlarms = (): Promise<AlarmSnapshot> => this.call('loadAlarms') as Promise<AlarmSnapshot>;
  alarmHistory = (from: number, to: number, limit: number): Promise<{ alarms: readonly Alarm[]; events: readonly AlarmEvent[] }> =>
    this.call('alarmHistory', from, to, limit) as Promise<{ alarms: Alarm[]; events: AlarmEvent[] }>;
  listRejected = (limit: number): Promise<readonly QuarantinedMessage[]> => this.call('listRejected', limit) as Promise<QuarantinedMessage[]>;
  loadRules = (): Promise<readonly Rule[] | null> => this.call('loadRules') as Promise<Rule[] | null>;
  getState = (key: string): Promise<string | null> => this.call('getState', key) as Promise<string | null>;
  readShiftLog: StoreBackend['readShiftLog'] = (read) => this.call('readShiftLog', read) as ReturnType<StoreBackend['readShiftLog']>;
  readHandovers: StoreBackend['readHandovers'] = (read) => this.call('readHandovers', read) as ReturnType<StoreBackend['readHandovers']>;
  readNotices: StoreBackend['readNotices'] = (limit) => this.call('readNotices', limit) as ReturnType<StoreBackend['readNotices']>;
  airHistory: AirHistory = (request) => this.call('airHistory', request) as Promise<never>;
  replaySeek: StoreBackend['replaySeek'] = (seek) => this.call('replaySeek', seek) as ReturnType<StoreBackend['replaySeek']>;
  readIncidents: StoreBackend['readIncidents'] = (limit) => this.call('readIncidents', limit) as ReturnType<StoreBackend['readIncidents']>;
  writeIncident: StoreBackend['writeIncident'] = (write) => this.call('writeIncident', write) as Promise<void>;

  async close(): Promise<void> {
    if (this.starting === null) return;
    await this.call('close').catch(() => undefined);
    await this.worker?.terminate();
    this.worker = null;
    this.starting = null;
  }

  private call(method: WorkerMethod, ...args: unknown[]): Promise<unknown> {
    const worker = (this.starting ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: WorkerRequest = { id, method, args };
      worker.then(
        (started) => started.postMessage(request),
        (error: Error) => {
          this.pending.delete(id);
          reject(error);
        },
      );
    });
  }

  /** Checks the worker's files when digests are given, then starts it. A failed check starts nothing; the next call checks again. */
  private async start(): Promise<Worker> {
    const url = this.options.workerUrl ?? defaultWorkerUrl();
    if (this.options.workerDigests !== undefined) {
      try {
        await verifyWorkerFiles(dirname(fileURLToPath(url)), this.options.workerDigests);
      } catch (error) {
        this.starting = null;
        throw error;
      }
    }
    const init: WorkerInit = { dir: this.options.dir };
    const worker = spawnWorker(url, init);
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(Object.assign(new Error(reply.message), { code: reply.code }));
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) {
        this.worker = null;
        this.starting = null;
      }
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) => fail(new Error(`embedded database worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`embedded database worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

function defaultWorkerUrl(): URL {
  const isSource = import.meta.url.endsWith('.ts');
  return new URL(isSource ? './pglite-worker.ts' : './pglite-worker.js', import.meta.url);
}

/**
 * A .ts entry (dev, tests) cannot be started with `execArgv: ['--import', 'tsx']` on Node 20 (the
 * worker ignores the hooks: ERR_UNKNOWN_FILE_EXTENSION), so it is loaded through tsx's tsImport from
 * a tiny eval'd bootstrap instead. A bundled .js entry starts directly.
 */
function spawnWorker(url: URL, init: WorkerInit): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData: init });
  // The ESM build of tsx's API; its CommonJS build cannot be loaded from an eval'd worker.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => m.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}))`;
  return new Worker(boot, { eval: true, workerData: init });
}
