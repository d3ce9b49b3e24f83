// renderer.*: the built renderer in Debian's Chromium (1920×1080, software canvas, --disable-gpu) against
// headless mode, the engine in a child process running the simulator with a memory store.
// - renderer.redraw.p95Ms (+ median): main-thread time of one animation frame in which the live charts
//   redrew, from window.stationwatchDiagnostics (charts/redraw-loop.ts: frame callback start → end of its
//   rendering task, i.e. script plus paint and software canvas raster; the script part is timed apart). Load: 24 simulated stations at 2 readings/s each, 10x speed, 20 selected via ?select=,
//   ?span=300000 (5 min) → 20 stations × 600 raw points in view per chart, 9 charts (≈108,000 points) plus
//   the city mean/min/max band. At 10x event time moves 1 s per 100 ms frame, more than a pixel, so every
//   10 Hz frame redraws (the worst case of redraw-policy.ts). Where the time goes: build (rings → the
//   city's pixel-grid columns and the stations' per-slot lines) vs draw (uPlot setData: scales and axes, the
//   plot layer rasterising grid, band, station lines and city mean, itself reported apart, and the alarm
//   levels), and a baseline with no station selected.
// - renderer.heapMb: used JS heap (CDP Performance.getMetrics JSHeapUsedSize, after a forced GC) at the end
//   of a run at 1,000 stations × 1 reading/s (live speed) with 20 selected, sampled every 30 s; slope per
//   minute over the samples after the first minute shows whether it is bounded.
import { loadavg } from 'node:os';
import type { CDPSession, Page } from 'playwright-core';
import { ensureRendererBuilt, slope, startRendererRig, usedHeapMb } from '../lib/renderer-browser';
import type { RendererRig } from '../lib/renderer-browser';
import type { BenchOptions, BenchResult } from '../types';
// The page's global `window.stationwatchDiagnostics` (type only; the page code runs in Chromium).
import type {} from '../../src-renderer/diagnostics';

const SPAN_MS = 300_000;
const SELECTED = 20;
const POINTS_PER_SERIES = 600;
const REDRAW_LOAD = { stations: 24, ratePerStation: 2, speed: 10 } as const;
const HEAP_LOAD = { stations: 1000, ratePerStation: 1, speed: 1 } as const;
const HEAP_SAMPLE_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round2 = (x: number): number => Math.round(x * 100) / 100;
const load = (): number[] => loadavg().map(round2);

/** The simulator's ids `st-01`… padded to the width of the station count. */
function stationIds(count: number, total: number): string[] {
  const width = Math.max(2, String(total).length);
  return Array.from({ length: count }, (_, i) => `st-${String(i + 1).padStart(width, '0')}`);
}

async function until(page: Page, what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`renderer bench: ${what} not reached within ${timeoutMs / 1000} s`);
    await page.waitForTimeout(1000);
  }
}

/** Main-thread time by kind over a window (CDP Performance.getMetrics, seconds → ms). */
const MAIN_THREAD = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'] as const;

