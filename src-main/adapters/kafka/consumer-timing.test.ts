import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchEndedAfter } from './consumer-timing';

/** The part of a kafkajs consumer fetchEndedAfter uses: `events.FETCH` and `on`, which returns the listener's remover. */
function consumerWithFetches(): { consumer: Consumer; fetchEnded: (endedAt: number, duration: number) => void; listeners: () => number } {
  const emitter = new EventEmitter();
  const FETCH = 'consumer.fetch';
  const on = (event: string, listener: (e: unknown) => void): (() => void) => {
    emitter.on(event, listener);
    return () => emitter.off(event, listener);
  };
  const consumer = { events: { FETCH }, on } as unknown as Consumer;
  return {
    consumer,
    fetchEnded: (endedAt, duration) => emitter.emit(FETCH, { id: 1, type: FETCH, timestamp: endedAt, payload: { numberOfBatches: 0, duration, nodeId: '1' } }),
    listeners: () => emitter.listenerCount(FETCH),
  };
}

describe('fetchEndedAfter', () => {
  afterEach(() => void vi.useRealTimers());

  it('resolves when a fetch under way at the given time ends, not for one that began after it, and stops listening', async () => {
    const { consumer, fetchEnded, listeners } = consumerWithFetches();
    let done = false;
    const waited = fetchEndedAfter(consumer, 1_000, 60_000).then(() => void (done = true));
    fetchEnded(1_050, 20); // began at 1,030: after the time given
    await Promise.resolve();
    expect(done).toBe(false);
    fetchEnded(1_100, 100); // began at 1,000: under way then
    await waited;
    expect(done).toBe(true);
    expect(listeners()).toBe(0);
  });

  it('resolves after the deadline when no such fetch ends', async () => {
    vi.useFakeTimers();
    const { consumer, listeners } = consumerWithFetches();
    let done = false;
    void fetchEndedAfter(consumer, 1_000, 5_000).then(() => void (done = true));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(listeners()).toBe(0);
  });
});
