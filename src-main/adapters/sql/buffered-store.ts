import type { HistoryStore, LateBatch, LateProgress, OutOfServiceEntry, RetentionPolicy, RetentionResult, StoreStatus } from '../../core/ports';
import type { StoreState } from '../../../src-shared/ipc/status';
import type { SourcePosition } from '../../../src-shared/domain/reading';
import type { StoreBackend, StoreWrite } from './store-write';
import type { AirHistory } from '../../core/air-quality/air-history-port';
import { writeRowCount } from './store-write';
import { isolateRefusedRows } from './refused-rows';
import { SpillQueue } from './spill-queue';
import { describeDatabaseError } from './describe-error';
import type { DescribedError } from './describe-error';
import { DEAD_LETTER_FILE, DeadLetterFile } from './dead-letter-file';
import { RetrySleep } from './retry-sleep';

/**
 * Most rows one database call takes when windows and readings writes queue up behind a slow one: they
 * are merged (per kind, in order) into one write each. PostgreSQL took 65k readings/s in 1,100-row
 * transactions (a 256 KiB Kafka fetch) and 92-97k/s in 4,400-8,800-row ones.
 */
export const COALESCE_ROWS = 10_000;

/**
 * Attempts a write gets when the failure may be its own fault (a statement timeout, an error without a
 * SQLSTATE) before it is split to find the rows at fault. A database that is away is retried without limit.
 */
export const UNCERTAIN_ATTEMPTS = 3;

interface Waiting {
  readonly write: StoreWrite;
  /** Written already as part of an earlier entry's merged write. */
  applied: boolean;
}

export interface BufferedStoreOptions {
  /** Directory for the spill files (and dead-letter.jsonl). */
  readonly spillDir: string;
  /** dead-letter.jsonl rotates past this size (default 10 MiB) … */
  readonly deadLetterMaxBytes?: number;
  /** … keeping this many files in all (default 3). */
  readonly deadLetterKeep?: number;
  /** Default UNCERTAIN_ATTEMPTS. */
  readonly uncertainAttempts?: number;
  /** Rows the spill may hold before isFull() turns true. */
  readonly capacityRows?: number;
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  /** "host:port", to name where a connection failed when the driver does not say. */
  readonly target?: string | null;
  /** Reported kind; defaults to the backend's ('memory' for an in-memory PGlite). */
  readonly kind?: StoreStatus['kind'];
  /** Wall clock for rules/state timestamps. */
  readonly clock?: () => number;
}

/**
 * Any backend behind an outage buffer. Writes are applied in call order, one at a time. While the
 * database answers they go straight through; when it fails (or while older writes are still waiting)
 * they are appended to the fsync'ed spill and the call resolves — accepted, durable, in order. A drain
 * loop retries with backoff and replays the spill in order when the database is back. When the spill
 * is full, writes wait (so the awaiting source pauses) and isFull() says so. Nothing here throws at a
 * caller because the database is away; only close() ends waiting writes.
 */
export class BufferedStore implements HistoryStore {
  private chain: Promise<void> = Promise.resolve();
  /** Accepted writes whose turn in the chain has not come yet, oldest first. */
  private waiting: Waiting[] = [];
  private spilling: boolean;
  private draining = false;
  private closed = false;
  private roomWaiters: (() => void)[] = [];
  /** Woken on every status refresh; caughtUp() checks again. */
  private caughtUpWaiters: (() => void)[] = [];
  private readonly listeners = new Set<(status: StoreStatus) => void>();
  private current: StoreStatus;
  private deadLetters = 0;
  private lastDeadLetter = '';
  private readonly deadLetterFile: DeadLetterFile;
  /** Failures of the spill's oldest write that may be its own fault; at UNCERTAIN_ATTEMPTS it is split. */
  private headFailures = 0;
  /** The latest reason the database could not be reached; null once a call succeeds. */
  private lastError: string | null = null;
  private hasConnected = false;
  private readonly probeBackoff: RetrySleep;
  private readonly capacity: number;
  private readonly backoff: RetrySleep;
  private readonly clock: () => number;

