/**
 * Cooperative time slices for the engine's hot loops (docs/DESIGN.md: nothing in the engine blocks its event
 * loop for more than 50 ms). A loop looks at the clock every CLOCK_EVERY items and yields once SLICE_MS
 * have passed since its slice began.
 */

/**
 * The longest the pipeline works before it yields to the event loop. One loop turn can also hold a Kafka
 * fetch decode (~10 ms for 512 KiB), a store write's COPY chunk, a frame (1-5 ms) and a GC pause, so the
 * slice is kept short: with 10 ms slices the longest turn measured 40 ms, with 5 ms 29-35 ms, at the same
 * throughput (200 yields a second cost nothing measurable).
 */
export const SLICE_MS = 5;
/** Messages between two looks at the clock (a look costs ~50 ns; a message ~5-10 µs). */
export const CLOCK_EVERY = 64;
/** Series closed between two looks at the clock when the watermark passes a window boundary. */
export const CLOSE_SERIES_PER_STEP = 100;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Starts a new slice after yielding; returns its start. */
export async function nextSlice(): Promise<number> {
  await yieldToEventLoop();
  return performance.now();
}
