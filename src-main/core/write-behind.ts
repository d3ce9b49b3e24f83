/**
 * Store writes in flight behind the pipeline. Writing batch N while batch N+1 is decoded lets the
 * database and the engine use both cores; the bound is the backpressure (submit waits for the oldest
 * write once MAX_PENDING_WRITES are in flight), so nothing queues without limit. Completions are
 * chained in submit order, so "durable" callbacks run in order and only after every earlier write.
 */

/** Store writes that may be in flight while the pipeline decodes the next batches. */
export const MAX_PENDING_WRITES = 3;

interface PendingWrite {
  readonly done: Promise<void>;
  readonly rows: number;
}

/** The store refused a write: nothing after it counts as durable, so the engine must restart (see EngineHooks.onFatal). */
export class StoreWriteFailed extends Error {
  override readonly name = 'StoreWriteFailed';
}

export class WriteBehind {
  private last: Promise<void> = Promise.resolve();
  /** Oldest first. */
  private pending: PendingWrite[] = [];
  /** The first write that failed: from then on nothing more is reported durable and every call fails. */
  private failure: Error | null = null;

  /**
   * Takes the writes of one step; `onDurable` runs once they and every earlier write are durable (never
   * after a failure). Resolves at once unless too many writes are in flight; rejects after a failure.
   * A step without writes (a tick's, mostly) holds nothing, so it neither takes a slot nor waits for one:
   * when it did, the ~20 ticks a second filled the slots behind one slow write, and the next step that
   * did write (an HTTP push group) waited for that write to end instead of being taken beside it.
   */
  async submit(writes: readonly Promise<void>[], rows: number, onDurable: () => void): Promise<void> {
    this.throwIfFailed();
    const done = Promise.all([this.last, ...writes]).then(() => {
      if (this.failure === null) onDurable();
    });
    if (writes.length === 0) {
      // `last` never rejects (a failure is kept in `failure`), but `onDurable` may throw: kept as a failure too.
      this.last = done.catch((error: unknown) => {
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      });
      return;
    }
    const entry: PendingWrite = { done, rows };
    this.pending.push(entry);
    this.last = done.then(
      () => this.settle(entry),
      (error: unknown) => {
        this.settle(entry);
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      },
    );
    while (this.pending.length > MAX_PENDING_WRITES) await this.pending[0]!.done.catch(() => undefined);
    this.throwIfFailed();
  }

  /** Resolves once every submitted write is durable; rejects with the first failure. */
  async flush(): Promise<void> {
    await this.last;
    this.throwIfFailed();
  }

  /** Rows submitted and not durable yet. */
  pendingRows(): number {
    let rows = 0;
    for (const p of this.pending) rows += p.rows;
    return rows;
  }

  throwIfFailed(): void {
    if (this.failure !== null) throw new StoreWriteFailed(`the store refused a write; nothing after it is committed: ${this.failure.message}`, { cause: this.failure });
  }

  private settle(entry: PendingWrite): void {
    const i = this.pending.indexOf(entry);
    if (i >= 0) this.pending.splice(i, 1);
  }
}
