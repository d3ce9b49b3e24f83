import { redrawPhases, redrawTimings, resetRedrawTimings } from './charts/redraw-loop';
import { summariseTimings } from './charts/redraw-stats';
import type { TimingSummary } from './charts/redraw-stats';
import type { Session } from './data/session';
import { MAX_SELECTED } from './data/session';

/** What the renderer benchmark (bench/, via playwright) reads from the page. */
export interface Diagnostics {
  /** Time per redraw of all charts since the last reset. */
  redraw(): TimingSummary;
  resetRedraw(): void;
  /** Total ms spent building chart data vs drawing it, since the reset. */
  redrawPhases(): { readonly buildMs: number; readonly drawMs: number };
  /** Frames received and the selection drawn. */
  frames(): number;
  selected(): readonly string[];
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
    resetRedraw: resetRedrawTimings,
    redrawPhases,
    frames: () => session.live.frames,
    selected: () => session.selection.get(),
  };
}