  private constructor(
    private readonly backend: StoreBackend,
    private readonly spill: SpillQueue,
    private readonly options: BufferedStoreOptions,
  ) {
    this.capacity = options.capacityRows ?? 2_000_000;
    const retry = { initialMs: options.retryInitialMs ?? 250, maxMs: options.retryMaxMs ?? 10_000 };
    this.backoff = new RetrySleep(retry);
    this.probeBackoff = new RetrySleep(retry);
    this.clock = options.clock ?? Date.now;
    this.deadLetterFile = new DeadLetterFile({ dir: options.spillDir, ...(options.deadLetterMaxBytes !== undefined ? { maxBytes: options.deadLetterMaxBytes } : {}), ...(options.deadLetterKeep !== undefined ? { keep: options.deadLetterKeep } : {}) });
    this.spilling = !spill.isEmpty;
    this.current = { kind: backend.kind, state: 'starting', queueDepth: spill.depth, queueCapacity: this.capacity, detail: null };
  }

  /** Opens the spill (replaying what a previous run left) and starts connecting in the background. */
  static async open(backend: StoreBackend, options: BufferedStoreOptions): Promise<BufferedStore> {
    const store = new BufferedStore(backend, await SpillQueue.open(options.spillDir), options);
    if (store.spilling) store.kickDrain();
    else void store.probe();
    return store;
  }

  writeWindows = (windows: Parameters<HistoryStore['writeWindows']>[0], progress?: LateProgress): Promise<void> => this.accept(progress === undefined ? { op: 'windows', windows } : { op: 'windows', windows, progress });
  writeReadings = (readings: Parameters<HistoryStore['writeReadings']>[0]): Promise<void> => this.accept({ op: 'readings', readings });
  /** Late values, merged in call order: after every windows write accepted before (never coalesced with them). */
  mergeLate = (batch: LateBatch, progress?: LateProgress): Promise<void> => this.accept(progress === undefined ? { op: 'late', batch } : { op: 'late', batch, progress });
  saveLateProgress = (progress: LateProgress): Promise<void> => this.accept({ op: 'late-progress', progress });
  dropLateProgressBeyond = (ends: readonly SourcePosition[], at: number): Promise<void> => this.accept({ op: 'late-progress-drop', ends, at });
  writeAlarms = (alarms: Parameters<HistoryStore['writeAlarms']>[0], events: Parameters<HistoryStore['writeAlarms']>[1]): Promise<void> =>
    this.accept({ op: 'alarms', alarms, events });
  writeRejected = (messages: Parameters<HistoryStore['writeRejected']>[0]): Promise<void> => this.accept({ op: 'rejected', messages });
  upsertStations = (stations: Parameters<HistoryStore['upsertStations']>[0]): Promise<void> => this.accept({ op: 'stations', stations });
  ensureStations = (ids: readonly string[]): Promise<void> => this.accept({ op: 'ensure-stations', ids });
  saveRules = (rules: Parameters<HistoryStore['saveRules']>[0]): Promise<void> => this.accept({ op: 'rules', rules, at: this.clock() });
  setState = (key: string, value: string): Promise<void> => this.accept({ op: 'state', key, value, at: this.clock() });
  setOutOfService = (entry: OutOfServiceEntry, outOfService: boolean): Promise<void> => this.accept({ op: 'out-of-service', entry, outOfService });
  writeShift: HistoryStore['writeShift'] = (write) => this.accept({ op: 'shift', write });
  writeNotice: HistoryStore['writeNotice'] = (notice) => this.accept({ op: 'notice', notice });
  writeQualityFlags = (flags: Parameters<NonNullable<HistoryStore['writeQualityFlags']>>[0]): Promise<void> => this.accept({ op: 'quality-flags', flags });

