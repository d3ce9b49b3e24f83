import type { StreamFrame } from '../../src-shared/ipc/frame';

/** One raw row for buildFrame. */
export interface RawRow {
  readonly station: string;
  readonly metric: string;
  readonly ts: number;
  readonly value: number;
}

/** One window row (closed, or the open city window when station is omitted) for buildFrame. */
export interface WindowRow {
  readonly station?: string;
  readonly metric: string;
  readonly sizeMs?: number;
  readonly start: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly count?: number;
  /** City percentiles; NaN when omitted (an engine that sends none). */
  readonly p5?: number;
  readonly p95?: number;
}

/** Build a columnar frame with its dictionaries from readable rows (tests and the renderer benchmark). */
export function buildFrame(raw: readonly RawRow[], city: readonly WindowRow[] = [], windows: readonly WindowRow[] = [], seq = 1): StreamFrame {
  const stations: string[] = [];
  const metrics: string[] = [];
  const s = (id: string): number => (stations.includes(id) ? stations.indexOf(id) : stations.push(id) - 1);
  const m = (id: string): number => (metrics.includes(id) ? metrics.indexOf(id) : metrics.push(id) - 1);
  const f64 = <T,>(rows: readonly T[], pick: (r: T) => number): Float64Array => Float64Array.from(rows, pick);
  return {
    seq,
    at: 0,
    stations,
    metrics,
    raw: { station: Uint32Array.from(raw, (r) => s(r.station)), metric: Uint32Array.from(raw, (r) => m(r.metric)), ts: f64(raw, (r) => r.ts), value: f64(raw, (r) => r.value) },
    windows: {
      station: Uint32Array.from(windows, (r) => s(r.station ?? '*')),
      metric: Uint32Array.from(windows, (r) => m(r.metric)),
      sizeMs: f64(windows, (r) => r.sizeMs ?? 10_000),
      start: f64(windows, (r) => r.start),
      count: f64(windows, (r) => r.count ?? 1),
      mean: f64(windows, (r) => r.mean),
      min: f64(windows, (r) => r.min),
      max: f64(windows, (r) => r.max),
      stddev: f64(windows, () => 0),
      p95: f64(windows, (r) => r.p95 ?? r.max),
      p5: f64(windows, (r) => r.p5 ?? Number.NaN),
    },
    city: { metric: Uint32Array.from(city, (r) => m(r.metric)), start: f64(city, (r) => r.start), count: f64(city, (r) => r.count ?? 1), mean: f64(city, (r) => r.mean), min: f64(city, (r) => r.min), max: f64(city, (r) => r.max), p5: f64(city, (r) => r.p5 ?? Number.NaN), p95: f64(city, (r) => r.p95 ?? Number.NaN) },
    readingsPerSec: raw.length,
    watermark: raw.length > 0 ? Math.max(...raw.map((r) => r.ts)) : null,
  };
}
