import { redrawFrameTimings, redrawPhases, redrawTimings, redrawWorkTimings, resetRedrawTimings } from './charts/redraw-loop';
import type { RedrawPhases } from './charts/redraw-loop';
import { summariseTimings } from './charts/redraw-stats';
import type { TimingSummary } from './charts/redraw-stats';
import type { LiveStore } from './data/live-store';
import type { Session } from './data/session';
import { MAX_SELECTED } from './data/session';

/** Raw points of the watched stations' series inside the newest `spanMs` of event time. */
export interface VisiblePoints {
  readonly series: number;
  readonly minPerSeries: number;
  readonly total: number;
}

/** What the renderer benchmark (bench/, via playwright) reads from the page. */
export interface Diagnostics {
  /** Time per redraw of all charts since the last reset. */
  redraw(): TimingSummary;
  /** Start of each redraw frame to the next animation frame: script plus paint, raster and composite. */
  redrawFrame(): TimingSummary;
  /** Start of each redraw frame to the end of its rendering task: script, style, layout, paint and canvas raster. */
  redrawWork(): TimingSummary;
  resetRedraw(): void;
  /** Total ms spent building chart data vs drawing it (and the station-line share of drawing), since the reset. */
  redrawPhases(): RedrawPhases;
  /** Frames received and the selection drawn. */
  frames(): number;
  selected(): readonly string[];
  /** How many raw points the charts' station lines hold in the visible span (the benchmark's load). */
  visiblePoints(spanMs: number): VisiblePoints;
}

declare global {
  interface Window {
    stationwatchDiagnostics?: Diagnostics;
  }
}

/**
 * Apply start-up URL options (`?select=st-01,st-02` preselects chart stations, for wall displays and the
 * benchmark) and expose the diagnostics object. Reads only; nothing here changes engine state.
 */
export function installDiagnostics(win: Window, session: Session): void {
  const select = new URLSearchParams(win.location.search).get('select');
  for (const id of (select ?? '').split(',').filter((s) => s !== '').slice(0, MAX_SELECTED)) session.toggleStation(id);
  win.stationwatchDiagnostics = {
    redraw: () => summariseTimings(redrawTimings()),
    redrawFrame: () => summariseTimings(redrawFrameTimings()),
    redrawWork: () => summariseTimings(redrawWorkTimings()),
    resetRedraw: resetRedrawTimings,
    redrawPhases,
    frames: () => session.live.frames,
    selected: () => session.selection.get(),
    visiblePoints: (spanMs) => countVisiblePoints(session.live, spanMs),
  };
}

/** Count the points each watched (station, metric) ring holds in [newest − span, newest]. */
export function countVisiblePoints(live: LiveStore, spanMs: number): VisiblePoints {
  const to = live.newestTs;
  let series = 0;
  let total = 0;
  let minPerSeries = Number.POSITIVE_INFINITY;
  for (const stationId of live.watched()) {
    for (const metric of live.metrics) {
      const ring = live.stationRing(stationId, metric);
      if (ring === null) continue;
      const n = ring.length - ring.lowerBound(to - spanMs);
      series++;
      total += n;
      minPerSeries = Math.min(minPerSeries, n);
    }
  }
  return { series, minPerSeries: series === 0 ? 0 : minPerSeries, total };
}