async function mainThreadMs(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const out: Record<string, number> = {};
  for (const name of MAIN_THREAD) out[name] = (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
  return out;
}

interface RedrawWindow {
  readonly frame: { readonly median: number; readonly p95: number; readonly max: number };
  readonly work: { readonly median: number; readonly p95: number; readonly max: number; readonly count: number };
  readonly mainThreadMsPerSec: Record<string, number>;
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
  readonly buildMsPerRedraw: number;
  readonly drawMsPerRedraw: number;
  readonly plotLayerMsPerRedraw: number;
  readonly redrawsPerSec: number;
  readonly framesPerSec: number;
  readonly plotPointsPerChart: number[];
}

/** Reset the page's redraw timings, wait `seconds`, read them back. */
async function measureRedraws(page: Page, cdp: CDPSession, seconds: number): Promise<RedrawWindow> {
  const main0 = await mainThreadMs(cdp);
  const frames0 = await page.evaluate(() => {
    window.stationwatchDiagnostics!.resetRedraw();
    return window.stationwatchDiagnostics!.frames();
  });
  const started = Date.now();
  await sleep(seconds * 1000);
  const out = await page.evaluate(() => {
    const d = window.stationwatchDiagnostics!;
    const slots = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="chart-grid"] .chart-plot'), (el) => Number(el.dataset.points));
    return { summary: d.redraw(), frame: d.redrawFrame(), work: d.redrawWork(), phases: d.redrawPhases(), frames: d.frames(), slots };
  });
  const elapsed = (Date.now() - started) / 1000;
  const main1 = await mainThreadMs(cdp);
  const mainThreadMsPerSec: Record<string, number> = {};
  for (const name of MAIN_THREAD) mainThreadMsPerSec[name] = round2((main1[name]! - main0[name]!) / elapsed);
  // Task time that is not script, layout or style: mostly paint, canvas raster and compositing.
  mainThreadMsPerSec.otherThanScriptLayoutStyle = round2(mainThreadMsPerSec.TaskDuration! - mainThreadMsPerSec.ScriptDuration! - mainThreadMsPerSec.LayoutDuration! - mainThreadMsPerSec.RecalcStyleDuration!);
  const n = Math.max(1, out.summary.count);
  return {
    frame: { median: round2(out.frame.median), p95: round2(out.frame.p95), max: round2(out.frame.max) },
    work: { median: round2(out.work.median), p95: round2(out.work.p95), max: round2(out.work.max), count: out.work.count },
    mainThreadMsPerSec,
    count: out.summary.count,
    mean: round2(out.summary.mean),
    median: round2(out.summary.median),
    p95: round2(out.summary.p95),
    max: round2(out.summary.max),
    buildMsPerRedraw: round2(out.phases.buildMs / n),
    drawMsPerRedraw: round2(out.phases.drawMs / n),
    plotLayerMsPerRedraw: round2(out.phases.plotLayerMs / n),
    redrawsPerSec: round2(out.summary.count / elapsed),
    framesPerSec: round2((out.frames - frames0) / elapsed),
    plotPointsPerChart: out.slots,
  };
}

async function redrawBench(rig: RendererRig, quick: boolean): Promise<BenchResult> {
  const ids = stationIds(SELECTED, REDRAW_LOAD.stations);
  const loaded = await rig.open(`/?select=${ids.join(',')}&span=${SPAN_MS}`);
  const { page } = loaded;
  const visible = () => page.evaluate((span) => window.stationwatchDiagnostics!.visiblePoints(span), SPAN_MS);
  // 600 points need 300 s of event time at 2/s: 30 s at 10x.
  await until(page, `${POINTS_PER_SERIES - 5} points per selected series`, 120_000, async () => (await visible()).minPerSeries >= POINTS_PER_SERIES - 5);
  const charts = await page.locator('[data-testid="chart-grid"] .chart').count();
  const loadBefore = load();
  const full = await measureRedraws(page, loaded.cdp, quick ? 15 : 60);
  const loadAfter = load();
  const points = await visible();
  const errors = [...loaded.errors];
  await page.context().close();

  // Baseline: the same charts with no station selected (city band, axes, threshold lines only).
  const bare = await rig.open(`/?span=${SPAN_MS}`);
  await bare.page.waitForTimeout(5000);
  const baseline = await measureRedraws(bare.page, bare.cdp, quick ? 8 : 20);
  errors.push(...bare.errors);
  await bare.page.context().close();

  return {
    median: full.work.median,
    p95: full.work.p95,
    unit: 'ms',
    runs: full.work.count,
    target: '<= 16 (p95)',
    note: 'median/p95: main-thread time of a frame that redrew all charts, from its animation-frame callback to the end of its rendering task: script (build + uPlot setData + station-line raster) plus style, layout, paint and the software canvas raster (window.stationwatchDiagnostics.redrawWork). scriptMs: the script part alone. redrawFrameMs: frame start to the next animation frame, which also waits for vsync (>= 16.7 ms)',
    maxMs: full.work.max,
    scriptMs: { median: full.median, p95: full.p95, max: full.max, count: full.count },
    redrawFrameMs: full.frame,
    mainThreadMsPerSec: full.mainThreadMsPerSec,
    charts,
    visiblePoints: points,
    where: {
      buildMsPerRedraw: full.buildMsPerRedraw,
      drawMsPerRedraw: full.drawMsPerRedraw,
      plotLayerMsPerRedraw: full.plotLayerMsPerRedraw,
      meanMsPerRedraw: full.mean,
      otherMsPerRedraw: round2(full.mean - full.buildMsPerRedraw - full.drawMsPerRedraw),
      note: 'build = rings → the city\'s pixel-grid columns + the stations\' per-slot lines, all charts; draw = uPlot setData for all charts: scales and axes, the plot layer (a draw hook that rasterises grid, city band, station lines and city mean into the chart\'s pixels and puts them on its canvas; plotLayer, part of draw), then the alarm levels; the canvas calls for the axes and alarm levels only record, their software raster comes after the script (in the work time, not here); other = mean redraw minus build and draw (redraw policy, city value label and data attributes at most every 250 ms, loop)',
      baselineNoStations: baseline,
    },
    redrawsPerSec: full.redrawsPerSec,
    framesPerSec: full.framesPerSec,
    plotPointsPerChart: full.plotPointsPerChart,
    plotPointsNote: 'per chart: city slots + station line points (one per pixel-sized slot per station, plus gap breaks)',
    consoleErrors: errors.length,
    loadAverage: { before: loadBefore, after: loadAfter },
    settings: { ...REDRAW_LOAD, selected: SELECTED, spanMs: SPAN_MS, viewport: '1920x1080', chromium: '/usr/bin/chromium --disable-gpu (software canvas)', measureSec: quick ? 15 : 60, quick },
  };
}

