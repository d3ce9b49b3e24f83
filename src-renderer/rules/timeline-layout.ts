import type { BacktestFiring } from '../../src-shared/ipc/contract';
import { dateInZone } from '../time/control-room-time';

const QUARTER_HOUR = 900_000;

/** Geometry of the back-test timeline, in SVG user units. */
export const TIMELINE = { width: 800, labelWidth: 170, rowHeight: 20, axisHeight: 22, maxRows: 12 } as const;

/** One firing placed on its station's row: the marker at x, the bar to x2 (the clearing, or the end). */
export interface PlacedFiring {
  readonly x: number;
  readonly x2: number;
  readonly at: number;
  readonly clearedAt: number | null;
}

export interface TimelineRow {
  readonly stationId: string;
  readonly y: number;
  readonly firings: readonly PlacedFiring[];
}

export interface TimelineLayout {
  readonly rows: readonly TimelineRow[];
  /** Stations with firings that did not fit in maxRows. */
  readonly hiddenStations: number;
  readonly ticks: readonly { readonly x: number; readonly t: number }[];
  readonly height: number;
}

/**
 * Lay out when a rule would have fired: one row per station (the earliest firer first, at most
 * maxRows), time across from `from` to `to`, ticks on whole local hours, spaced to give at most eight
 * intervals. The caller formats the tick times.
 */
export function timelineLayout(firings: readonly BacktestFiring[], from: number, to: number): TimelineLayout {
  const span = Math.max(1, to - from);
  const plot = TIMELINE.width - TIMELINE.labelWidth - 8;
  const xOf = (t: number): number => TIMELINE.labelWidth + (Math.min(to, Math.max(from, t)) - from) / span * plot;
  const byStation = new Map<string, PlacedFiring[]>();
  for (const f of [...firings].sort((a, b) => a.at - b.at)) {
    const list = byStation.get(f.stationId) ?? [];
    list.push({ x: xOf(f.at), x2: xOf(f.clearedAt ?? to), at: f.at, clearedAt: f.clearedAt });
    byStation.set(f.stationId, list);
  }
  const stations = [...byStation.keys()];
  const shown = stations.slice(0, TIMELINE.maxRows);
  const rows = shown.map((stationId, i) => ({ stationId, y: i * TIMELINE.rowHeight + TIMELINE.rowHeight / 2, firings: byStation.get(stationId) ?? [] }));
  const tickHours = [1, 2, 3, 4, 6, 12, 24].find((h) => span / (h * 3_600_000) <= 8) ?? 24;
  const ticks: { x: number; t: number }[] = [];
  // Whole local hours; quarter-hour steps find them in zones offset by :30 or :45 too.
  for (let t = Math.ceil(from / QUARTER_HOUR) * QUARTER_HOUR; t <= to; t += QUARTER_HOUR) {
    const local = dateInZone(t);
    if (local.getMinutes() === 0 && local.getHours() % tickHours === 0) ticks.push({ x: xOf(t), t });
  }
  return { rows, hiddenStations: stations.length - shown.length, ticks, height: rows.length * TIMELINE.rowHeight + TIMELINE.axisHeight };
}
