/**
 * What to do when the window's renderer process dies (webContents 'render-process-gone'): reload it, so
 * the control-room screen comes back on its own — but not in a loop. After `maxCrashes` crashes within
 * `windowMs` the app asks the operator instead (reload or quit), so a page that crashes at once every time
 * does not spin the CPU.
 */

export interface RecoveryPolicy {
  readonly maxCrashes: number;
  readonly windowMs: number;
  /** Pause before an automatic reload, so a crash storm cannot spin. */
  readonly reloadDelayMs: number;
}

export const DEFAULT_RECOVERY: RecoveryPolicy = { maxCrashes: 3, windowMs: 60_000, reloadDelayMs: 1_000 };

/** Reload on its own, ask the operator, or do nothing (the page ended on purpose). */
export type RecoveryDecision = 'reload' | 'ask' | 'none';

/** Remembers recent crashes and decides. */
export class RendererRecovery {
  private crashes: number[] = [];

  constructor(private readonly policy: RecoveryPolicy = DEFAULT_RECOVERY) {}

  get reloadDelayMs(): number {
    return this.policy.reloadDelayMs;
  }

  /** A renderer ended for `reason` (Electron's RenderProcessGoneDetails.reason) at `now`. */
  onGone(reason: string, now: number): RecoveryDecision {
    if (reason === 'clean-exit') return 'none';
    this.crashes = [...this.crashes.filter((at) => now - at < this.policy.windowMs), now];
    return this.crashes.length >= this.policy.maxCrashes ? 'ask' : 'reload';
  }

  /** The operator chose to reload: start counting afresh. */
  reset(): void {
    this.crashes = [];
  }
}
