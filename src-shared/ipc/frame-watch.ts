/**
 * What one client is sent of each stream frame (issue 17): the whole frame until it names the stations it
 * watches with `stream:watch`; then their raw rows in full and, at most once a second, the newest row per
 * metric of every other station, else only the others' single newest row (thin-frame.ts). One per WebSocket,
 * one per renderer event port.
 */
import type { StreamFrame } from './frame';
import { thinFrame } from './thin-frame';

/** How often a watching client gets the other stations' latest rows (the map and tooltips refresh at 1 Hz). */
export const OTHERS_LATEST_EVERY_MS = 1000;

/** One frame's cut for a client: clients with equal `key`s get the very same frame (the gateway encodes it once). */
export interface FrameCut {
  /** '' for the whole frame; otherwise the watched set and whether the others' latest rows are in. */
  readonly key: string;
  readonly watched: ReadonlySet<string> | null;
  readonly includeOthersLatest: boolean;
}

const WHOLE_FRAME: FrameCut = { key: '', watched: null, includeOthersLatest: true };

/** One client's watched stations and when it last got the others' latest rows (by the frames' clock, `at`). */
export class FrameWatch {
  private watched: ReadonlySet<string> | null = null;
  private watchedKey = '';
  private othersSentAt = Number.NEGATIVE_INFINITY;

  /** Watch exactly these stations from the next frame on; returns how many distinct ones. */
  watch(stationIds: readonly string[]): number {
    const watched = new Set(stationIds);
    this.watched = watched;
    // Station ids hold no control characters (describeInvalidIdentifier), so a newline cannot join two ids into one.
    this.watchedKey = [...watched].sort().join('\n');
    return watched.size;
  }

  /** Which cut of `frame` this client is due; call `delivered` once it was sent (not when dropped). */
  cut(frame: StreamFrame): FrameCut {
    if (this.watched === null) return WHOLE_FRAME;
    const elapsed = frame.at - this.othersSentAt;
    // A frame clock that went back (the engine restarted, the wall clock was set) sends them at once.
    const includeOthersLatest = !(elapsed >= 0 && elapsed < OTHERS_LATEST_EVERY_MS);
    return { key: `${includeOthersLatest ? '+' : '-'}${this.watchedKey}`, watched: this.watched, includeOthersLatest };
  }

  /** `cut` of `frame` reached the client. */
  delivered(cut: FrameCut, frame: StreamFrame): void {
    if (cut.watched !== null && cut.includeOthersLatest) this.othersSentAt = frame.at;
  }

  /** The cut of `frame` for a client that is sent every frame (a renderer's event port), marked delivered. */
  next(frame: StreamFrame): StreamFrame {
    const cut = this.cut(frame);
    this.delivered(cut, frame);
    return cutFrame(frame, cut);
  }
}

/** `frame` as `cut` says. */
export function cutFrame(frame: StreamFrame, cut: FrameCut): StreamFrame {
  return cut.watched === null ? frame : thinFrame(frame, cut.watched, cut.includeOthersLatest);
}