  queryHistory: HistoryStore['queryHistory'] = (query) => this.read(() => this.backend.queryHistory(query));
  queryWindows: HistoryStore['queryWindows'] = (query) => this.read(() => this.backend.queryWindows(query));
  listStations: HistoryStore['listStations'] = () => this.read(() => this.backend.listStations());
  loadAlarms: HistoryStore['loadAlarms'] = () => this.read(() => this.backend.loadAlarms());
  alarmHistory: HistoryStore['alarmHistory'] = (from, to, limit) => this.read(() => this.backend.alarmHistory(from, to, limit));
  listRejected: HistoryStore['listRejected'] = (limit) => this.read(() => this.backend.listRejected(limit));
  loadRules: HistoryStore['loadRules'] = () => this.read(() => this.backend.loadRules());
  getState: HistoryStore['getState'] = (key) => this.read(() => this.backend.getState(key));
  readShiftLog: HistoryStore['readShiftLog'] = (read) => this.read(() => this.backend.readShiftLog(read));
  readHandovers: HistoryStore['readHandovers'] = (read) => this.read(() => this.backend.readHandovers(read));
  replaySeek: HistoryStore['replaySeek'] = (seek) => this.read(() => this.backend.replaySeek(seek));
  readIncidents: HistoryStore['readIncidents'] = (limit) => this.read(() => this.backend.readIncidents(limit));
  // An operator's save: straight to the database (refused with a plain reason while it is away), not spilled.
  writeIncident: HistoryStore['writeIncident'] = (write) => this.read(() => this.backend.writeIncident(write));
  readNotices: HistoryStore['readNotices'] = (limit) => this.read(() => this.backend.readNotices(limit));
  airHistory: AirHistory = (request) => this.read(() => this.backend.airHistory!(request));

  /** Deletes old history now; rejects with a plain reason while the database is away (the next run catches up). */
  runRetention(policy: RetentionPolicy, now: number): Promise<RetentionResult> {
    return this.read(() => this.backend.runRetention(policy, now));
  }

  status(): StoreStatus {
    return this.current;
  }

  isFull(): boolean {
    return this.spill.depth >= this.capacity;
  }

  async caughtUp(): Promise<void> {
    for (;;) {
      if (this.closed) throw new Error('the store is closed');
      // Every write accepted before now has had its turn: written, or appended to the spill.
      await this.chain;
      if (this.closed) throw new Error('the store is closed');
      if (this.hasConnected && !this.spilling) return;
      await new Promise<void>((resolve) => this.caughtUpWaiters.push(resolve));
    }
  }

  onStatus(listener: (status: StoreStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lets accepted writes finish (or stay spilled for the next run), then closes the backend. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of this.roomWaiters.splice(0)) wake();
    for (const wake of this.caughtUpWaiters.splice(0)) wake();
    this.backoff.cancel();
    this.probeBackoff.cancel();
    await this.chain.catch(() => undefined);
    while (this.draining) await new Promise((r) => setTimeout(r, 10));
    await this.spill.close();
    await this.backend.close();
    this.refresh();
  }

