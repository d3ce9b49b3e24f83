/**
 * Thinning a stream frame for one client (issue 17): a client keeps full-resolution rings only for the
 * stations it watches and only the latest value of every other station (src-renderer/data/live-store.ts),
 * so the transports send it exactly that — docs/DESIGN.md "Frames", "Watched stations".
 */
import type { RawColumns, StreamFrame } from './frame';

/**
 * `frame` with every raw row of the `watched` stations and, when `includeOthersLatest`, the newest row per
 * (station, metric) of the others (of equal times the later row), in the frame's order; without it only the
 * others' single newest row, so the client's data time (the newest reading it has seen, which the charts' right
 * edge follows) moves on with every frame as before. Everything but `raw` is the frame's own. The same object
 * when no row would be dropped.
 */
export function thinFrame(frame: StreamFrame, watched: ReadonlySet<string>, includeOthersLatest: boolean): StreamFrame {
  const { station, metric, ts } = frame.raw;
  const isWatched = new Uint8Array(frame.stations.length);
  frame.stations.forEach((id, index) => {
    if (watched.has(id)) isWatched[index] = 1;
  });
  const keep = new Uint8Array(ts.length);
  let kept = 0;
  // (station, metric) → the row of the newest reading so far; numeric keys, since the dictionaries are the frame's.
  const newest = new Map<number, number>();
  const metricCount = frame.metrics.length;
  let newestOther = -1;
  for (let i = 0; i < ts.length; i++) {
    const s = station[i] as number;
    if (isWatched[s] === 1) {
      keep[i] = 1;
      kept++;
    } else if (!includeOthersLatest) {
      if (newestOther < 0 || (ts[i] as number) >= (ts[newestOther] as number)) newestOther = i;
    } else {
      const key = s * metricCount + (metric[i] as number);
      const best = newest.get(key);
      if (best === undefined) kept++;
      else if ((ts[i] as number) >= (ts[best] as number)) keep[best] = 0;
      else continue;
      keep[i] = 1;
      newest.set(key, i);
    }
  }
  if (newestOther >= 0) {
    keep[newestOther] = 1;
    kept++;
  }
  if (kept === ts.length) return frame;
  return { ...frame, raw: keptRows(frame.raw, keep, kept) };
}

/** The rows of `raw` marked in `keep` (`count` of them), as fresh columns of the same types. */
function keptRows(raw: RawColumns, keep: Uint8Array, count: number): RawColumns {
  const station = new Uint32Array(count);
  const metric = new Uint32Array(count);
  const ts = new Float64Array(count);
  const value = new Float64Array(count);
  let at = 0;
  for (let i = 0; i < keep.length; i++) {
    if (keep[i] !== 1) continue;
    station[at] = raw.station[i] as number;
    metric[at] = raw.metric[i] as number;
    ts[at] = raw.ts[i] as number;
    value[at] = raw.value[i] as number;
    at++;
  }
  return { station, metric, ts, value };
}
