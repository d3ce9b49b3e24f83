import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetrySleep } from './retry-sleep';

describe('RetrySleep', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** How long wait() sleeps, in fake milliseconds. */
  async function sleptMs(sleep: RetrySleep): Promise<number> {
    const started = Date.now();
    let done = false;
    const waiting = sleep.wait().then(() => (done = true));
    while (!done) await vi.advanceTimersByTimeAsync(1);
    await waiting;
    return Date.now() - started;
  }

  it('sleeps the backoff delays, jittered by the injected random source, and starts over after reset', async () => {
    const sleep = new RetrySleep({ initialMs: 100, maxMs: 400 }, () => 0.5);
    expect([await sleptMs(sleep), await sleptMs(sleep), await sleptMs(sleep), await sleptMs(sleep)]).toEqual([100, 200, 400, 400]);
    sleep.reset();
    expect(await sleptMs(sleep)).toBe(100);
  });

  it('cancel() ends a pending wait at once', async () => {
    const sleep = new RetrySleep({ initialMs: 60_000, maxMs: 60_000 });
    let done = false;
    const waiting = sleep.wait().then(() => (done = true));
    sleep.cancel();
    await waiting;
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