  private accept(write: StoreWrite): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const entry: Waiting = { write, applied: false };
    this.waiting.push(entry);
    const step = this.chain.then(() => this.acceptNow(entry));
    this.chain = step.catch(() => undefined);
    return step;
  }

  private async acceptNow(entry: Waiting): Promise<void> {
    const at = this.waiting.indexOf(entry);
    if (at >= 0) this.waiting.splice(at, 1);
    if (entry.applied) return;
    if (this.closed) throw new Error('the store is closed');
    const { write } = entry;
    if (!this.spilling) {
      const group = this.mergeable(entry);
      const failure = group.length > 1 ? await this.applyMerged(group) : undefined;
      if (failure === null) return;
      if (failure !== undefined) {
        // The database is away (or may be): spill this write now (the rest follow in their turns).
        // Otherwise one row may be bad: write this entry alone below, so it cannot sink its neighbours.
        const described = this.describe(failure);
        if (described.kind !== 'invalid') [this.spilling, this.lastError] = [true, described.message];
      }
    }
    if (!this.spilling) {
      try {
        await this.backend.apply(write);
        this.succeeded();
        return;
      } catch (error) {
        const described = this.describe(error);
        // Invalid rows are set aside and the rest written now; anything else goes through the spill's retries.
        if (described.kind !== 'invalid') this.lastError = described.message;
        else if (await this.isolate(write, described)) return;
        this.spilling = true;
      }
    }
    while (this.isFull() && !this.closed) {
      this.refresh();
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    if (this.closed) throw new Error('the store is closed');
    await this.spill.append(write);
    this.refresh();
    this.kickDrain();
  }

  /** The entry plus the windows and readings writes queued right behind it, up to COALESCE_ROWS rows. */
  private mergeable(entry: Waiting): Waiting[] {
    if (!isMergeable(entry.write)) return [entry];
    const group = [entry];
    let rows = writeRowCount(entry.write);
    for (const next of this.waiting) {
      if (!isMergeable(next.write) || rows + writeRowCount(next.write) > COALESCE_ROWS) break;
      group.push(next);
      rows += writeRowCount(next.write);
    }
    return group;
  }

  /**
   * Writes a group as one windows write and one readings write (upserts, so order within a kind is all
   * that matters, and redoing part of it is harmless). Null when written, else the error; the entries are
   * then written one by one in their own turns.
   */
  private async applyMerged(group: readonly Waiting[]): Promise<unknown> {
    const windows = group.flatMap((e) => (e.write.op === 'windows' ? e.write.windows : []));
    const readings = group.flatMap((e) => (e.write.op === 'readings' ? e.write.readings : []));
    // The newest progress among them goes with the merged windows, in their transaction.
    let progress: LateProgress | undefined;
    for (const e of group) if (e.write.op === 'windows' && e.write.progress !== undefined) progress = e.write.progress;
    try {
      if (progress !== undefined) await this.backend.apply({ op: 'windows', windows, progress });
      else if (windows.length > 0) await this.backend.apply({ op: 'windows', windows });
      if (readings.length > 0) await this.backend.apply({ op: 'readings', readings });
    } catch (error) {
      return error ?? new Error('merged write failed');
    }
    for (const e of group) e.applied = true;
    this.succeeded();
    return null;
  }

  private kickDrain(): void {
    if (this.draining || this.closed) return;
    this.draining = true;
    void this.drain().finally(() => {
      this.draining = false;
    });
  }

  /** Replays the spill in order; switches back to direct writes only from inside the write chain, so no write overtakes the spill. */
  private async drain(): Promise<void> {
    while (!this.closed) {
      const write = await this.spill.peek();
      if (write === null) {
        const done = this.chain.then(() => {
          if (this.spill.isEmpty) this.spilling = false;
        });
        this.chain = done;
        await done;
        if (!this.spilling) {
          this.refresh();
          return;
        }
        continue;
      }
      try {
        await this.backend.apply(write);
        this.backoff.reset();
        this.succeeded();
      } catch (error) {
        const described = this.describe(error);
        // The database is away: wait for it without limit. Invalid rows, or a write that keeps failing in a
        // way that may be its own (a statement timeout), is split until the refused rows are set aside.
        const mayRetry = described.kind === 'unreachable' || (described.kind === 'uncertain' && ++this.headFailures < (this.options.uncertainAttempts ?? UNCERTAIN_ATTEMPTS));
        if (mayRetry) this.lastError = described.message;
        if (mayRetry || !(await this.isolate(write, described))) {
          this.refresh();
          await this.backoff.wait();
          continue;
        }
        this.backoff.reset();
      }
      this.headFailures = 0;
      await this.spill.shift();
      for (const wake of this.roomWaiters.splice(0)) wake();
      this.refresh();
    }
  }

  /** Connects and migrates at start; until it succeeds the status says why. */
  private async probe(): Promise<void> {
    while (!this.closed && !this.hasConnected) {
      try {
        await this.backend.ready();
        this.succeeded();
        return;
      } catch (error) {
        if (this.spilling || this.closed) return; // the drain loop reports and retries from here on
        this.lastError = this.describe(error).message;
        this.refresh();
        await this.probeBackoff.wait();
      }
    }
  }

  /**
   * Stores every row of `write` (which just failed with `failure`) but those the database refuses, which
   * go to dead-letter.jsonl with its reason (refused-rows.ts). False when the database went away meanwhile:
   * nothing is set aside then, and the caller keeps the whole write to retry.
   */
  private async isolate(write: StoreWrite, failure: DescribedError): Promise<boolean> {
    // The rows are split to find the refused ones; a progress they carry is saved once, after all of them.
    const progress = (write.op === 'windows' || write.op === 'late') && write.progress !== undefined ? write.progress : null;
    const rows: StoreWrite = write.op === 'windows' ? { op: 'windows', windows: write.windows } : write.op === 'late' ? { op: 'late', batch: write.batch } : write;
    const isolation = await isolateRefusedRows(rows, failure.message, (part) => this.backend.apply(part), (error) => this.describe(error));
    if ('unreachable' in isolation) return (this.lastError = isolation.unreachable.message), false;
    for (const row of isolation.refused) await this.deadLetter(row.write, row.reason);
    if (progress !== null) await this.backend.apply({ op: 'late-progress', progress });
    this.succeeded();
    return true;
  }

  /** A write the database refuses as invalid would block the queue forever: set aside on disk (rotated), counted, reported. */
  private async deadLetter(write: StoreWrite, reason: string): Promise<void> {
    this.deadLetters += writeRowCount(write);
    this.lastDeadLetter = reason;
    await this.deadLetterFile.append({ at: this.clock(), reason, write });
    this.refresh();
  }

  private describe(error: unknown): DescribedError {
    return describeDatabaseError(error, this.options.target ?? null);
  }

  private async read<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new Error(`database unavailable: ${this.describe(error).message}`, { cause: error });
    }
  }

  private succeeded(): void {
    this.hasConnected = true;
    this.lastError = null;
    this.refresh();
  }

  /**
   * ok: connected, nothing waiting. buffering: writes are waiting on disk (database away, or catching
   * up). unavailable: the database cannot be reached and nothing is buffered yet, or the buffer is full.
   */
  private refresh(): void {
    const depth = this.spill.depth;
    let state: StoreState;
    let detail: string | null;
    if (this.closed) [state, detail] = ['stopped', null];
    else if (this.spilling && this.isFull()) [state, detail] = ['unavailable', `outage buffer full (${depth} rows); input paused until the database catches up${this.lastError ? `: ${this.lastError}` : ''}`];
    else if (this.spilling) [state, detail] = ['buffering', this.lastError ?? `catching up: ${depth} rows still to write`];
    else if (this.lastError !== null) [state, detail] = ['unavailable', this.lastError];
    else [state, detail] = [this.hasConnected ? 'ok' : 'starting', null];
    if (this.deadLetters > 0) detail = `${detail ? `${detail}; ` : ''}${this.deadLetters} rows refused by the database, kept in ${DEAD_LETTER_FILE} (${this.lastDeadLetter})`;
    this.report(state, detail, depth);
    for (const wake of this.caughtUpWaiters.splice(0)) wake();
  }

  private report(state: StoreState, detail: string | null, depth: number): void {
    const next: StoreStatus = { kind: this.options.kind ?? this.backend.kind, state, queueDepth: depth, queueCapacity: this.capacity, detail };
    const c = this.current;
    if (c.state === next.state && c.detail === next.detail && c.queueDepth === next.queueDepth) return;
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }
}

function isMergeable(write: StoreWrite): boolean {
  return write.op === 'windows' || write.op === 'readings';
}
