/** The wall clock replay paces against; tests inject one that moves only when told. */
export interface ReplayClock {
  /** Wall time, epoch ms. */
  now(): number;
  /** Resolves after `ms` wall ms; 0 = let other events run first (a macrotask turn). */
  sleep(ms: number): Promise<void>;
}

/** Date.now and timers. */
export const systemClock: ReplayClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve))),
};