interface HeapSample {
  readonly minute: number;
  readonly usedMb: number;
  readonly afterGcMb: number;
}

async function sampleHeap(cdp: CDPSession, startedAt: number): Promise<HeapSample> {
  const usedMb = await usedHeapMb(cdp, false);
  const afterGcMb = await usedHeapMb(cdp, true);
  return { minute: round2((Date.now() - startedAt) / 60_000), usedMb: round2(usedMb), afterGcMb: round2(afterGcMb) };
}

function heapMinutes(quick: boolean): number {
  const asked = Number(process.env.BENCH_RENDERER_HEAP_MINUTES);
  if (asked > 0) return asked;
  return quick ? 1.5 : 10;
}

async function heapBench(rig: RendererRig, quick: boolean): Promise<BenchResult> {
  const minutes = heapMinutes(quick);
  const ids = stationIds(SELECTED, HEAP_LOAD.stations);
  const loaded = await rig.open(`/?select=${ids.join(',')}`);
  const { page, cdp } = loaded;
  await until(page, 'first frames', 60_000, () => page.evaluate(() => window.stationwatchDiagnostics!.frames() > 10));
  const startedAt = Date.now();
  const samples: HeapSample[] = [await sampleHeap(cdp, startedAt)];
  const loadBefore = load();
  const endAt = startedAt + minutes * 60_000;
  while (Date.now() < endAt) {
    await sleep(Math.min(HEAP_SAMPLE_MS, Math.max(0, endAt - Date.now())));
    samples.push(await sampleHeap(cdp, startedAt));
  }
  const stations = await page.evaluate(() => document.querySelectorAll('[data-testid^="station-marker-"]').length);
  const frames = await page.evaluate(() => window.stationwatchDiagnostics!.frames());
  const last = samples[samples.length - 1]!;
  const settled = samples.filter((s) => s.minute >= 1);
  const slopeOf = (pick: (s: HeapSample) => number): number => round2(slope(settled.map((s) => s.minute), settled.map(pick)));
  return {
    median: last.afterGcMb,
    unit: 'MiB',
    runs: 1,
    minutes,
    usedBeforeGcMb: last.usedMb,
    peakUsedMb: Math.max(...samples.map((s) => s.usedMb)),
    slopeAfterGcMbPerMin: slopeOf((s) => s.afterGcMb),
    slopeUsedMbPerMin: slopeOf((s) => s.usedMb),
    samples,
    markers: stations,
    frames,
    consoleErrors: loaded.errors.length,
    note: 'median = used JS heap after a forced GC at the end; samples every 30 s (used, then after GC); slopes over samples from minute 1 on',
    loadAverage: { before: loadBefore, after: load() },
    settings: { ...HEAP_LOAD, selected: SELECTED, spanMs: SPAN_MS, quick },
  };
}

/** Runs the renderer benchmarks in Chromium against headless mode. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  ensureRendererBuilt();
  const results: Record<string, BenchResult> = {};
  const redrawRig = await startRendererRig(REDRAW_LOAD);
  try {
    results['renderer.redraw.p95Ms'] = await redrawBench(redrawRig, options.quick);
  } finally {
    await redrawRig.close();
  }
  const heapRig = await startRendererRig(HEAP_LOAD);
  try {
    results['renderer.heapMb'] = await heapBench(heapRig, options.quick);
  } finally {
    await heapRig.close();
  }
  return results;
}
