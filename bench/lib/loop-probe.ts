// Event-loop blocking of this process while a section runs: perf_hooks' delay histogram (10 ms
// resolution timer; a block of B ms shows up as a delay of about B ms) plus peak RSS sampled alongside.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopReport {
  readonly maxBlockMs: number;
  readonly p99BlockMs: number;
  readonly meanDelayMs: number;
  readonly peakRssMb: number;
}

export interface LoopProbe {
  stop(): LoopReport;
}

/** Starts watching; stop() (idempotent) returns the longest delay, the p99 and the peak RSS seen. */
export function startLoopProbe(rssEveryMs = 50): LoopProbe {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, rssEveryMs);
  let report: LoopReport | null = null;
  return {
    stop() {
      if (report !== null) return report;
      clearInterval(timer);
      histogram.disable();
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      report = {
        maxBlockMs: histogram.max / 1e6,
        p99BlockMs: histogram.percentile(99) / 1e6,
        meanDelayMs: histogram.mean / 1e6,
        peakRssMb: peakRss / 1_048_576,
      };
      return report;
    },
  };
}
