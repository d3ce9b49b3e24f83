/** Waiting on a kafkajs consumer, with a deadline (the Kafka source's group-join check and out-of-range reset). */
import type { Consumer } from 'kafkajs';
import { within } from '../../core/late-progress-guard';

/**
 * Resolves when a fetch of `consumer` that was under way at `at` (Date.now's clock, as kafkajs's) has ended, or
 * after `ms`. kafkajs recovers from an out-of-range offset (its reset commit included) inside that fetch.
 */
export function fetchEndedAfter(consumer: Consumer, at: number, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      stopListening();
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    const stopListening = consumer.on(consumer.events.FETCH, (e) => {
      if (e.timestamp - e.payload.duration <= at) done();
    });
  });
}

/** Resolves when `work` settles or after `ms`, whichever comes first; never rejects. */
export function settleWithin(work: Promise<void>, ms: number): Promise<void> {
  return within(work, ms).then(
    () => undefined,
    () => undefined,
  );
}
