/** The write-behind: writes in flight behind the pipeline, bounded, reported durable in submit order. */
import { describe, expect, it } from 'vitest';
import { MAX_PENDING_WRITES, StoreWriteFailed, WriteBehind } from './write-behind';

/** A write that ends when `end` is called. */
function heldWrite(): { readonly write: Promise<void>; end(): void; fail(error: Error): void } {
  let end = (): void => undefined;
  let fail = (_error: Error): void => undefined;
  const write = new Promise<void>((resolve, reject) => {
    end = resolve;
    fail = reject;
  });
  return { write, end: () => end(), fail: (error) => fail(error) };
}

const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('WriteBehind', () => {
  it('makes the step past MAX_PENDING_WRITES writes in flight wait for the oldest (backpressure)', async () => {
    const writes = new WriteBehind();
    const held = Array.from({ length: MAX_PENDING_WRITES + 1 }, heldWrite);
    for (const h of held.slice(0, MAX_PENDING_WRITES)) await writes.submit([h.write], 1, () => undefined);
    let submitted = false;
    const blocked = writes.submit([held[MAX_PENDING_WRITES]!.write], 1, () => undefined).then(() => (submitted = true));
    await settled();
    expect(submitted).toBe(false);
    held[0]!.end();
    await blocked;
    expect(submitted).toBe(true);
    expect(writes.pendingRows()).toBe(MAX_PENDING_WRITES);
  });

  it('lets steps without writes pass at once and take no slot, yet reports them durable in order after the writes before them', async () => {
    const writes = new WriteBehind();
    const held = Array.from({ length: MAX_PENDING_WRITES }, heldWrite);
    const order: string[] = [];
    for (const [i, h] of held.entries()) await writes.submit([h.write], 1, () => order.push(`write ${i}`));
    // Ticks: many steps that write nothing, behind writes that have not ended.
    for (let i = 0; i < 2 * MAX_PENDING_WRITES; i++) await writes.submit([], 0, () => order.push(`empty ${i}`));
    // A step that writes still finds its slot free of the empty steps: it waits only for the writes themselves.
    let submitted = false;
    const next = heldWrite();
    const blocked = writes.submit([next.write], 1, () => order.push('write next')).then(() => (submitted = true));
    await settled();
    expect(submitted).toBe(false);
    held[0]!.end();
    await blocked;
    expect(order).toEqual(['write 0']);
    for (const h of held.slice(1)) h.end();
    await settled();
    expect(order.slice(0, MAX_PENDING_WRITES + 2 * MAX_PENDING_WRITES)).toEqual([...held.map((_, i) => `write ${i}`), ...Array.from({ length: 2 * MAX_PENDING_WRITES }, (_, i) => `empty ${i}`)]);
    expect(order).not.toContain('write next');
    next.end();
    await writes.flush();
    expect(order.at(-1)).toBe('write next');
  });

  it('reports nothing durable after a failed write, an empty step included, and fails every later call', async () => {
    const writes = new WriteBehind();
    const failing = heldWrite();
    let durable = 0;
    await writes.submit([failing.write], 1, () => durable++);
    await writes.submit([], 0, () => durable++);
    failing.fail(new Error('refused'));
    await expect(writes.flush()).rejects.toBeInstanceOf(StoreWriteFailed);
    expect(durable).toBe(0);
    await expect(writes.submit([], 0, () => durable++)).rejects.toBeInstanceOf(StoreWriteFailed);
  });

  it('takes an onDurable that throws in a step without writes for a failure, as in a step with writes', async () => {
    const writes = new WriteBehind();
    await writes.submit([], 0, () => {
      throw new RangeError('offset before the tracked range');
    });
    await expect(writes.flush()).rejects.toBeInstanceOf(StoreWriteFailed);
    await expect(writes.submit([], 0, () => undefined)).rejects.toBeInstanceOf(StoreWriteFailed);
  });
});
