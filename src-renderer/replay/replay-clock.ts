/** The replay's clock (issue 19): pure, the wall time is a parameter. */

/** Play speeds the time control offers: 1× to 60× (the issue). */
export const REPLAY_SPEEDS = [1, 5, 10, 30, 60] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

/** How often a playing replay seeks again, wall time. */
export const REPLAY_STEP_MS = 1000;

/**
 * Where a replay playing at `speed` is after `elapsedMs` of wall time, and whether it has caught up with
 * `liveAt` (the live data's clock): a replay never shows the future, it stops at the present.
 */
export function advanceReplay(at: number, speed: number, elapsedMs: number, liveAt: number): { readonly at: number; readonly hasReachedLive: boolean } {
  const next = at + speed * Math.max(0, elapsedMs);
  return next >= liveAt ? { at: liveAt, hasReachedLive: true } : { at: next, hasReachedLive: false };
}
