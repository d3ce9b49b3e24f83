/**
 * One requestAnimationFrame loop for every chart: each registered task runs at most once per frame
 * and decides itself whether anything changed (so a chart does at most one setData per frame). The
 * time of every frame in which some chart redrew is kept, for the renderer benchmark.
 */
const tasks = new Set<() => boolean>();
let handle = 0;
const TIMINGS = 4096;
const timings = new Float64Array(TIMINGS);
let timingCount = 0;
/**
 * Start of a redraw frame to the start of the next animation frame: the script time above plus what the
 * browser does after it (style, layout, paint, canvas raster, composite), and at least one vsync. The
 * canvas calls only record; a software canvas is rasterised later, outside the script timing.
 */
const frameTimings = new Float64Array(TIMINGS);
let frameCount = 0;
let redrawStartedAt = Number.NaN;
/**
 * Start of a redraw frame to the end of the task that ran it: the script plus style, layout, paint and
 * the software canvas raster of that frame, without waiting for the next vsync — what the frame cost the
 * main thread. A message posted from the frame callback runs right after that task (the same technique
 * as a requestPostAnimationFrame polyfill).
 */
const workTimings = new Float64Array(TIMINGS);
let workCount = 0;
let workStartedAt = Number.NaN;
let afterFrame: MessagePort | null = null;

function postAfterFrame(started: number): void {
  if (afterFrame === null) {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      if (Number.isNaN(workStartedAt)) return;
      workTimings[workCount++ % TIMINGS] = performance.now() - workStartedAt;
      workStartedAt = Number.NaN;
    };
    afterFrame = channel.port2;
  }
  workStartedAt = started;
  afterFrame.postMessage(null);
}
/** Where redraw time goes (ms, since reset): building the chart data vs drawing it, and of drawing the plot layer. */
const phases = { buildMs: 0, drawMs: 0, plotLayerMs: 0 };

function loop(): void {
  handle = 0;
  const started = performance.now();
  if (!Number.isNaN(redrawStartedAt)) frameTimings[frameCount++ % TIMINGS] = started - redrawStartedAt;
  redrawStartedAt = Number.NaN;
  let redrew = false;
  for (const task of tasks) redrew = task() || redrew;
  if (redrew) {
    timings[timingCount++ % TIMINGS] = performance.now() - started;
    redrawStartedAt = started;
    postAfterFrame(started);
  }
  if (tasks.size > 0) handle = requestAnimationFrame(loop);
}

/** Run `task` every animation frame until the returned function is called; it returns true if it drew. */
export function onAnimationFrame(task: () => boolean): () => void {
  tasks.add(task);
  if (handle === 0) handle = requestAnimationFrame(loop);
  return () => {
    tasks.delete(task);
    if (tasks.size === 0 && handle !== 0) {
      cancelAnimationFrame(handle);
      handle = 0;
    }
  };
}

/** Milliseconds per redraw of all charts, for the newest (up to 4096) frames that redrew. */
export function redrawTimings(): Float64Array {
  return newest(timings, timingCount);
}

/** The newest min(count, TIMINGS) entries of a ring of timings, oldest first. */
function newest(ring: Float64Array, count: number): Float64Array {
  const n = Math.min(count, TIMINGS);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ring[(count - n + i) % TIMINGS] as number;
  return out;
}

/** Milliseconds from each redraw frame's start to the next animation frame (newest up to 4096). */
export function redrawFrameTimings(): Float64Array {
  return newest(frameTimings, frameCount);
}

/** Milliseconds from each redraw frame's start to the end of its rendering task (newest up to 4096). */
export function redrawWorkTimings(): Float64Array {
  return newest(workTimings, workCount);
}

/** Add one chart's split of a redraw: data building and uPlot drawing. */
export function recordRedrawPhases(buildMs: number, drawMs: number): void {
  phases.buildMs += buildMs;
  phases.drawMs += drawMs;
}

/** Add the time one chart spent rasterising and putting its plot layer (grid, band, lines; part of its draw time). */
export function recordPlotLayerMs(ms: number): void {
  phases.plotLayerMs += ms;
}

/** Total build and draw time since the last reset; `plotLayerMs` is the plot layer's share of `drawMs`. */
export function redrawPhases(): RedrawPhases {
  return { ...phases };
}

/** Where redraw time went since the last reset, ms. */
export interface RedrawPhases {
  readonly buildMs: number;
  readonly drawMs: number;
  readonly plotLayerMs: number;
}

/** Forget the recorded timings (start of a measurement). */
export function resetRedrawTimings(): void {
  timingCount = 0;
  frameCount = 0;
  workCount = 0;
  workStartedAt = Number.NaN;
  redrawStartedAt = Number.NaN;
  phases.buildMs = 0;
  phases.drawMs = 0;
  phases.plotLayerMs = 0;
}
