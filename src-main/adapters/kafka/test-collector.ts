/**
 * A BatchHandler for the Kafka integration tests: records batches and status changes and lets a test wait
 * for a condition. Lives beside the tests; not used by the app.
 */
import type { RawMessage } from '../../../src-shared/domain/reading';
import type { SourceState } from '../../../src-shared/ipc/status';
import type { BatchHandler, SourceBatch } from '../../core/ports';

/** Collects what a source delivers. `afterBatch` runs inside onBatch (e.g. to commit). */
export class TestCollector implements BatchHandler {
  readonly batches: RawMessage[][] = [];
  readonly statuses: { state: SourceState; detail: string | null }[] = [];
  afterBatch: ((messages: readonly RawMessage[]) => Promise<void>) | null = null;

  async onBatch(batch: SourceBatch): Promise<void> {
    if (batch.kind !== 'raw') throw new Error('expected raw batches from Kafka');
    this.batches.push([...batch.messages]);
    if (this.afterBatch !== null) await this.afterBatch(batch.messages);
  }

  onStatus(state: SourceState, detail: string | null): void {
    this.statuses.push({ state, detail });
  }

  messages(): RawMessage[] {
    return this.batches.flat();
  }

  values(): string[] {
    return this.messages().map((m) => new TextDecoder().decode(m.value ?? new Uint8Array()));
  }

  states(): SourceState[] {
    return this.statuses.map((s) => s.state);
  }
}

/** Polls `condition` every 50 ms until it holds or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
