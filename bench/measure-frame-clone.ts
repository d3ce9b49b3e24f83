/**
 * What copying a frame costs on its way to the renderer: structured clone (what MessagePort and
 * webContents.postMessage do) of a columnar StreamFrame with 9,000 window rows, against the same rows
 * as an array of objects. Run: `npx tsx bench/measure-frame-clone.ts`. Plain Node stands in
 * for Electron here (same V8 serializer); contextBridge's own copy cannot be measured without Electron.
 */
import { MessageChannel } from 'node:worker_threads';
import type { StreamFrame } from '../src-shared/ipc/frame';

const ROWS = 9_000;
const RUNS = 200;

function columnarFrame(): StreamFrame {
  const f64 = (seed: number) => Float64Array.from({ length: ROWS }, (_, i) => seed + i * 0.5);
  const u32 = (mod: number) => Uint32Array.from({ length: ROWS }, (_, i) => i % mod);
  const empty = { station: new Uint32Array(0), metric: new Uint32Array(0), ts: new Float64Array(0), value: new Float64Array(0) };
  return {
    seq: 1, at: Date.now(), stations: Array.from({ length: 1000 }, (_, i) => `st-${i}`), metrics: ['temperature', 'humidity', 'pressure', 'air_quality', 'particulate_matter', 'noise_level', 'illuminance', 'wind_speed', 'rainfall'],
    raw: empty,
    windows: { station: u32(1000), metric: u32(9), sizeMs: f64(10_000), start: f64(1.7e12), count: f64(10), mean: f64(20), min: f64(15), max: f64(25), stddev: f64(1), p95: f64(24) },
    city: { metric: new Uint32Array(0), start: new Float64Array(0), count: new Float64Array(0), mean: new Float64Array(0), min: new Float64Array(0), max: new Float64Array(0) },
    readingsPerSec: 9000, watermark: null,
  };
}

function objectRows(frame: StreamFrame): object[] {
  const w = frame.windows;
  return Array.from({ length: ROWS }, (_, i) => ({ station: frame.stations[w.station[i]!], metric: frame.metrics[w.metric[i]!], sizeMs: w.sizeMs[i], start: w.start[i], count: w.count[i], mean: w.mean[i], min: w.min[i], max: w.max[i], stddev: w.stddev[i], p95: w.p95[i] }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timeClone(value: unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    structuredClone(value);
    times.push(performance.now() - start);
  }
  return median(times);
}

async function timePort(value: unknown): Promise<number> {
  const { port1, port2 } = new MessageChannel();
  const times: number[] = [];
  for (let i = 0; i < RUNS / 4; i++) {
    const start = performance.now();
    const received = new Promise((resolve) => port2.once('message', resolve));
    port1.postMessage(value);
    await received;
    times.push(performance.now() - start);
  }
  port1.close();
  return median(times);
}

const frame = columnarFrame();
const rows = objectRows(frame);
const results = {
  rows: ROWS,
  columnarCloneMs: timeClone(frame),
  objectsCloneMs: timeClone(rows),
  columnarPortMs: await timePort(frame),
  objectsPortMs: await timePort(rows),
};
console.log(JSON.stringify({ node: process.version, ...Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(v * 1000) / 1000])) }, null, 2));
