// Wall and CPU time of one timed section. The dev machine is shared (2 cores, many busy processes),
// so wall time mostly measures the neighbours; this thread's CPU time is the steadier figure.
import { loadavg } from 'node:os';

/** Rates of one timed section: items per wall second and per CPU second of this process. */
export interface Timed {
  readonly perWallSecond: number;
  readonly perCpuSecond: number;
}

/** Runs `section` once; `items` is how many things it processed. */
export function timeSection(items: number, section: () => void): Timed {
  const cpu = process.cpuUsage();
  const started = performance.now();
  section();
  const wallSeconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perWallSecond: items / wallSeconds, perCpuSecond: items / ((used.user + used.system) / 1e6) };
}

/** The 1-minute load average, rounded, to put next to results from a shared machine. */
export function loadAverage(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}
